namespace Webhooks.Core.Common;

/// <summary>Someone else changed the row between read and write; the caller should reload.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
