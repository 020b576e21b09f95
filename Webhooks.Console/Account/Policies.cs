namespace Webhooks.Console.Account;

public static class Policies
{
    /// <summary>Changes anything.</summary>
    public const string Admin = "Admin";
    /// <summary>Reads everything but secrets.</summary>
    public const string Reader = "Reader";
}
