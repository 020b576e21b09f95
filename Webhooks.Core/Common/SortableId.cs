using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Webhooks.Core.Common;

/// <summary>
/// Prefixed, time-sortable identifiers (<c>evt_01J…</c>): 48 bits of milliseconds then 80 random
/// bits in Crockford base32, so ids sort by creation time in the database and in logs.
/// </summary>
public static class SortableId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(string prefix, DateTimeOffset? at = null)
    {
        var ms = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds();
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(ms & 0xFF);
            ms >>= 8;
        }
        RandomNumberGenerator.Fill(bytes[6..]);

        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        Span<char> chars = stackalloc char[26];
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return prefix + "_" + new string(chars);
    }
}
