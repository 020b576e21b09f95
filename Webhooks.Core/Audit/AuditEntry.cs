namespace Webhooks.Core.Audit;

/// <summary>Who did what, when, to which target. Never holds a secret.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string TargetType { get; set; } = "";
    public string? TargetId { get; set; }
    public string? Details { get; set; }
}
