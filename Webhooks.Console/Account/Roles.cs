namespace Webhooks.Console.Account;

public static class Roles
{
    /// <summary>Everything: edit, delete, test, retry, reveal secrets, manage users and keys.</summary>
    public const string Admin = "Admin";
    /// <summary>Reads only.</summary>
    public const string Viewer = "Viewer";

    public static readonly string[] All = [Admin, Viewer];
}
