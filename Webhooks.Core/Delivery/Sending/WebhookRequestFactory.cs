using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Webhooks.Core.Events;
using Microsoft.Extensions.Options;
using Webhooks.Core.Endpoints;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Delivery.Sending;

/// <summary>Builds the request for one attempt: body, the X-Webhook-* headers, signature, auth and custom headers.</summary>
public sealed class WebhookRequestFactory(ISecretProtector protector, WebhookSigner signer, IOptions<DeliveryOptions> options)
{
    public static readonly string UserAgent = "Webhooks/" + ProductVersion();

    // Set by us; an endpoint's custom headers may not replace them (the console's validator refuses them too).
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Authorization", "User-Agent",
    };

    // Each cache below is emptied when it reaches this many entries: bounded, and never stale,
    // since its keys are texts that change whenever what they stand for does.
    private const int MaxCached = 4096;

    // Decrypting a secret cost more than signing with it (profile of the bench). The protected text
    // changes whenever the secret does (rotation, edit), so it is a safe key.
    private readonly ConcurrentDictionary<string, string> _unprotected = new(StringComparer.Ordinal);

    // Parsing the URL was a tenth of building a request (bench profile, 1 endpoint); a Uri never
    // changes, and an edited URL is another key.
    private readonly ConcurrentDictionary<string, Uri> _urls = new(StringComparer.Ordinal);

    // An event fans out to every subscribed endpoint and is loaded once per batch of claimed
    // deliveries, so its body is built once per loaded event object, not per delivery. Keyed by
    // the object, not the id: it lives exactly as long as that load, and events never change.
    private readonly ConditionalWeakTable<Event, byte[]> _payloads = new();

    /// <param name="delivery">With <see cref="DeliveryEntity.Event"/> and <see cref="DeliveryEntity.Endpoint"/> loaded.</param>
    public OutboundRequest Build(DeliveryEntity delivery, int attemptNumber, DateTime now)
    {
        var evt = delivery.Event ?? throw new InvalidOperationException("Event not loaded.");
        var endpoint = delivery.Endpoint ?? throw new InvalidOperationException("Endpoint not loaded.");
        var url = Parse(endpoint.Url);

        var body = _payloads.GetValue(evt, WebhookPayload.Serialize);
        var timestamp = new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc)).ToUnixTimeSeconds();
        // Room for ours, the signatures and a few of the endpoint's own without growing.
        var headers = new List<KeyValuePair<string, string>>(12 + endpoint.CustomHeaders.Count)
        {
            new("Content-Type", "application/json"),
            new("User-Agent", UserAgent),
            new("X-Webhook-Event", evt.Type),
            new("X-Webhook-ID", evt.Id),
            new("X-Webhook-Delivery", delivery.Id),
            new("X-Webhook-Attempt", attemptNumber.ToString(CultureInfo.InvariantCulture)),
            new("X-Webhook-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
        };
        var secret = Unprotect(endpoint.SecretProtected, "signing secret");
        var previous = endpoint.PreviousSecretProtected is { Length: > 0 } p && endpoint.PreviousSecretExpiresAt > now
            ? Unprotect(p, "previous signing secret")
            : null;
        // The event id is the Standard Webhooks message id: stable across retries, for de-duplication.
        headers.AddRange(signer.Sign(endpoint.SignatureScheme, evt.Id, timestamp, body, secret, previous));

        // The recorded copy is written as the headers are added, once; it differs only in the
        // masked Authorization. Names never repeat: custom headers may not reuse ours.
        using var recorded = JsonScratch.Rent();
        var json = recorded.Writer;
        json.WriteStartObject();
        foreach (var (name, value) in headers)
            json.WriteString(name, value);
        if (Authorization(endpoint) is { } auth)
        {
            headers.Add(new("Authorization", auth.Value));
            json.WriteString("Authorization", auth.Masked);
        }
        foreach (var (name, value) in endpoint.CustomHeaders)
        {
            if (Reserved.Contains(name) || name.StartsWith("X-Webhook-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase))
                continue;
            headers.Add(new(name, value));
            json.WriteString(name, value);
        }
        json.WriteEndObject();

        var timeoutSeconds = endpoint.TimeoutSeconds > 0 ? endpoint.TimeoutSeconds : options.Value.DefaultTimeoutSeconds;
        // Never past the cap the lease is sized for (DeliveryOptionsValidator), or the lease could run out mid-send.
        var timeout = TimeSpan.FromSeconds(Math.Min(timeoutSeconds, options.Value.MaxTimeoutSeconds));
        return new OutboundRequest(url, body, headers, recorded.Written.ToArray(), timeout);
    }

    private (string Value, string Masked)? Authorization(Endpoint endpoint)
    {
        switch (endpoint.AuthMode)
        {
            case AuthMode.Basic:
                var password = endpoint.AuthSecretProtected is { Length: > 0 } bp ? Unprotect(bp, "Basic password") : "";
                return ("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{endpoint.AuthUsername}:{password}")), "Basic ****");
            case AuthMode.Bearer:
                var token = endpoint.AuthSecretProtected is { Length: > 0 } bt ? Unprotect(bt, "Bearer token") : "";
                return ("Bearer " + token, "Bearer ****");
            default:
                return null;
        }
    }

    private Uri Parse(string text)
    {
        if (_urls.TryGetValue(text, out var cached))
            return cached;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
            throw new PreparationFailedException($"The endpoint URL '{text}' is not an absolute URL.");
        return Remember(_urls, text, url);
    }

    private string Unprotect(string value, string what)
    {
        if (_unprotected.TryGetValue(value, out var cached))
            return cached;
        string plain;
        try
        {
            plain = protector.Unprotect(value);
        }
        catch (Exception ex)
        {
            throw new PreparationFailedException($"The endpoint's {what} cannot be read (was the data protection key ring replaced?).", ex);
        }
        return Remember(_unprotected, value, plain);
    }

    private static T Remember<T>(ConcurrentDictionary<string, T> cache, string key, T value)
    {
        if (cache.Count >= MaxCached)
            cache.Clear();
        return cache[key] = value;
    }

    private static string ProductVersion()
    {
        var assembly = typeof(WebhookRequestFactory).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // Drop the "+commit" build metadata: receivers log this header, they do not need our hash.
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString(3) ?? "1.0.0";
    }
}
