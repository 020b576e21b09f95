using Microsoft.AspNetCore.DataProtection;

namespace Webhooks.Core.Endpoints;

public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    // One purpose string for every endpoint secret; changing it makes stored secrets unreadable.
    private readonly IDataProtector _protector = provider.CreateProtector("Webhooks.Endpoints.Secrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);
}
