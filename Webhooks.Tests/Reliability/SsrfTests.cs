using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Webhooks.Core.Delivery.Outbound;
using Webhooks.Tests.Console.Api;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Reliability;

/// <summary>
/// With default settings, no spelling of loopback reaches a receiver (names only from /etc/hosts:
/// "localhost." would go to the DNS server, which is off the machine), and the console's own inbox
/// exemption cannot be stretched to its other routes. Every other blocked range is checked on the
/// classifier alone: this suite never connects to an address outside 127.0.0.0/8 and ::1.
/// (<c>AddressClassifierTests</c> holds the base table; this adds edges and disguised forms.)
/// </summary>
public sealed class SsrfTests : IAsyncLifetime
{
    private readonly ConsoleServer _server = new();
    private LoopbackReceiver _receiver = default!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _receiver = await LoopbackReceiver.StartAsync(ipv6: true);
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    [InlineData("127.1")]
    [InlineData("2130706433")]
    [InlineData("0x7f000001")]
    [InlineData("0177.0.0.1")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("[::ffff:7f00:1]")]
    [InlineData("[0:0:0:0:0:ffff:127.0.0.1]")]
    public async Task Test_RefusesLoopbackBeforeConnecting_WhenDefaultSettings(string host)
    {
        var url = new Uri($"https://{host}:{_receiver.Port}/hook");
        var attempt = await CreateAndTestAsync(url);

        Assert.False(attempt.GetProperty("success").GetBoolean());
        Assert.Equal("BlockedAddress", attempt.GetProperty("errorKind").GetString());
        Assert.Equal(0, _receiver.Connections);
    }

    [Theory]
    [InlineData("/inbox/../healthz")]
    [InlineData("/inbox/%2e%2e/healthz")]
    [InlineData("/inbox/%2E%2E/healthz")]
    [InlineData("/inbox/.%2e/healthz")]
    public async Task Create_RefusesConsoleUrl_WhenDotSegmentsLeaveTheInbox(string path)
    {
        // The URL parser resolves the dot segments to /healthz: no inbox path is left, so plain http is refused outright.
        using var client = _server.Client();
        var create = await client.PostAsJsonAsync("/api/v1/webhooks", new { name = "Inbox", url = _server.BaseAddress + path.TrimStart('/'), events = new[] { "*" } });

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        var problem = await create.Content.ReadFromJsonAsync<JsonElement>();
        var error = Assert.Single(problem.GetProperty("errors").GetProperty("url").EnumerateArray()).GetString();
        Assert.Equal("URL must start with https:// (plain http is turned off on this server).", error);
    }

    [Theory]
    [InlineData("/inbox/..%2fhealthz")]
    [InlineData("/inbox/%2e%2e%2fhealthz")]
    public async Task Test_ReachesOnlyTheInboxRoute_WhenSlashInInboxPathIsEncoded(string path)
    {
        // An encoded slash keeps the path under /inbox/, so the endpoint is accepted; the send must then land
        // on the inbox route (no such inbox), never on /healthz, which would answer "Healthy".
        using var client = _server.Client();
        var create = await client.PostAsJsonAsync("/api/v1/webhooks", new { name = "Inbox", url = _server.BaseAddress + path.TrimStart('/'), events = new[] { "*" } });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var id = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var response = await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/test", new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attempt = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(attempt.GetProperty("success").GetBoolean());
        Assert.Equal("HttpStatus", attempt.GetProperty("errorKind").GetString());
        Assert.Equal(404, attempt.GetProperty("statusCode").GetInt32());
        Assert.Contains("There is no inbox at this address.", attempt.GetProperty("responseBody").GetString());
    }

    [Theory]
    // Range edges the base table does not hold.
    [InlineData("10.0.0.0")]
    [InlineData("172.16.0.0")]
    [InlineData("192.168.0.0")]
    [InlineData("192.168.255.255")]
    [InlineData("169.254.255.255")]
    [InlineData("100.64.0.0")]
    [InlineData("0.255.255.255")]
    [InlineData("239.255.255.255")]
    [InlineData("fc00::")]
    [InlineData("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("fe80::")]
    [InlineData("fe80::1%2")]
    [InlineData("ff0e::1")]
    // Each blocked IPv4 range disguised as IPv6 (mapped, NAT64, 6to4).
    [InlineData("::ffff:172.16.5.4")]
    [InlineData("::ffff:192.168.1.1")]
    [InlineData("::ffff:100.64.0.1")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::ffff:224.0.0.1")]
    [InlineData("::ffff:a9fe:a9fe")]
    [InlineData("64:ff9b::10.0.0.1")]
    [InlineData("64:ff9b::192.168.0.1")]
    [InlineData("2002:a9fe:a9fe::")]
    [InlineData("2002:0a00:0001::1")]
    public void Classify_RefusesAddress_WhenOnEdgeOrDisguised(string address)
    {
        Assert.True(AddressClassifier.IsBlocked(IPAddress.Parse(address)), address);
    }

    [Theory]
    // How URLs spell the metadata service and private hosts; the host the URL parser hands on must be refused.
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://2852039166/")]
    [InlineData("http://0xa9fea9fe/")]
    [InlineData("http://0251.0376.0251.0376/")]
    [InlineData("http://169.254.43518/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://[fd00:ec2::254]/")]
    [InlineData("http://10.1/")]
    [InlineData("http://167772161/")]
    [InlineData("http://192.168.1/")]
    [InlineData("http://0/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://224.0.0.251/")]
    public void Classify_RefusesUrlHost_WhenPrivateAddressIsSpelledOddly(string url)
    {
        var host = new Uri(url).Host.Trim('[', ']');
        Assert.True(IPAddress.TryParse(host, out var address), $"{url} → {host}");
        Assert.True(AddressClassifier.IsBlocked(address), $"{url} → {address}");
    }

    /// <summary>Creates the endpoint (accepted: an https URL) and sends it a test, returning the attempt the API reports.</summary>
    private async Task<JsonElement> CreateAndTestAsync(Uri url)
    {
        using var client = _server.Client();
        var api = new WebhooksApiDriver(client);
        var id = await api.CreateEndpointAsync(url);
        var response = await client.PostAsJsonAsync($"/api/v1/webhooks/{id}/test", new { });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
