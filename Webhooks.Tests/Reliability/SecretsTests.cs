using System.Text;
using Webhooks.Tests.EndToEnd;
using Webhooks.Tests.Support;
using Xunit.Abstractions;

namespace Webhooks.Tests.Reliability;

/// <summary>
/// Every secret the console holds (signing secrets, receiver credentials, API keys, the admin's
/// password) is searched in the API's answers, the audit log, the process's log and every file of its
/// data folder: it may appear only where it is revealed on purpose.
/// </summary>
public sealed class SecretsTests(ITestOutputHelper output)
{
    private const string AdminEmail = "admin@example.com";
    private const string AdminPassword = "admin-password-1";

    [Fact]
    public async Task Secrets_AppearOnlyInTheirOwnReveal_WhenSearchedInLogsApiAuditAndDatabase()
    {
        var apiKey = "secret-search-key-" + Guid.NewGuid().ToString("N");
        var signing = "signing-secret-" + Guid.NewGuid().ToString("N");
        var token = "bearer-token-" + Guid.NewGuid().ToString("N");
        var password = "basic-password-" + Guid.NewGuid().ToString("N");
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var console = await ConsoleProcess.StartAsync(null, $"--Webhooks:Bootstrap:ApiKey={apiKey}",
            $"--Webhooks:Bootstrap:AdminEmail={AdminEmail}", $"--Webhooks:Bootstrap:AdminPassword={AdminPassword}",
            "--Webhooks:Delivery:AllowHttp=true", "--Webhooks:Delivery:AllowPrivateNetworks=true");
        var api = new WebhooksApiDriver(console.Client(apiKey));
        var bearer = await api.CreateEndpointAsync(receiver.Url, "Bearer", new Dictionary<string, object?> { ["secret"] = signing, ["authMode"] = "bearer", ["authToken"] = token });
        var basic = await api.CreateEndpointAsync(receiver.Url, "Basic", new Dictionary<string, object?> { ["authMode"] = "basic", ["authUsername"] = "hooks", ["authPassword"] = password });
        await api.PublishManyAsync(1);
        await api.WaitForAllSucceededAsync(bearer, 1, TimeSpan.FromSeconds(20));
        await api.WaitForAllSucceededAsync(basic, 1, TimeSpan.FromSeconds(20));
        Assert.Contains(receiver.Requests, r => r.Header("Authorization") == "Bearer " + token); // the secrets were really used

        // The two places a secret may be shown, on purpose and audited: its reveal, and the answer to a rotation.
        Assert.Contains(signing, await api.Client.GetStringAsync($"/api/v1/webhooks/{bearer}/secret"));
        var rotated = (await (await api.Client.PostAsync($"/api/v1/webhooks/{bearer}/rotate-secret", null)).Content.ReadAsStringAsync()).Split('"')[3];
        string[] secrets = [signing, rotated, token, password, apiKey, AdminPassword];

        var reads = new StringBuilder();
        foreach (var path in new[] { "/api/v1/webhooks", $"/api/v1/webhooks/{bearer}", $"/api/v1/webhooks/{basic}", $"/api/v1/webhooks/{bearer}/logs", $"/api/v1/webhooks/{basic}/logs", "/api/v1/logs/recent", $"/api/v1/webhooks/{bearer}/stats" })
            reads.Append(await api.Client.GetStringAsync(path));
        foreach (var id in System.Text.RegularExpressions.Regex.Matches(reads.ToString(), "dlv_[0-9A-Z]+").Select(m => m.Value).Distinct())
            reads.Append(await api.Client.GetStringAsync($"/api/v1/deliveries/{id}"));
        var audit = await AuditTextAsync(console.DatabasePath);
        Assert.Contains("secret", audit, StringComparison.OrdinalIgnoreCase); // the reveal and the rotation are on record...
        // Stopped, not just read: the log is searched once every line the console will write is in it.
        await console.StopAsync();
        Assert.Contains("Application is shutting down", console.Log);

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, reads.ToString()); // ...but never the secret itself, anywhere
            Assert.DoesNotContain(secret, audit);
            Assert.DoesNotContain(secret, console.Log);
            foreach (var file in Directory.EnumerateFiles(console.DataDirectory, "*", SearchOption.AllDirectories))
            {
                var bytes = File.ReadAllBytes(file);
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0 && bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0,
                    $"{secret[..12]}… found in {Path.GetFileName(file)}");
            }
        }
        output.WriteLine($"secrets: {secrets.Length} secrets searched in {reads.Length} characters of API reads, the audit log, {console.Log.Length} characters of log and every file of the data folder");
    }

    private static async Task<string> AuditTextAsync(string databasePath)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT Actor || ' ' || Action || ' ' || TargetType || ' ' || coalesce(TargetId, '') || ' ' || coalesce(Details, '') FROM AuditEntries";
        var text = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            text.AppendLine(reader.GetString(0));
        return text.ToString();
    }
}
