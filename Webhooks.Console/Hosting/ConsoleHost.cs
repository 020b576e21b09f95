namespace Webhooks.Console.Hosting;

/// <summary>Builds the whole console; the entry point and in-process tests start it the same way.</summary>
public static class ConsoleHost
{
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddWebhooksConsole();
        var app = builder.Build();
        await app.InitializeWebhooksConsoleAsync();
        app.UseWebhooksConsole();
        return app;
    }
}
