using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Webhooks.Core.Common;

namespace Webhooks.Tests.Core.Common;

public sealed class ConfigurationJsonTests : IDisposable
{
    private const string Json = """
        { "Sample": { "id": "123", "size": 1024000, "price": 99.5, "ok": true, "tags": ["a", "1"], "nested": { "code": "007" } } }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("webhooks-config-").FullName;

    private IConfigurationRoot Build(params string[] commandLine)
    {
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), Json);
        return new ConfigurationBuilder().SetBasePath(_dir).AddJsonFile("appsettings.json").AddCommandLine(commandLine).Build();
    }

    [Fact]
    public void Read_KeepsTheFilesTypes_WhenSectionComesUnchangedFromJsonFile()
    {
        var root = Build();
        var json = ConfigurationJson.Read(root.GetSection("Sample"), root);
        Assert.True(JsonNodeEquals("""{"id":"123","size":1024000,"price":99.5,"ok":true,"tags":["a","1"],"nested":{"code":"007"}}""", json));
    }

    [Fact]
    public void Read_GuessesTypesFromText_WhenAValueIsOverriddenOutsideTheFile()
    {
        var root = Build("--Sample:id=456");
        var json = ConfigurationJson.Read(root.GetSection("Sample"), root);
        using var doc = JsonDocument.Parse(json!);
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("id").ValueKind);
        Assert.Equal(456, doc.RootElement.GetProperty("id").GetInt32());
        Assert.Equal(JsonValueKind.True, doc.RootElement.GetProperty("ok").ValueKind);
    }

    private static bool JsonNodeEquals(string expected, string? actual) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected), System.Text.Json.Nodes.JsonNode.Parse(actual!));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
