using System.Net;
using Webhooks.Tests.Console.Api;

namespace Webhooks.Tests.Console.Hosting;

public sealed class HealthCheckTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task Healthz_Returns200Healthy_WhenDatabaseAnswers()
    {
        // No key and no sign-in: load balancers and probes call it bare.
        using var client = server.Client(key: null);
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
