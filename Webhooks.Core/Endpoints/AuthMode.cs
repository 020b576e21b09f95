namespace Webhooks.Core.Endpoints;

public enum AuthMode
{
    None = 0,
    Basic = 1,
    Bearer = 2,
}
