using MudBlazor;
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

    /// <summary>Asks before a delete, saying what goes with the endpoint: its whole delivery history.</summary>
    public static async Task<bool> ConfirmDeleteAsync(this IDialogService dialogs, DeliveryHistory history, Endpoint endpoint)
    {
        var deliveries = (await history.PageAsync(new DeliveryFilter { EndpointId = endpoint.Id }, DeliverySort.CreatedAt, true, 0, 1)).Total;
        var goesWithIt = deliveries switch
        {
            0 => "It has no deliveries yet.",
            1 => "Its 1 delivery and its attempts are deleted with it.",
            _ => $"Its {deliveries} deliveries and their attempts are deleted with it.",
        };
        var confirmed = await dialogs.ShowMessageBoxAsync("Delete endpoint",
            $"Delete the endpoint '{endpoint.Name}'? Nothing more will be sent to it. {goesWithIt}",
            yesText: "Delete", cancelText: "Cancel");
        return confirmed == true;
    }
}
