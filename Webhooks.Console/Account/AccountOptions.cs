using System.ComponentModel.DataAnnotations;

namespace Webhooks.Console.Account;

/// <summary>Sign-in settings under <c>Webhooks:Accounts</c>.</summary>
public sealed class AccountOptions
{
    public const string Section = "Webhooks:Accounts";

    /// <summary>
    /// How often an open console tab checks its user against the store (removed, role changed,
    /// password or security stamp changed). At most a minute, so lost rights are lost quickly.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Webhooks:Accounts:RevalidationInterval must be between 1 second and 1 minute.")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}
