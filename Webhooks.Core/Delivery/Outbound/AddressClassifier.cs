using System.Net;
using System.Net.Sockets;

namespace Webhooks.Core.Delivery.Outbound;

/// <summary>
/// Sorts IP addresses into public and not-public, so the dispatcher cannot be pointed at the
/// machine itself, the LAN or a cloud metadata service. IPv6 forms that carry an IPv4 address
/// (mapped, compatible, NAT64, 6to4) are judged by the IPv4 address inside.
/// </summary>
public static class AddressClassifier
{
    public static bool IsBlocked(IPAddress address) => Classify(address) != AddressCategory.Public;

    public static AddressCategory Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return ClassifyV4(address.GetAddressBytes());
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return ClassifyV6(address.GetAddressBytes());
        return AddressCategory.Reserved;
    }

    private static AddressCategory ClassifyV4(ReadOnlySpan<byte> b)
    {
        return b[0] switch
        {
            0 => AddressCategory.Unspecified,                                   // 0.0.0.0/8
            10 => AddressCategory.Private,                                      // 10/8
            127 => AddressCategory.Loopback,                                    // 127/8
            100 when (b[1] & 0xC0) == 64 => AddressCategory.CarrierGradeNat,    // 100.64/10
            169 when b[1] == 254 => AddressCategory.LinkLocal,                  // 169.254/16, incl. metadata 169.254.169.254
            172 when (b[1] & 0xF0) == 16 => AddressCategory.Private,            // 172.16/12
            192 when b[1] == 168 => AddressCategory.Private,                    // 192.168/16
            192 when b[1] == 0 && b[2] == 0 => AddressCategory.Reserved,        // 192.0.0/24 protocol assignments
            192 when b[1] == 0 && b[2] == 2 => AddressCategory.Reserved,        // TEST-NET-1
            198 when (b[1] & 0xFE) == 18 => AddressCategory.Reserved,           // 198.18/15 benchmarking
            198 when b[1] == 51 && b[2] == 100 => AddressCategory.Reserved,     // TEST-NET-2
            203 when b[1] == 0 && b[2] == 113 => AddressCategory.Reserved,      // TEST-NET-3
            255 when b[1] == 255 && b[2] == 255 && b[3] == 255 => AddressCategory.Broadcast,
            >= 224 and <= 239 => AddressCategory.Multicast,                     // 224/4
            >= 240 => AddressCategory.Reserved,                                 // 240/4
            _ => AddressCategory.Public,
        };
    }

    private static AddressCategory ClassifyV6(byte[] b)
    {
        var span = b.AsSpan();
        if (span.IndexOfAnyExcept((byte)0) < 0)
            return AddressCategory.Unspecified;                                  // ::
        if (span[..15].IndexOfAnyExcept((byte)0) < 0 && b[15] == 1)
            return AddressCategory.Loopback;                                     // ::1
        if (span[..10].IndexOfAnyExcept((byte)0) < 0 && b[10] == 0xFF && b[11] == 0xFF)
            return ClassifyV4(span[12..]);                                       // ::ffff:a.b.c.d mapped
        if (span[..12].IndexOfAnyExcept((byte)0) < 0)
            return ClassifyV4(span[12..]);                                       // ::a.b.c.d compatible (deprecated)
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && span[4..12].IndexOfAnyExcept((byte)0) < 0)
            return ClassifyV4(span[12..]);                                       // 64:ff9b::/96 NAT64
        if (b[0] == 0x20 && b[1] == 0x02)
            return ClassifyV4(span[2..6]);                                       // 2002::/16 6to4
        if (b[0] == 0xFF)
            return AddressCategory.Multicast;                                    // ff00::/8
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
            return AddressCategory.LinkLocal;                                    // fe80::/10
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
            return AddressCategory.Private;                                      // fec0::/10 site-local (deprecated)
        if ((b[0] & 0xFE) == 0xFC)
            return AddressCategory.UniqueLocal;                                  // fc00::/7
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
            return AddressCategory.Reserved;                                     // 2001:db8::/32 documentation
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
            return AddressCategory.Reserved;                                     // 2001::/32 Teredo: the IPv4 inside is obfuscated, refuse outright
        if (b[0] == 0x01 && b[1] == 0x00 && span[2..8].IndexOfAnyExcept((byte)0) < 0)
            return AddressCategory.Reserved;                                     // 100::/64 discard
        return AddressCategory.Public;
    }
}
