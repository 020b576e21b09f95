using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Webhooks.Tests.Console.Api;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Metrics;

[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests
{
    private const string Token = "metrics-token-0123456789";

    [Fact]
    public async Task Metrics_CountsAttemptsByOutcomeWithQueueAndJobs_WhenDeliveriesWereMade()
    {
        var failFirst = 1;
        await using var receiver = await LoopbackReceiver.StartAsync(_ =>
            new ReceiverResponse { Status = Interlocked.Exchange(ref failFirst, 0) == 1 ? 500 : 200 });
        await using var server = new DeliveringConsoleServer();
        await server.InitializeAsync();
        var api = new WebhooksApiDriver(server.Client());
        var endpointId = await api.CreateEndpointAsync(receiver.Url);
        await api.PublishManyAsync(1);
        await api.WaitForAllSucceededAsync(endpointId, 1, TimeSpan.FromSeconds(30));

        using var anonymous = server.Client(key: null);
        var text = await anonymous.GetStringAsync("/metrics");

        Assert.Equal(1, Sample(text, "webhooks_attempts_total", "outcome=\"failed\""));
        Assert.Equal(1, Sample(text, "webhooks_attempts_total", "outcome=\"succeeded\""));
        Assert.Equal(1, Sample(text, "webhooks_deliveries_completed_total", "status=\"succeeded\""));
        Assert.Equal(2, Sample(text, "webhooks_attempt_duration_seconds_count", "", sum: true));
        Assert.Equal(0, Sample(text, "webhooks_queue_depth", ""));
        Assert.Contains("webhooks_jobs{", text);
        Assert.Equal(1, Sample(text, "webhooks_consoles", ""));
        Assert.Contains("service_instance_id=", text);
    }

    [Fact]
    public async Task Metrics_Answers401WithoutTheToken_WhenATokenIsConfigured()
    {
        await using var server = new ConsoleServer { ExtraArguments = [$"--Webhooks:Metrics:Token={Token}"] };
        await server.InitializeAsync();
        using var client = server.Client(key: null);

        var refused = await client.GetAsync("/metrics");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
        var wrong = await client.GetAsync("/metrics");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var allowed = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("webhooks_queue_depth", await allowed.Content.ReadAsStringAsync());
    }

    /// <summary>The value of the series <paramref name="name"/> whose labels contain <paramref name="label"/> (or the sum of all such series).</summary>
    private static double Sample(string text, string name, string label, bool sum = false)
    {
        var values = Regex.Matches(text, $@"^{Regex.Escape(name)}(\{{[^}}]*\}})? (\S+)", RegexOptions.Multiline)
            .Where(m => m.Groups[1].Value.Contains(label, StringComparison.Ordinal))
            .Select(m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(values.Count > 0, $"No series {name} with {label} in:\n{text}");
        return sum ? values.Sum() : Assert.Single(values);
    }
}
