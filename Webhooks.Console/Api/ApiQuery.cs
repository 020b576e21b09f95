using System.Globalization;
using Webhooks.Core.Common;

namespace Webhooks.Console.Api;

/// <summary>
/// Query values read by hand: bound as <c>int?</c>, "limit=abc" would be refused by the framework
/// without saying which value was wrong; here the error names it.
/// </summary>
public static class ApiQuery
{
    public static int? Int(string? value, string name, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            throw ValidationFailedException.For(name, $"{name} must be between {min} and {max}.");
        return number;
    }

    public static bool? Bool(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : bool.TryParse(value, out var flag) ? flag
        : throw ValidationFailedException.For(name, $"{name} must be true or false.");
}
