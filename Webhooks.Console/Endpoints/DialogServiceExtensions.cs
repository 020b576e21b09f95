using MudBlazor;
using Webhooks.Console.Shared;
using Webhooks.Core.History;
using Endpoint = Webhooks.Core.Endpoints.Endpoint;

namespace Webhooks.Console.Endpoints;

/// <summary>Opens the endpoint dialogs the same way from the list and the detail page.</summary>
public static class DialogServiceExtensions
{
    /// <summary>The Test dialog for one endpoint; completes when it is closed.</summary>
    public static async Task OpenTestAsync(this IDialogService dialogs, Endpoint endpoint)
    {
        var parameters = new DialogParameters<TestDialog> { { d => d.Endpoint, endpoint } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<TestDialog>($"Test {endpoint.Name}", parameters, options);
        await dialog.Result;
    }

    /// <summary>The bulk recovery dialog; completes when it is closed.</summary>
    public static async Task OpenRecoverAsync(this IDialogService dialogs, Endpoint endpoint)
    {
        var parameters = new DialogParameters<RecoverDialog> { { d => d.EndpointId, endpoint.Id } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true };
        var dialog = await dialogs.ShowAsync<RecoverDialog>($"Recover deliveries of {endpoint.Name}", parameters, options);
        await dialog.Result;
    }

    /// <summary>
    /// Asks before a delete, saying what goes with the endpoint: its whole delivery history, counted.
    /// As with Stripe and GitHub, a deleted endpoint's deliveries go with it (history of a receiver
    /// that no longer exists cannot be retried or filtered by it); the events themselves stay.
    /// </summary>
    public static async Task<bool> ConfirmDeleteAsync(this IDialogService dialogs, DeliveryHistory history, Endpoint endpoint)
    {
        var (deliveries, attempts) = await history.CountOfEndpointAsync(endpoint.Id);
        var goesWithIt = deliveries == 0
            ? "It has no deliveries yet."
            : $"Its delivery history is deleted with it: {Count(deliveries, "delivery", "deliveries")} and {Count(attempts, "attempt", "attempts")}. The events themselves stay.";
        return await dialogs.ConfirmAsync("Delete endpoint",
            $"Delete the endpoint '{endpoint.Name}'? Nothing more will be sent to it. {goesWithIt} This cannot be undone.", "Delete");
    }

    /// <summary>Asks before Disable, saying what happens to what is waiting.</summary>
    public static Task<bool> ConfirmDisableAsync(this IDialogService dialogs, Endpoint endpoint) =>
        dialogs.ConfirmAsync("Disable endpoint",
            $"Disable the endpoint '{endpoint.Name}'? Nothing will be sent to it until it is enabled again: deliveries waiting for it and events published meanwhile are kept as Skipped, and \"Recover failed since…\" can send them later.",
            "Disable");

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
