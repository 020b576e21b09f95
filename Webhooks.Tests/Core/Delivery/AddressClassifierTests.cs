using System.Net;
using Webhooks.Core.Delivery.Outbound;

namespace Webhooks.Tests.Core.Delivery;

/// <summary>Pure classification: nothing here connects anywhere.</summary>
public class AddressClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", AddressCategory.Loopback)]
    [InlineData("127.255.255.254", AddressCategory.Loopback)]
    [InlineData("::1", AddressCategory.Loopback)]
    [InlineData("10.0.0.1", AddressCategory.Private)]
    [InlineData("10.255.255.255", AddressCategory.Private)]
    [InlineData("172.16.0.1", AddressCategory.Private)]
    [InlineData("172.31.255.255", AddressCategory.Private)]
    [InlineData("192.168.1.1", AddressCategory.Private)]
    [InlineData("169.254.0.1", AddressCategory.LinkLocal)]
    [InlineData("169.254.169.254", AddressCategory.LinkLocal)]
    [InlineData("fe80::1", AddressCategory.LinkLocal)]
    [InlineData("febf::1", AddressCategory.LinkLocal)]
    [InlineData("100.64.0.1", AddressCategory.CarrierGradeNat)]
    [InlineData("100.127.255.255", AddressCategory.CarrierGradeNat)]
    [InlineData("0.0.0.0", AddressCategory.Unspecified)]
    [InlineData("0.1.2.3", AddressCategory.Unspecified)]
    [InlineData("::", AddressCategory.Unspecified)]
    [InlineData("224.0.0.1", AddressCategory.Multicast)]
    [InlineData("239.255.255.250", AddressCategory.Multicast)]
    [InlineData("ff02::1", AddressCategory.Multicast)]
    [InlineData("fc00::1", AddressCategory.UniqueLocal)]
    [InlineData("fd12:3456::1", AddressCategory.UniqueLocal)]
    [InlineData("255.255.255.255", AddressCategory.Broadcast)]
    [InlineData("240.0.0.1", AddressCategory.Reserved)]
    [InlineData("192.0.2.1", AddressCategory.Reserved)]
    [InlineData("198.18.0.1", AddressCategory.Reserved)]
    [InlineData("2001:db8::1", AddressCategory.Reserved)]
    [InlineData("2001:0:4136:e378::1", AddressCategory.Reserved)]
    [InlineData("fec0::1", AddressCategory.Private)]
    // IPv6 forms carrying a blocked IPv4 address
    [InlineData("::ffff:127.0.0.1", AddressCategory.Loopback)]
    [InlineData("::ffff:10.1.2.3", AddressCategory.Private)]
    [InlineData("::ffff:169.254.169.254", AddressCategory.LinkLocal)]
    [InlineData("::127.0.0.1", AddressCategory.Loopback)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressCategory.LinkLocal)]
    [InlineData("64:ff9b::7f00:1", AddressCategory.Loopback)]
    [InlineData("2002:7f00:1::1", AddressCategory.Loopback)]
    [InlineData("2002:c0a8:101::1", AddressCategory.Private)]
    public void Classify_RefusesAddress_WhenInNonPublicRange(string address, AddressCategory expected)
    {
        var ip = IPAddress.Parse(address);

        Assert.Equal(expected, AddressClassifier.Classify(ip));
        Assert.True(AddressClassifier.IsBlocked(ip));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.255.255")]
    [InlineData("11.0.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Classify_AllowsAddress_WhenPublic(string address)
    {
        Assert.Equal(AddressCategory.Public, AddressClassifier.Classify(IPAddress.Parse(address)));
    }
}
