using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Webhooks.Core.Common;

/// <summary>
/// Turns a configuration section back into JSON, for sample payloads written as objects in
/// <c>appsettings.json</c>. Configuration keeps only strings, so plain numbers and booleans are
/// read back as such; a section given as a string is taken as JSON text.
/// </summary>
public static partial class ConfigurationJson
{
    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,14})(\.[0-9]+)?$")]
    private static partial Regex Number();

    public static string? Read(IConfigurationSection section)
    {
        if (section.Value is { } text)
            return text;
        var children = section.GetChildren().ToList();
        return children.Count == 0 ? null : ToNode(section)?.ToJsonString();
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
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when Number().IsMatch(value) => JsonNode.Parse(value),
        _ => JsonValue.Create(value),
    };
}
