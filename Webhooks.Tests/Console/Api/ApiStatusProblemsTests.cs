using System.Net;
using System.Text;
using System.Text.Json;

namespace Webhooks.Tests.Console.Api;

public sealed class ApiStatusProblemsTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Theory]
    [InlineData("GET", "/api/v1/no-such-route", null, HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/events", null, HttpStatusCode.MethodNotAllowed)]
    // curl -d without -H sends a form content type: the commonest script mistake.
    [InlineData("POST", "/api/v1/events", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task Request_GetsProblemJson_WhenFrameworkRefusesItBeforeAnyHandler(string method, string path, string? contentType, HttpStatusCode expected)
    {
        using var client = server.Client();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null)
            request.Content = new StringContent("{}", Encoding.UTF8, contentType);

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }
}
