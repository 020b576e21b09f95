using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Core.Persistence;

public sealed class SqliteDateTextTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public Task InitializeAsync() => _connection.OpenAsync();

    public Task DisposeAsync() => _connection.DisposeAsync().AsTask();

    /// <summary>Whole seconds, one tick, every fraction length, the ends of the calendar, and a spread of others.</summary>
    public static TheoryData<DateTime> Dates()
    {
        var data = new TheoryData<DateTime>
        {
            new DateTime(2026, 12, 4, 10, 0, 0),
            new DateTime(2026, 12, 4, 10, 0, 0).AddTicks(1),
            new DateTime(2026, 12, 4, 23, 59, 59).AddTicks(9_999_999),
            new DateTime(2026, 2, 28, 0, 0, 7).AddTicks(1_000_000),
            new DateTime(2028, 2, 29, 12, 30, 45).AddTicks(1_200_000),
            DateTime.MinValue,
            DateTime.MaxValue,
            new DateTime(2026, 12, 4, 10, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560),
        };
        var random = new Random(20261204);
        for (var i = 0; i < 40; i++)
            data.Add(new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks)));
        return data;
    }

    [Theory]
    [MemberData(nameof(Dates))]
    public async Task Format_WritesTheTextMicrosoftDataSqliteWrites_ForAnyDate(DateTime value)
    {
        Span<byte> buffer = stackalloc byte[SqliteDateText.MaxLength];
        var ours = Encoding.UTF8.GetString(buffer[..SqliteDateText.Format(value, buffer)]);

        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT @value";
        command.Parameters.AddWithValue("@value", value);
        Assert.Equal((string)(await command.ExecuteScalarAsync())!, ours);
    }

    [Theory]
    [MemberData(nameof(Dates))]
    public async Task Parse_ReadsWhatGetDateTimeReads_ForTextMicrosoftDataSqliteWrote(DateTime value)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT @value";
        command.Parameters.AddWithValue("@value", value);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        var parsed = SqliteDateText.Parse(reader.GetString(0));

        Assert.Equal(reader.GetDateTime(0), parsed);
        Assert.Equal(reader.GetDateTime(0).Kind, parsed.Kind);
        Assert.Equal(value.Ticks, parsed.Ticks);
    }

    [Theory]
    [InlineData("2026-12-04T10:00:00")]
    [InlineData("2026-12-04")]
    [InlineData("2026-12-04 10:00:00.")]
    [InlineData("2026-12-04 10:00:00.12345678")]
    [InlineData(" 2026-12-04 10:00:00")]
    public void Parse_ReadsAsTheGeneralParser_WhenTheTextHasAnotherShape(string text)
    {
        var general = Record.Exception(() => DateTime.Parse(text, CultureInfo.InvariantCulture));
        var ours = Record.Exception(() => SqliteDateText.Parse(text));

        if (general is null)
            Assert.Equal(DateTime.Parse(text, CultureInfo.InvariantCulture), SqliteDateText.Parse(text));
        else
            Assert.IsType(general.GetType(), ours);
    }

    [Theory]
    [InlineData("2026-13-04 10:00:00")]
    [InlineData("2026-02-30 10:00:00")]
    [InlineData("2026-12-04 24:00:00")]
    [InlineData("2026-12-04 10:60:00")]
    [InlineData("2026-12-04 10:00:00.12a")]
    [InlineData("not a date at all, no")]
    public void Parse_ThrowsFormatException_WhenTheTextIsNoDate(string text)
    {
        Assert.Throws<FormatException>(() => SqliteDateText.Parse(text));
    }
}
