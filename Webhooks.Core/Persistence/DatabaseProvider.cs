namespace Webhooks.Core.Persistence;

/// <summary>Where the console keeps its data (<c>Webhooks:Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file: one console, nothing to install (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by several consoles.</summary>
    PostgreSql,
}
