using System.Text;

namespace Webhooks.Core.Events;

/// <summary>A published event; fanned out into one <see cref="Delivery.Delivery"/> per subscribed endpoint.</summary>
public class Event
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    private string? _data = "{}";
    private byte[]? _dataUtf8;

    /// <summary>The <c>data</c> object as published, JSON text.</summary>
    public string Data
    {
        get => _data ??= Encoding.UTF8.GetString(_dataUtf8!);
        set => (_data, _dataUtf8) = (value, null);
    }

    /// <summary>
    /// <see cref="Data"/> as SQLite stores it, valid UTF-8, when the dispatcher's load read it so;
    /// otherwise null. The body is written from these bytes as they are: decoded to a string and
    /// encoded back, 1 KB of data cost two passes and 2 KB of string per delivery. <see cref="Data"/>
    /// decodes them only if something reads it.
    /// </summary>
    internal byte[]? DataUtf8
    {
        get => _dataUtf8;
        init => (_data, _dataUtf8) = (null, value);
    }
    /// <summary>The <c>metadata</c> object as published, JSON text; null when none was given.</summary>
    public string? Metadata { get; set; }
    public DateTime OccurredAt { get; set; }
    public string? IdempotencyKey { get; set; }
}
