using System.Net;
using System.Text.Json;

namespace Webhooks.Tests.Console.Api;

/// <summary>Reading API answers in tests: the JSON body, and the problem+json shape every error has.</summary>
public static class ApiResponses
{
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Asserts the status, the problem+json type and, when given, an error for <paramref name="field"/>.</summary>
    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
            Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}'");
    }
}
