using Hangfire.Server;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery;
using Webhooks.Core.Jobs;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Jobs;

public sealed class LiveOwnersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("webhooks-owners-").FullName;
    private readonly DispatcherInstance _instance = new();
    private readonly JobsOptions _options = new();

    [Fact]
    public void Read_IncludesAnotherConsolesServer_WhenTheDatabaseIsSharedAndItsHeartbeatIsFresh()
    {
        var storage = StorageWithServer("other-console:1:a");

        var owners = new LiveOwners(storage, _instance, Options.Create(_options), TimeProvider.System, sharedDatabase: true).Read();

        Assert.Contains("other-console:1:a", owners);
        Assert.Contains(_instance.Id, owners);
    }

    [Fact]
    public void Read_LeavesOutEveryOtherServer_WhenTheConsoleIsTheOnlyNode()
    {
        var storage = StorageWithServer("earlier-process:1:a");

        var owners = new LiveOwners(storage, _instance, Options.Create(_options), TimeProvider.System, sharedDatabase: false).Read();

        Assert.DoesNotContain("earlier-process:1:a", owners);
        Assert.Contains(_instance.Id, owners);
    }

    [Fact]
    public void Read_LeavesOutAServer_WhenItsHeartbeatIsOlderThanTheServerTimeout()
    {
        var storage = StorageWithServer("silent-console:1:a");
        var later = new ShiftedTimeProvider();
        later.Advance(_options.ServerTimeout + TimeSpan.FromSeconds(1));

        var owners = new LiveOwners(storage, _instance, Options.Create(_options), later, sharedDatabase: true).Read();

        Assert.DoesNotContain("silent-console:1:a", owners);
    }

    private SQLiteStorage StorageWithServer(string serverId)
    {
        var storage = new SQLiteStorage(Path.Combine(_dir, "jobs.db"), new SQLiteStorageOptions());
        using var connection = storage.GetConnection();
        connection.AnnounceServer(serverId, new ServerContext { WorkerCount = 1, Queues = ["default"] });
        return storage;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
