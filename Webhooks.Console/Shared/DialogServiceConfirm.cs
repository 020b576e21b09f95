using MudBlazor;

namespace Webhooks.Console.Shared;

/// <summary>The one way pages ask before a change that is hard to undo or surprising.</summary>
public static class DialogServiceConfirm
{
    /// <summary>Asks <paramref name="question"/>; true only when <paramref name="yesText"/> was pressed (Cancel, Escape: false).</summary>
    /// <param name="title">The dialog's heading.</param>
    /// <param name="question">What will happen, truthfully and completely.</param>
    /// <param name="yesText">The confirming button, named after the action ("Disable", "Archive").</param>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string question, string yesText) =>
        await dialogs.ShowMessageBoxAsync(title, question, yesText: yesText, cancelText: "Cancel") == true;
}
