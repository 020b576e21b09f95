namespace Webhooks.Core.Delivery;

public enum AttemptErrorKind
{
    None = 0,
    /// <summary>The receiver answered, but not with 2xx.</summary>
    HttpStatus = 1,
    Timeout = 2,
    Dns = 3,
    Refused = 4,
    Tls = 5,
    BlockedAddress = 6,
    Other = 7,
}
