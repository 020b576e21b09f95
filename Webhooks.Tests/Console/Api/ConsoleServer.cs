using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Hosting;
using Webhooks.Core.ApiKeys;

namespace Webhooks.Tests.Console.Api;

/// <summary>
/// The whole console in this process on real Kestrel (127.0.0.1, port 0) over a temp SQLite file,
/// with a bootstrap API key holding every scope.
/// </summary>
public class ConsoleServer : IAsyncLifetime
{
    public const string BootstrapKey = "test-bootstrap-key-0123456789";
    private readonly string _dir;
    private readonly bool _ownsDirectory;
    private readonly string[] _extraArguments;

    public ConsoleServer() : this(null, []) { }

    private ConsoleServer(string? dataDirectory, string[] extraArguments)
    {
        _ownsDirectory = dataDirectory is null;
        _dir = dataDirectory ?? Directory.CreateTempSubdirectory("webhooks-api-").FullName;
        _extraArguments = extraArguments;
    }

    /// <summary>A console over an existing data folder, which outlives it: a restart is another call with the same folder.</summary>
    public static async Task<ConsoleServer> StartAsync(string dataDirectory, params string[] arguments)
    {
        var server = new ConsoleServer(dataDirectory, arguments);
        await server.InitializeAsync();
        return server;
    }

    public WebApplication App { get; private set; } = default!;
    public Uri BaseAddress { get; private set; } = default!;
    public string DataDirectory => _dir;

    /// <summary>Extra configuration, as command-line arguments.</summary>
    protected virtual IEnumerable<string> Arguments => ExtraArguments;

    /// <summary>Extra configuration for one test, as command-line arguments (a fixture stays parameterless for xunit).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    public async Task InitializeAsync()
    {
        App = await ConsoleHost.BuildAsync([
            "--urls", "http://127.0.0.1:0",
            "--contentRoot", _dir,
            "--environment", "Production",
            $"--ConnectionStrings:Webhooks=Data Source={Path.Combine(_dir, "webhooks.db")}",
            $"--Webhooks:Bootstrap:ApiKey={BootstrapKey}",
            "--Logging:LogLevel:Default=Warning",
            .. Arguments,
            .. _extraArguments,
        ]);
        await App.StartAsync();
        BaseAddress = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public HttpClient Client(string? key = BootstrapKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>The server's own database, for checks the API does not expose (every attempt, audit rows).</summary>
    public Task<Webhooks.Core.Persistence.WebhooksDbContext> DbAsync() =>
        App.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Webhooks.Core.Persistence.WebhooksDbContext>>().CreateDbContextAsync();

    public async Task<string> CreateKeyAsync(params string[] scopes) =>
        (await App.Services.GetRequiredService<ApiKeyService>().CreateAsync("test " + string.Join('+', scopes), scopes, "tests")).Plain;

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDirectory)
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
