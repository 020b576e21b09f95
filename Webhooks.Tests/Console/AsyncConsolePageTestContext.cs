using Webhooks.Tests.Console.Endpoints;

namespace Webhooks.Tests.Console;

/// <summary>
/// <see cref="ConsolePageTestContext"/> disposed the way MudBlazor needs: its services only implement
/// IAsyncDisposable, so xunit must end each test through <see cref="IAsyncLifetime"/>.
/// </summary>
public abstract class AsyncConsolePageTestContext : ConsolePageTestContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
