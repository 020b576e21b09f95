using Webhooks.Core.Common;

namespace Webhooks.Console.Shared;

/// <summary>
/// One wording for the failures every page can hit, so a person always learns why an action
/// did not happen (and a browser test can match the text).
/// </summary>
public static class UiError
{
    public const string AdminOnly = "Only an Admin can do this.";

    public static string Describe(Exception ex) => ex switch
    {
        UnauthorizedAccessException => AdminOnly,
        NotFoundException nf => $"{nf.What} '{nf.Id}' was not found; it may have been deleted meanwhile.",
        ConcurrencyConflictException cc => cc.Message,
        ValidationFailedException vf => string.Join(" ", vf.Errors.SelectMany(e => e.Value)),
        OperationCanceledException => "The action was cancelled.",
        // The innermost message is the one that says why ("database is locked"), not "see the inner exception".
        _ => "The action failed: " + ex.GetBaseException().Message,
    };

    /// <summary>Why a page's data could not be read; the rest of the page stays usable.</summary>
    public static string DescribeLoad(Exception ex) => ex switch
    {
        UnauthorizedAccessException or NotFoundException or ConcurrencyConflictException or ValidationFailedException => Describe(ex),
        _ => "This could not be loaded: " + ex.GetBaseException().Message,
    };
}
