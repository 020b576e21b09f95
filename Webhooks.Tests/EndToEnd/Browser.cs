using Microsoft.Playwright;

namespace Webhooks.Tests.EndToEnd;

/// <summary>Debian's Chromium driven by Playwright (never its own browser download).</summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private readonly List<IBrowserContext> _contexts = [];
    public IBrowser Instance { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        // One wait for every Expect, as long as the pages' own: Playwright's 5 s default fails on a
        // busy machine where the same condition comes true a few seconds later.
        Assertions.SetDefaultExpectTimeout(20_000);
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does.");
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context (own cookies) with a page; wait for conditions, not time.</summary>
    public async Task<IPage> NewPageAsync(string baseUrl)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        lock (_contexts)
            _contexts.Add(context);
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Closes every page opened so far; a test calls it when it ends. An open page keeps running: live
    /// updates, animations, and once its console is stopped Blazor's reconnection (30 tries over ~6
    /// minutes, the reconnect dialog animating), all on the CPU the next tests need.
    /// </summary>
    public async Task ClosePagesAsync()
    {
        IBrowserContext[] open;
        lock (_contexts)
        {
            open = [.. _contexts];
            _contexts.Clear();
        }
        foreach (var context in open)
            await context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        await ClosePagesAsync();
        if (Instance is not null)
            await Instance.DisposeAsync();
        _playwright?.Dispose();
    }
}
