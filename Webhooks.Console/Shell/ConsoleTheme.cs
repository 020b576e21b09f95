using MudBlazor;

namespace Webhooks.Console.Shell;

/// <summary>The console's palette and type: system fonts, since no font may be fetched from outside.</summary>
public static class ConsoleTheme
{
    private static readonly string[] SystemFonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#4340d2", AppbarBackground = "#4340d2" },
        PaletteDark = new PaletteDark { Primary = "#8f8dff" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
        },
    };
}
