namespace Webhooks.Core.Delivery.Outbound;

/// <summary>What kind of address a receiver resolved to; everything but <see cref="Public"/> is refused unless private networks are allowed.</summary>
public enum AddressCategory
{
    Public = 0,
    Loopback,
    Private,
    LinkLocal,
    CarrierGradeNat,
    Unspecified,
    Multicast,
    Broadcast,
    UniqueLocal,
    /// <summary>Documentation, benchmarking, future-use and other ranges nobody should be serving webhooks from.</summary>
    Reserved,
}
