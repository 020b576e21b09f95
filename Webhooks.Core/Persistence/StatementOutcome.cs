namespace Webhooks.Core.Persistence;

/// <summary>What one statement of a <see cref="StatementBatch"/> did.</summary>
/// <param name="Changes">Rows it inserted, updated or deleted (on a server database: the rows its RETURNING gave).</param>
/// <param name="Value">
/// The first column of the first row it returned; or, on SQLite, for an INSERT without RETURNING that
/// wrote a row, that row's rowid. Null when there is neither.
/// </param>
public readonly record struct StatementOutcome(int Changes, object? Value);
