namespace Webhooks.Core.Endpoints;

/// <summary>One custom header row of the endpoint form.</summary>
public sealed class HeaderInput
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}
