using Webhooks.Console.Hosting;

var app = await ConsoleHost.BuildAsync(args);
await app.RunAsync();

/// <summary>Entry point; public so tests can reference the app's assembly.</summary>
public partial class Program;
