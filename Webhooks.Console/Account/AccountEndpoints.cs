using Microsoft.AspNetCore.Identity;

namespace Webhooks.Console.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token (validated by UseAntiforgery), so no other site can sign people out.
        app.MapPost("/Account/Logout", async (SignInManager<IdentityUser> signIn, HttpContext context) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/Account/Login");
        }).DisableAntiforgery().AddEndpointFilter(async (ctx, next) =>
        {
            var antiforgery = ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(ctx.HttpContext))
                return Results.BadRequest("The sign-out form expired; reload the page and try again.");
            return await next(ctx);
        });
        return app;
    }
}
