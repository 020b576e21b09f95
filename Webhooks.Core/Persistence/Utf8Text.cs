using System.Text;

namespace Webhooks.Core.Persistence;

/// <summary>
/// A statement value that is text already encoded as UTF-8 (a <see cref="StatementBatch"/> value):
/// SQLite binds the bytes as they are, instead of a string encoded back into them.
/// </summary>
public sealed class Utf8Text(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;

    public override string ToString() => Encoding.UTF8.GetString(Bytes);
}
