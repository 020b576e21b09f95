using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Webhooks.Core.Persistence;

/// <summary>
/// Hot writes (publish, settle) run together inside one transaction. On a server database
/// (PostgreSQL) they go in one round trip (<see cref="DbBatch"/>): a round trip per statement was
/// most of a settle's and a publish's CPU there (bench profile: Npgsql's socket reads and writes,
/// two per delivery). SQLite has no round trips and no batches: each distinct statement is prepared
/// once and run in order (<see cref="SqliteStatements"/>). Parameters are positional (<c>@p0</c>,
/// <c>@p1</c>, ...): the values given to <see cref="Add"/>, in order.
/// </summary>
public sealed class StatementBatch(DbConnection connection, DbTransaction transaction)
{
    private readonly List<(string Sql, object?[] Values)> _statements = [];
    private readonly SqliteStatements? _prepared;

    /// <summary>A batch on <paramref name="held"/>'s connection: on SQLite its statements stay prepared from one batch to the next.</summary>
    public StatementBatch(HeldConnection held, DbTransaction transaction)
        : this(held.Database.GetDbConnection(), transaction) => _prepared = held.Statements;

    public void Add(string sql, params object?[] values) => _statements.Add((sql, values));

    /// <summary>Runs what was added, in order, and empties the batch.</summary>
    public async Task ExecuteAsync(CancellationToken ct)
    {
        if (_statements.Count == 0)
            return;
        if (connection.CanCreateBatch)
        {
            await using var batch = CreateBatch();
            await batch.ExecuteNonQueryAsync(ct);
        }
        else
        {
            RunOnSqlite(null);
        }
        _statements.Clear();
    }

    /// <summary>
    /// True where a statement's outcome comes back only as rows (a server database, whose batch is
    /// one round trip): each statement given to <see cref="RunAsync"/> then needs a RETURNING clause.
    /// SQLite reports what a statement did without one, and there RETURNING only costs: it runs as a
    /// second pass through a temporary table. The settle's two statements cost 26.2 µs of CPU per
    /// delivery with it and 20.5 without (bench, 64 endpoints, two alternated runs).
    /// </summary>
    public bool NeedsReturning => connection.CanCreateBatch;

    /// <summary>
    /// Runs what was added, in order, empties the batch and returns what each statement did, in the
    /// same order. Where <see cref="NeedsReturning"/>, every statement must return rows, possibly none:
    /// that is what tells one statement's results from the next in a batch.
    /// </summary>
    public async Task<IReadOnlyList<StatementOutcome>> RunAsync(CancellationToken ct)
    {
        var outcomes = new List<StatementOutcome>(_statements.Count);
        if (_statements.Count == 0)
            return outcomes;
        if (connection.CanCreateBatch)
        {
            await using var batch = CreateBatch();
            await using var reader = await batch.ExecuteReaderAsync(ct);
            do
                outcomes.Add(await OutcomeAsync(reader, ct));
            while (await reader.NextResultAsync(ct));
        }
        else
        {
            RunOnSqlite(outcomes);
        }
        if (outcomes.Count != _statements.Count)
            throw new InvalidOperationException($"{_statements.Count} statements returned {outcomes.Count} results: each must return rows (RETURNING).");
        _statements.Clear();
        return outcomes;
    }

    private DbBatch CreateBatch()
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var (sql, values) in _statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                parameter.Value = values[i] switch
                {
                    null => DBNull.Value,
                    Utf8Text text => text.ToString(),
                    var value => value,
                };
                command.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    /// <summary>SQLite, which has no batches: the statements one by one, each prepared once (<see cref="SqliteStatements"/>).</summary>
    private void RunOnSqlite(List<StatementOutcome>? outcomes)
    {
        var statements = _prepared ?? new SqliteStatements(connection as SqliteConnection
            ?? throw new NotSupportedException($"{connection.GetType().Name} runs no batches, and only SQLite runs statements one by one here."));
        try
        {
            foreach (var (sql, values) in _statements)
            {
                var outcome = statements.Run(sql, values, null);
                outcomes?.Add(outcome);
            }
        }
        finally
        {
            if (statements != _prepared)
                statements.Dispose();
        }
    }

    /// <summary>The current result's rows counted, and its first row's first column.</summary>
    private static async Task<StatementOutcome> OutcomeAsync(DbDataReader reader, CancellationToken ct)
    {
        var (count, first) = (0, (object?)null);
        while (await reader.ReadAsync(ct))
            if (count++ == 0 && reader.FieldCount > 0)
                first = reader.GetValue(0);
        return new StatementOutcome(count, first);
    }
}
