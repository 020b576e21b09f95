using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Webhooks.Core.Common;

/// <summary>
/// Prefixed, time-sortable identifiers (<c>evt_01J…</c>): 48 bits of milliseconds then 80 random
/// bits in Crockford base32, so ids sort by creation time in the database and in logs. Within one
/// millisecond of one process they sort in the order they were made: the random part of the
/// previous id plus one, as ULID's monotonic variant does, so a grid's newest-first order (creation
/// time to the millisecond, then id) holds for events published in the same millisecond.
/// </summary>
public static class SortableId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly Lock Gate = new();
    private static long _lastMs = -1;
    private static UInt128 _last;

    public static string New(string prefix, DateTimeOffset? at = null)
    {
        var ms = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds();
        var value = Next(ms);
        Span<char> chars = stackalloc char[26];
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return prefix + "_" + new string(chars);
    }

    /// <summary>The 128 bits of the next id made at <paramref name="ms"/>.</summary>
    private static UInt128 Next(long ms)
    {
        lock (Gate)
        {
            // Eighty random bits leave no room to run out of within a millisecond.
            if (ms == _lastMs)
                return ++_last;
            Span<byte> bytes = stackalloc byte[16];
            var time = ms;
            for (var i = 5; i >= 0; i--)
            {
                bytes[i] = (byte)(time & 0xFF);
                time >>= 8;
            }
            RandomNumberGenerator.Fill(bytes[6..]);
            (_lastMs, _last) = (ms, BinaryPrimitives.ReadUInt128BigEndian(bytes));
            return _last;
        }
    }
}
