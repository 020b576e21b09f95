using Webhooks.Console.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWebhooksConsole();

var app = builder.Build();
await app.InitializeWebhooksConsoleAsync();
app.UseWebhooksConsole();
app.Run();

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
