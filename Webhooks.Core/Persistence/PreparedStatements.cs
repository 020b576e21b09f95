using System.Data.Common;

namespace Webhooks.Core.Persistence;

/// <summary>
/// Plain prepared statements with positional parameters (<c>@p0</c>, <c>@p1</c>, ...), for the few
/// hot writes (publish, settle) that run thousands of times a second: EF's per-call translation
/// and change tracking cost more there than SQLite's own work. The SQL is standard (quoted
/// identifiers, RETURNING, @-named parameters), so SQLite and PostgreSQL (Npgsql) both take it as it is.
/// </summary>
public static class PreparedStatements
{
    public static DbCommand Prepare(DbConnection connection, DbTransaction? transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }
        command.Prepare();
        return command;
    }

    /// <summary>Sets the parameters in order; null becomes SQL NULL.</summary>
    public static DbCommand Bind(this DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    public static Task<int> ExecuteAsync(this DbCommand command, CancellationToken ct, params object?[] values) =>
        command.Bind(values).ExecuteNonQueryAsync(ct);
}
