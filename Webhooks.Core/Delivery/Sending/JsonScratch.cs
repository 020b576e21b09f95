using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Webhooks.Core.Delivery.Sending;

/// <summary>
/// A JSON writer and its buffer, kept per thread for the small documents every attempt writes
/// (its body, its recorded request and response headers). A new writer per document grew a buffer
/// of its own each time, and one over a stream sized it for three bytes per character of the raw
/// event data: a quarter of the dispatcher's allocations (bench, one endpoint, GC allocation ticks).
/// Used synchronously through the <see cref="Lease"/> <see cref="Rent"/> returns; a nested rent on
/// the same thread gets a scratch of its own.
/// </summary>
internal sealed class JsonScratch
{
    // A large payload's buffer is let go instead of being kept by the thread for good.
    private const int KeepAtMost = 64 * 1024;

    // Text that is not valid UTF-16 (a lone surrogate) fails, as the writer's own transcoding did,
    // instead of going out with replacement characters.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic]
    private static JsonScratch? t_cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;
    // Which lease holds the scratch: a lease disposed twice, or kept past its dispose, is not it.
    private int _lease;

    private JsonScratch() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>This thread's scratch, emptied; dispose the lease to give it back.</summary>
    public static Lease Rent()
    {
        var scratch = t_cached ?? new JsonScratch();
        t_cached = null;
        scratch._buffer.ResetWrittenCount();
        scratch._writer.Reset(scratch._buffer);
        return new Lease(scratch, ++scratch._lease);
    }

    /// <summary>The scratch while it is rented; every member throws once the lease is disposed.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly JsonScratch _scratch;
        private readonly int _lease;

        internal Lease(JsonScratch scratch, int lease) => (_scratch, _lease) = (scratch, lease);

        /// <summary>Writes into the scratch's buffer.</summary>
        public Utf8JsonWriter Writer => Held._writer;

        /// <summary>What was written, flushed; valid until the lease is disposed.</summary>
        public ReadOnlySpan<byte> Written
        {
            get
            {
                var scratch = Held;
                scratch._writer.Flush();
                return scratch._buffer.WrittenSpan;
            }
        }

        /// <summary>
        /// Writes <paramref name="json"/>, already valid compact JSON, as the next value, transcoded
        /// through a pooled array: the writer's own transcoding reserves three bytes per character.
        /// </summary>
        public void WriteRawValue(string json)
        {
            var writer = Held._writer;
            var rented = ArrayPool<byte>.Shared.Rent(Strict.GetMaxByteCount(json.Length));
            try
            {
                var length = Strict.GetBytes(json, rented);
                writer.WriteRawValue(rented.AsSpan(0, length), skipInputValidation: true);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        /// <summary>Gives the scratch back to this thread; a second dispose does nothing.</summary>
        public void Dispose()
        {
            if (_scratch is null || _scratch._lease != _lease)
                return;
            _scratch._lease++;
            if (_scratch._buffer.Capacity <= KeepAtMost)
                t_cached = _scratch;
        }

        private JsonScratch Held => _scratch is not null && _scratch._lease == _lease ? _scratch : throw new ObjectDisposedException(nameof(JsonScratch));
    }
}
