namespace Webhooks.Core.Inbox;

public enum SignatureCheck
{
    NoEndpoint = 0,
    Valid = 1,
    Invalid = 2,
}
