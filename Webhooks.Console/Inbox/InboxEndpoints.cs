using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery.Outbound;
using Webhooks.Core.Inbox;

namespace Webhooks.Console.Inbox;

public static class InboxEndpoints
{
    /// <summary><c>/inbox/{token}</c> accepts any POST (anonymous: the token is the secret) and stores it, size-capped.</summary>
    public static WebApplication MapInbox(this WebApplication app)
    {
        app.MapPost("/inbox/{token}", async (string token, HttpRequest request, InboxService inboxes, IOptions<InboxOptions> options, CancellationToken ct) =>
        {
            var max = options.Value.MaxBodyBytes;
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            // Read one byte past the cap to know it was cut, then drain nothing more.
            while (buffer.Length <= max && (read = await request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, max + 1 - buffer.Length)), ct)) > 0)
                buffer.Write(chunk, 0, read);
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var stored = await inboxes.CaptureAsync(token, request.Method, headers, buffer.ToArray(), ct);
            return stored is null
                ? Results.Problem(statusCode: 404, title: "Not found", detail: "There is no inbox at this address.")
                : Results.Ok(new { received = true, id = stored.Id, signature = stored.Signature.ToString().ToLowerInvariant() });
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

        // The console's own addresses are known only once Kestrel has bound them (port 0 in tests).
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var origin = app.Services.GetRequiredService<ConsoleOrigin>();
            origin.Set(addresses);
            var exemptions = app.Services.GetRequiredService<IOutboundExemptions>();
            foreach (var address in origin.Origins)
                exemptions.RegisterSelfOrigin(address);
        });
        return app;
    }
}
