using Microsoft.Extensions.Logging;
using Webhooks.Core.Common;

namespace Webhooks.Console.Shared;

/// <summary>
/// Runs a page's load or action so a failure is shown in place: an exception that escapes a Blazor
/// handler ends the person's circuit, and the page with it.
/// </summary>
public static class PageGuard
{
    /// <summary>Runs <paramref name="work"/>; returns null when it succeeded, else the message to show.</summary>
    /// <param name="logger">Where unexpected failures are logged, with their stack.</param>
    /// <param name="action">What was attempted, for the log ("Change role", "Load Users").</param>
    /// <param name="work">The load or action.</param>
    /// <param name="busy">Set true before and false after (in finally), for spinners and disabled buttons.</param>
    /// <param name="describe">Turns the failure into the page's message; <see cref="UiError.Describe"/> by default.</param>
    public static async Task<string?> RunAsync(ILogger logger, string action, Func<Task> work, Action<bool>? busy = null, Func<Exception, string>? describe = null)
    {
        busy?.Invoke(true);
        try
        {
            await work();
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Refusals people can fix are not the server's fault; anything else is, and needs its stack.
            if (ex is UnauthorizedAccessException or NotFoundException or ValidationFailedException or ConcurrencyConflictException)
                logger.LogInformation("{Action} refused: {Reason}", action, ex.Message);
            else
                logger.LogError(ex, "{Action} failed", action);
            return (describe ?? UiError.Describe)(ex);
        }
        finally
        {
            busy?.Invoke(false);
        }
    }
}
