namespace Webhooks.Core.Endpoints;

/// <summary>Encrypts endpoint secrets and credentials at rest (ASP.NET Core Data Protection).</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);
    string Unprotect(string protectedValue);
}
