using Microsoft.Extensions.Configuration;
using Webhooks.Core.Common;

namespace Webhooks.Core.Events;

/// <summary>Reads <c>Webhooks:EventTypes</c>: <c>[{ "name", "group", "description", "samplePayload": {…} }]</c>.</summary>
public static class EventTypeCatalogConfiguration
{
    public const string SectionName = "Webhooks:EventTypes";

    public static List<EventTypeInput> Read(IConfiguration configuration) =>
        configuration.GetSection(SectionName).GetChildren().Select(s => new EventTypeInput
        {
            Name = s["name"] ?? "",
            Group = s["group"],
            Description = s["description"] ?? "",
            SamplePayload = ConfigurationJson.Read(s.GetSection("samplePayload"), configuration) ?? "{}",
            Schema = ConfigurationJson.Read(s.GetSection("schema"), configuration),
        }).ToList();
}
