using System.Text.RegularExpressions;

namespace Webhooks.Core.Events;

/// <summary>Rules for event type names and subscription patterns (<c>customer.created</c>, <c>customer.*</c>, <c>*</c>).</summary>
public static partial class EventTypeName
{
    public const int MaxLength = 100;

    // \z, not $: "$" also matches before a final line break, which would let "customer.created\n" through.
    [GeneratedRegex(@"^[a-zA-Z0-9_\-.]+\z")]
    private static partial Regex NamePattern();

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && NamePattern().IsMatch(name) && !name.StartsWith('.') && !name.EndsWith('.');

    /// <summary>The group is what stands before the first dot: <c>customer</c> for <c>customer.created</c>.</summary>
    public static string GroupOf(string name)
    {
        var dot = name.IndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }

    public static bool IsValidPattern(string? pattern) =>
        pattern == "*" || (pattern is not null && pattern.EndsWith(".*", StringComparison.Ordinal) && IsValid(pattern[..^2])) || IsValid(pattern);

    /// <summary>Whether a subscription pattern matches an event name.</summary>
    public static bool Matches(string pattern, string eventName)
    {
        if (pattern == "*")
            return true;
        if (pattern.EndsWith(".*", StringComparison.Ordinal))
            return eventName.StartsWith(pattern[..^1], StringComparison.Ordinal);
        return string.Equals(pattern, eventName, StringComparison.Ordinal);
    }

    public static bool MatchesAny(IEnumerable<string> patterns, string eventName) => patterns.Any(p => Matches(p, eventName));
}
