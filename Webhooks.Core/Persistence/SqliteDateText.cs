using System.Globalization;

namespace Webhooks.Core.Persistence;

/// <summary>
/// A date as SQLite holds it here: Microsoft.Data.Sqlite's text, which EF Core's SQLite provider
/// writes, reads and compares as text: <c>yyyy-MM-dd HH:mm:ss</c>, then a dot and up to seven
/// digits of fraction with trailing zeros left out (none at all on a whole second). The dispatcher
/// binds and reads a few dates per delivery; through a format string and the general parser those
/// cost 0.4–0.5 µs each (bench profile: FormatCustomized, DateTimeParse).
/// </summary>
internal static class SqliteDateText
{
    /// <summary>The longest text <see cref="Format"/> writes.</summary>
    public const int MaxLength = 27;

    private const int FractionDigits = 7;

    /// <summary>Writes <paramref name="value"/> as UTF-8 into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns the length.</summary>
    public static int Format(DateTime value, Span<byte> destination)
    {
        destination = destination[..MaxLength];
        Digits(destination[..4], value.Year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), value.Month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), value.Day);
        destination[10] = (byte)' ';
        Digits(destination.Slice(11, 2), value.Hour);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), value.Minute);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), value.Second);
        var fraction = (int)(value.Ticks % TimeSpan.TicksPerSecond);
        if (fraction == 0)
            return 19;
        destination[19] = (byte)'.';
        Digits(destination.Slice(20, FractionDigits), fraction);
        var length = MaxLength;
        while (destination[length - 1] == (byte)'0')
            length--;
        return length;
    }

    /// <summary>
    /// Reads <paramref name="text"/> as Microsoft.Data.Sqlite's <c>GetDateTime</c> does (kind
    /// unspecified); text in any other shape goes to the general parser, as it did there.
    /// </summary>
    /// <exception cref="FormatException">The text is not a date.</exception>
    public static DateTime Parse(string text)
    {
        var s = text.AsSpan();
        if ((s.Length == 19 || s.Length is > 20 and <= MaxLength) && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':' && s[16] == ':'
            && (s.Length == 19 || s[19] == '.')
            && Number(s[..4], out var year) && Number(s.Slice(5, 2), out var month) && Number(s.Slice(8, 2), out var day)
            && Number(s.Slice(11, 2), out var hour) && Number(s.Slice(14, 2), out var minute) && Number(s.Slice(17, 2), out var second)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 60)
        {
            var fraction = 0;
            if (s.Length > 19)
            {
                if (!Number(s[20..], out fraction))
                    return DateTime.Parse(text, CultureInfo.InvariantCulture);
                for (var i = s.Length - 20; i < FractionDigits; i++)
                    fraction *= 10;
            }
            return new DateTime(year, month, day, hour, minute, second).AddTicks(fraction);
        }
        return DateTime.Parse(text, CultureInfo.InvariantCulture);
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private static bool Number(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
                return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
