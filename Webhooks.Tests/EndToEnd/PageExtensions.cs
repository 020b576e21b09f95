using Microsoft.Playwright;

namespace Webhooks.Tests.EndToEnd;

public static class PageExtensions
{
    /// <summary>Opens a console page and waits until its circuit is live, so clicks are not lost on prerendered HTML.</summary>
    public static async Task GotoInteractiveAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("main[data-interactive=true]").WaitForAsync();

    public static async Task LogInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForInteractiveAsync();
    }
}
