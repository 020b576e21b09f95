using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Endpoints;
using Webhooks.Tests.Console.Api;
using Webhooks.Tests.Support;
using Xunit.Abstractions;

namespace Webhooks.Tests.Reliability;

/// <summary>
/// Over a thousand malformed requests against the HTTP API (<see cref="MalformedInput"/>): every one
/// answered 4xx with problem+json, none a 500, nothing written, and the process healthy throughout.
/// Every URL in them is loopback, so even an input wrongly accepted could not send anything off the machine.
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ConsoleServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task HttpApi_AnswersProblemJson4xxAndWritesNothing_WhenRequestsAreMalformed()
    {
        using var client = _server.Client();
        var api = new WebhooksApiDriver(client);
        var endpointId = await api.CreateEndpointAsync(new Uri("https://127.0.0.1:9/hook"), extra: new Dictionary<string, object?> { ["events"] = new[] { "customer.created" } });
        var before = await SnapshotAsync(client, endpointId);

        var cases = MalformedInput.Requests(endpointId).ToList();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        foreach (var (c, i) in cases.Select((c, i) => (c, i)))
        {
            using var request = new HttpRequestMessage(c.Method, c.Path);
            if (c.Body is not null)
            {
                request.Content = new ByteArrayContent(c.Body);
                if (c.ContentType is not null)
                    request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(c.ContentType);
            }
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (await ProblemErrorAsync(response) is { } error)
                failures.Add($"{c.Method} {c.Path[..Math.Min(c.Path.Length, 60)]} [{c.What}]: {error}");
            if (i % 100 == 0)
                Assert.True((await client.GetAsync("/healthz")).IsSuccessStatusCode, $"unhealthy after {i} requests");
        }

        output.WriteLine($"bad input: {cases.Count} requests; statuses " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} answers were not 4xx problem+json:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(cases.Count >= 1000, $"only {cases.Count} cases");
        Assert.Equal(before, await SnapshotAsync(client, endpointId));
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
    }

    [Fact]
    public void EndpointForm_ShowsFieldMessage_WhenGivenEachMalformedField()
    {
        // The console's endpoint form validates with this same validator and shows its messages under each field.
        var validator = new EndpointValidator();
        var catalog = new HashSet<string> { "customer.created" };
        var missed = new List<string>();
        foreach (var c in MalformedInput.EndpointFieldCases())
        {
            var input = new EndpointInput { Name = "Valid", Url = "https://127.0.0.1:9/hook", Events = ["customer.created"] };
            Apply(input, c.Field, c.Value);
            var errors = validator.Validate(input, allowHttp: false, catalog, requireAuthSecret: true).ToDictionary();
            if (!errors.TryGetValue(c.ErrorField, out var messages) || messages.Any(string.IsNullOrWhiteSpace))
                missed.Add($"{c.Field} = {c.Value?.ToJsonString()[..Math.Min(60, c.Value.ToJsonString().Length)]}: {string.Join("; ", errors.Keys)}");
        }
        Assert.True(missed.Count == 0, "no field message for:\n" + string.Join("\n", missed));
        output.WriteLine($"form: {MalformedInput.EndpointFieldCases().Count()} bad endpoint fields, each refused with a message at its field");
    }

    /// <summary>Puts a JSON field value onto the form model the way the form's inputs would.</summary>
    private static void Apply(EndpointInput input, string field, JsonNode? value)
    {
        switch (field)
        {
            case "url": input.Url = (string)value!; break;
            case "name": input.Name = (string)value!; break;
            case "description": input.Description = (string)value!; break;
            case "events": input.Events = value!.AsArray().Select(e => (string)e!).ToList(); break;
            case "headers": input.Headers = value!.AsObject().Select(h => new HeaderInput { Name = h.Key, Value = (string)h.Value! }).ToList(); break;
            case "timeoutSeconds": input.TimeoutSeconds = (int)value!; break;
            case "rateLimitPerSecond": input.RateLimitPerSecond = (int)value!; break;
            case "secret": input.Secret = (string)value!; break;
            // The form offers these as fixed choices; the nearest bad input is a value outside the enum.
            case "signatureScheme": input.SignatureScheme = (SignatureScheme)99; break;
            case "authMode": input.AuthMode = (AuthMode)99; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "no form input for this field");
        }
    }

    /// <summary>Why the answer is not a 4xx problem+json whose status matches, or null when it is.</summary>
    private static async Task<string?> ProblemErrorAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status is < 400 or > 499)
            return $"HTTP {status} {body[..Math.Min(body.Length, 200)]}";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"HTTP {status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}: {body[..Math.Min(body.Length, 120)]}";
        try
        {
            var problem = JsonSerializer.Deserialize<JsonElement>(body);
            if (!problem.TryGetProperty("status", out var s) || s.GetInt32() != status || !problem.TryGetProperty("title", out _))
                return $"HTTP {status} problem without matching status/title: {body[..Math.Min(body.Length, 200)]}";
        }
        catch (JsonException)
        {
            return $"HTTP {status} body is not JSON: {body[..Math.Min(body.Length, 120)]}";
        }
        return null;
    }

    /// <summary>Everything the requests could have written: row counts, and the endpoint and catalog as the API shows them.</summary>
    private async Task<string> SnapshotAsync(HttpClient client, string endpointId)
    {
        await using var db = await _server.DbAsync();
        var counts = new
        {
            endpoints = await db.Endpoints.CountAsync(),
            events = await db.Events.CountAsync(),
            deliveries = await db.Deliveries.CountAsync(),
            eventTypes = await db.EventTypes.CountAsync(),
            audit = await db.AuditEntries.CountAsync(),
        };
        var endpoint = await client.GetStringAsync($"/api/v1/webhooks/{endpointId}");
        var catalog = await client.GetStringAsync("/api/v1/event-types?includeArchived=true");
        return JsonSerializer.Serialize(counts) + endpoint + catalog;
    }
}
