using System.Text;
using Webhooks.Core.Events;

namespace Webhooks.Tests.Core.Events;

public class EventTests
{
    [Fact]
    public void Data_DecodesTheStoredBytes_WhenOnlyTheyWereGiven()
    {
        var evt = new Event { DataUtf8 = Encoding.UTF8.GetBytes("""{"name":"Zoë"}""") };

        Assert.Equal("""{"name":"Zoë"}""", evt.Data);
    }

    [Fact]
    public void DataUtf8_IsDropped_WhenDataIsSetAfterIt()
    {
        var evt = new Event { DataUtf8 = Encoding.UTF8.GetBytes("""{"old":1}""") };

        evt.Data = """{"new":2}""";

        Assert.Null(evt.DataUtf8);
        Assert.Equal("""{"new":2}""", evt.Data);
    }
}
