using Npgsql;

namespace Webhooks.Tests.Support;

public sealed class PostgresClusterTests
{
    [Fact]
    public async Task CreateDatabaseAsync_GivesAnEmptyDatabaseOnLoopback_WhenTheSharedClusterRuns()
    {
        var cluster = await PostgresCluster.Shared;

        var first = await cluster.CreateDatabaseAsync();
        var second = await cluster.CreateDatabaseAsync();

        Assert.NotEqual(first, second);
        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT host(inet_server_addr()), current_database(), (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("127.0.0.1", reader.GetString(0));
        Assert.Equal(new NpgsqlConnectionStringBuilder(first).Database, reader.GetString(1));
        Assert.Equal(0, reader.GetInt64(2));
    }
}
