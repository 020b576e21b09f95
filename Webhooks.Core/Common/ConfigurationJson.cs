using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Webhooks.Core.Common;

/// <summary>
/// Turns a configuration section back into JSON, for sample payloads written as objects in
/// <c>appsettings.json</c>. Configuration keeps only strings, so <c>"id": "123"</c> and
/// <c>"id": 123</c> look alike; when the section comes unchanged from a JSON file, the file's own
/// JSON is used so types survive. Otherwise (set by environment variables or the command line)
/// plain numbers and booleans are read back as such. A section given as a string is JSON text.
/// </summary>
public static partial class ConfigurationJson
{
    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,14})(\.[0-9]+)?$")]
    private static partial Regex Number();

    public static string? Read(IConfigurationSection section, IConfiguration? root = null)
    {
        if (section.Value is { } text)
            return text;
        if (!section.GetChildren().Any())
            return null;
        var guessed = ToNode(section)?.ToJsonString();
        var typed = root is IConfigurationRoot r ? FromJsonFiles(r, section.Path) : null;
        // The file's JSON only when it says exactly what configuration says (nothing overrode a value).
        return typed is not null && Guess(typed)?.ToJsonString() == guessed ? typed.ToJsonString() : guessed;
    }

    private static JsonNode? ToNode(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
            return Leaf(section.Value);
        if (children.All(c => int.TryParse(c.Key, out _)))
            return new JsonArray(children.OrderBy(c => int.Parse(c.Key)).Select(ToNode).ToArray());
        var obj = new JsonObject();
        foreach (var child in children)
            obj[child.Key] = ToNode(child);
        return obj;
    }

    private static JsonNode? Leaf(string? value) => value switch
    {
        null => null,
        // The JSON provider stores booleans as "True"/"False".
        _ when bool.TryParse(value, out var flag) => JsonValue.Create(flag),
        _ when Number().IsMatch(value) => JsonNode.Parse(value),
        _ => JsonValue.Create(value),
    };

    // What configuration would have made of this JSON: leaves through strings and back.
    private static JsonNode? Guess(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, ConfigurationKeyComparer.Instance).Select(p => KeyValuePair.Create(p.Key, Guess(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Guess).ToArray()),
        JsonValue v => Leaf(v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()),
        _ => null,
    };

    // The last JSON file that holds the path wins, as it does for configuration itself.
    private static JsonNode? FromJsonFiles(IConfigurationRoot root, string path)
    {
        foreach (var provider in root.Providers.Reverse().OfType<JsonConfigurationProvider>())
        {
            var file = provider.Source.FileProvider?.GetFileInfo(provider.Source.Path ?? "");
            if (file is not { Exists: true, PhysicalPath: not null })
                continue;
            JsonNode? node;
            try { node = JsonNode.Parse(File.ReadAllText(file.PhysicalPath), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
            catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException) { continue; }
            foreach (var key in path.Split(ConfigurationPath.KeyDelimiter))
                node = node switch
                {
                    JsonObject o => o.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value,
                    JsonArray a when int.TryParse(key, out var i) && i >= 0 && i < a.Count => a[i],
                    _ => null,
                };
            if (node is not null)
                return node;
        }
        return null;
    }
}
