using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Inbox;
using Webhooks.Tests.Console.Api;

namespace Webhooks.Tests.Console.Inbox;

public sealed class InboxEndpointTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private async Task<(string Token, string Secret)> InboxWithEndpointAsync(SignatureScheme scheme = SignatureScheme.HmacSha256)
    {
        var inbox = await server.App.Services.GetRequiredService<InboxService>().CreateAsync("test", "tests");
        var (_, secret) = await server.App.Services.GetRequiredService<EndpointService>().CreateAsync(new EndpointInput
        {
            Name = "inbox endpoint",
            Url = new Uri(server.BaseAddress, "/inbox/" + inbox.Token).ToString(),
            Events = ["*"],
            SignatureScheme = scheme,
        }, "tests");
        return (inbox.Token, secret);
    }

    private async Task<string> PostAsync(string token, string body, params (string Name, string Value)[] headers)
    {
        using var client = server.Client(key: null);
        var request = new HttpRequestMessage(HttpMethod.Post, "/inbox/" + token) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("signature").GetString()!;
    }

    [Fact]
    public async Task Post_MarksSignatureValid_WhenHmacMatchesTheEndpointSecret()
    {
        var (token, secret) = await InboxWithEndpointAsync();
        const string body = """{"event":"webhook.test"}""";
        var signature = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))).ToLowerInvariant();

        Assert.Equal("valid", await PostAsync(token, body, ("X-Webhook-Signature", signature)));
        Assert.Equal("invalid", await PostAsync(token, body + " ", ("X-Webhook-Signature", signature)));
        Assert.Equal("invalid", await PostAsync(token, body));
    }

    [Fact]
    public async Task Post_MarksSignatureValid_WhenStandardWebhooksSignatureMatches()
    {
        var (token, secret) = await InboxWithEndpointAsync(SignatureScheme.StandardWebhooks);
        const string body = """{"event":"webhook.test"}""";
        var signed = Encoding.UTF8.GetBytes($"msg_1.1700000000.{body}");
        var signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(EndpointSecret.StandardWebhooksKey(secret), signed));

        Assert.Equal("valid", await PostAsync(token, body, ("webhook-id", "msg_1"), ("webhook-timestamp", "1700000000"), ("webhook-signature", "v1,bm9wZQ== " + signature)));
    }

    [Fact]
    public async Task Post_ReportsNoEndpoint_WhenNoEndpointPointsAtTheInbox()
    {
        var inbox = await server.App.Services.GetRequiredService<InboxService>().CreateAsync("lonely", "tests");
        Assert.Equal("noendpoint", await PostAsync(inbox.Token, "{}"));
    }

    [Fact]
    public async Task Post_Returns404_WhenInboxDoesNotExist()
    {
        using var client = server.Client(key: null);
        var response = await client.PostAsync("/inbox/0123456789abcdef", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
