using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Webhooks.Core.Audit;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Endpoints;

/// <summary>
/// Imports <c>Webhooks:Endpoints</c> (the guide's <c>webhooks.json</c> shape: <c>name</c>, <c>url</c>,
/// <c>events</c>, <c>secret</c>, <c>headers</c>) at start. Matched by name, so restarts update the
/// same rows instead of adding new ones; configuration wins over edits made in the console.
/// </summary>
public sealed class ConfiguredEndpointImporter(
    IDbContextFactory<WebhooksDbContext> dbFactory,
    EndpointService endpoints,
    ISecretProtector protector,
    EndpointChanges changes,
    IConfiguration configuration,
    ILogger<ConfiguredEndpointImporter> logger)
{
    public const string SectionName = "Webhooks:Endpoints";
    private const string Actor = "configuration";

    public async Task ImportAsync(CancellationToken ct = default)
    {
        var declared = Read(configuration);
        var names = declared.Select(d => d.Name.Trim()).ToList();
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"{SectionName} declares the name '{duplicate.Key}' twice; names identify configured endpoints.");

        foreach (var input in declared)
        {
            var name = input.Name.Trim();
            Dictionary<string, string> existing;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                existing = await db.Endpoints.Where(e => e.FromConfiguration).ToDictionaryAsync(e => e.Name, e => e.Id, ct);
            try
            {
                if (existing.TryGetValue(name, out var id))
                {
                    await endpoints.UpdateAsync(id, input, Actor, ct);
                    if (!string.IsNullOrEmpty(input.Secret))
                        await SetSecretAsync(id, input.Secret, ct);
                }
                else
                {
                    await endpoints.CreateAsync(input, Actor, fromConfiguration: true, ct);
                    logger.LogInformation("Imported endpoint {EndpointName} from configuration", name);
                }
            }
            catch (Common.ValidationFailedException ex)
            {
                throw new InvalidOperationException($"{SectionName} entry '{name}' is invalid: {ex.Message}", ex);
            }
        }
    }

    // Only when it changed: re-protecting the same secret each start would churn the row for nothing.
    private async Task SetSecretAsync(string id, string secret, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await db.Endpoints.FirstAsync(e => e.Id == id, ct);
        if (protector.Unprotect(endpoint.SecretProtected) == secret)
            return;
        endpoint.SecretProtected = protector.Protect(secret);
        endpoint.SecretHint = EndpointSecret.Hint(secret);
        endpoint.Version = Guid.NewGuid();
        AuditLog.Record(db, Actor, "endpoint.secret_set", "endpoint", id, "from configuration");
        await db.SaveChangesAsync(ct);
        changes.Changed(id);
    }

    public static List<EndpointInput> Read(IConfiguration configuration) =>
        configuration.GetSection(SectionName).GetChildren().Select(s =>
        {
            var url = s["url"] ?? "";
            return new EndpointInput
            {
                Name = s["name"] is { Length: > 0 } n ? n : url,
                Url = url,
                Description = s["description"] ?? "Declared in configuration",
                Events = s.GetSection("events").GetChildren().Select(c => c.Value ?? "").ToList(),
                Secret = s["secret"],
                Headers = s.GetSection("headers").GetChildren().Select(h => new HeaderInput { Name = h.Key, Value = h.Value ?? "" }).ToList(),
                SignatureScheme = s["signatureScheme"] == "standard-webhooks" ? SignatureScheme.StandardWebhooks : SignatureScheme.HmacSha256,
                TimeoutSeconds = s.GetValue("timeoutSeconds", 5),
                RetryEnabled = s.GetValue("retryEnabled", true),
                Enabled = s.GetValue("enabled", true),
            };
        }).ToList();
}
