using Webhooks.Core.Common;

namespace Webhooks.Console.Api;

/// <summary>Maps the domain's exceptions to problem+json answers, so no bad input becomes a 500.</summary>
public sealed class ApiErrorFilter(ILogger<ApiErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ValidationFailedException ex)
        {
            return ApiProblems.Validation(ex.Errors);
        }
        catch (NotFoundException ex)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "Not found", ex.Message);
        }
        catch (ConcurrencyConflictException ex)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "Conflict", ex.Message);
        }
        catch (PayloadTooLargeException ex)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            logger.LogInformation("Bad API request to {Path}: {Reason}", context.HttpContext.Request.Path, ex.Message);
            return ApiProblems.Problem(ex.StatusCode, "Bad request", ex.Message);
        }
    }
}
