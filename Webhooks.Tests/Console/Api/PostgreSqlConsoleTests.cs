using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Api;

/// <summary>The whole console on a real PostgreSQL database (<see cref="PostgresCluster"/>): publish, dispatch, settle and a Hangfire job.</summary>
public sealed class PostgreSqlConsoleTests
{
    [Fact]
    public async Task Console_DeliversEveryEventAndRunsRetryNow_WhenTheProviderIsPostgreSql()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var connectionString = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        await using var server = new ConsoleServer
        {
            ExtraArguments =
            [
                "--Webhooks:Database:Provider=PostgreSql",
                $"--ConnectionStrings:Webhooks={connectionString}",
                "--Webhooks:Delivery:AllowHttp=true",
                "--Webhooks:Delivery:AllowPrivateNetworks=true",
                "--Webhooks:Jobs:QueuePollInterval=00:00:00.100",
            ],
        };
        await server.InitializeAsync();
        var api = new WebhooksApiDriver(server.Client());
        var endpointId = await api.CreateEndpointAsync(receiver.Url);

        var published = await api.PublishManyAsync(20);
        await api.WaitForAllSucceededAsync(endpointId, 20, TimeSpan.FromSeconds(60));
        Assert.Equal(published.ToHashSet(), receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()!).ToHashSet());

        await using (var db = await server.DbAsync())
            Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        var deliveryId = (await api.Client.GetFromJsonAsync<JsonElement>($"/api/v1/logs/recent?limit=1")).GetProperty("items")[0].GetProperty("id").GetString();
        var retry = await api.Client.PostAsync($"/api/v1/deliveries/{deliveryId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var job = await Eventually.WaitAsync(() => api.Client.GetFromJsonAsync<JsonElement>(retry.Headers.Location!),
            j => j.GetProperty("state").GetString() is "succeeded" or "failed", "the Retry now job ended", TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal(21, receiver.Requests.Count);
    }
}
