using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Webhooks.Core.Common;

namespace Webhooks.Console.Api;

/// <summary>Maps the domain's exceptions to problem+json answers, so no bad input becomes a 500.</summary>
public sealed class ApiErrorFilter(ILogger<ApiErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            var result = await next(context);
            // A query or route value that does not parse (?hours=abc) fails binding before the
            // handler runs; the framework then answers a bare 400 with no body.
            if (result is EmptyHttpResult && context.HttpContext.Response.StatusCode == StatusCodes.Status400BadRequest)
                return BindingProblem(context);
            return result;
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

    // Names the parameters that had a value in the request but reached the handler empty.
    private static IResult BindingProblem(EndpointFilterInvocationContext context)
    {
        var request = context.HttpContext.Request;
        var parameters = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [];
        var errors = new ValidationErrors();
        for (var i = 0; i < parameters.Length && i < context.Arguments.Count; i++)
        {
            var name = parameters[i].Name!;
            var given = request.Query.TryGetValue(name, out var query) ? query.ToString() : request.RouteValues.TryGetValue(name, out var route) ? route?.ToString() : null;
            if (given is not null && context.Arguments[i] is null)
                errors.Add(name, $"'{name}' has the wrong type: '{given}' is not a {Describe(parameters[i].ParameterType)}.");
        }
        if (errors.IsEmpty)
            errors.Add("query", "A query parameter could not be read.");
        return ApiProblems.Validation(errors.ToDictionary());
    }

    private static string Describe(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "whole number",
        var t when t == typeof(bool) => "boolean (true or false)",
        var t when t == typeof(DateTime) || t == typeof(DateTimeOffset) => "ISO 8601 time",
        var t => t.Name,
    };
}
