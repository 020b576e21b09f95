using Webhooks.Console.Bench;
using Webhooks.Console.Hosting;

// Before the first socket: .NET reads it once (the bench's ceilings run under it too).
SocketThreads.UseTwoOnSmallMachines();

// `bench` measures the dispatcher on this machine and exits; it never builds the web app.
if (args.Length > 0 && args[0] == "bench")
    return await BenchRunner.MainAsync(args);

var app = await ConsoleHost.BuildAsync(args);
await app.RunAsync();
return 0;

/// <summary>Entry point; public so tests can reference the app's assembly.</summary>
public partial class Program;
