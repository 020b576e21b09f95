using Webhooks.Tests.Console.Api;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Hosting;

/// <summary>
/// Two whole consoles, A and B, on one fresh PostgreSQL database (<see cref="PostgresCluster"/>), as
/// two instances behind a load balancer: each has its own data folder (where a file key ring would
/// go), both have the bootstrap Admin and API key in their configuration.
/// </summary>
public sealed class TwoPostgreSqlConsoles : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "admin-password-1";

    public ConsoleServer A { get; private set; } = default!;
    public ConsoleServer B { get; private set; } = default!;

    /// <summary>Starts both at once, as a deployment does, instead of A and then B.</summary>
    public bool StartTogether { get; init; }

    public async Task InitializeAsync()
    {
        var connectionString = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        A = Console(connectionString);
        B = Console(connectionString);
        if (StartTogether)
            await Task.WhenAll(A.InitializeAsync(), B.InitializeAsync());
        else
        {
            await A.InitializeAsync();
            await B.InitializeAsync();
        }
    }

    private static ConsoleServer Console(string connectionString) => new()
    {
        ExtraArguments =
        [
            "--Webhooks:Database:Provider=PostgreSql",
            $"--ConnectionStrings:Webhooks={connectionString}",
            $"--Webhooks:Bootstrap:AdminEmail={AdminEmail}",
            $"--Webhooks:Bootstrap:AdminPassword={AdminPassword}",
        ],
    };

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
