namespace Webhooks.Core.Inbox;

/// <summary>A built-in receiver at <c>/inbox/{token}</c>, so a new install can see deliveries arrive.</summary>
public class Inbox
{
    public string Token { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
