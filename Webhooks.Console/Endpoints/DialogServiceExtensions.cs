using Radzen;
using Endpoint = Webhooks.Core.Endpoints.Endpoint;

namespace Webhooks.Console.Endpoints;

/// <summary>Opens the endpoint dialogs the same way from the list and the detail page.</summary>
public static class DialogServiceExtensions
{
    public static Task OpenTestAsync(this DialogService dialogs, Endpoint endpoint) =>
        dialogs.OpenAsync<TestDialog>($"Test {endpoint.Name}",
            new Dictionary<string, object?> { [nameof(TestDialog.Endpoint)] = endpoint },
            new DialogOptions { Width = "760px", Resizable = true, CloseDialogOnEsc = true });
}
