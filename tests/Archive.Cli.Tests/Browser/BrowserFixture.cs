using System.Net;
using System.Net.Sockets;
using Archive.Cli.Serving;
using Archive.Site;
using Microsoft.Playwright;

namespace Archive.Cli.Tests.Browser;

/// <summary>
/// The bundled archive, built into a temp folder, served by the preview server, and a headless
/// Chromium (Debian's, driven by Playwright; never a downloaded browser) to visit it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"archive-browser-{Guid.NewGuid():N}");
    private IPlaywright? _playwright;

    public PreviewServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public SiteOptions Options { get; private set; } = null!;

    public Uri Home => Server.Address!;

    /// <summary>Where Chromium is: $CHROMIUM_PATH, else /usr/bin/chromium.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            var ci = Environment.GetEnvironmentVariable("CI") == "true" ? " (CI=true: browser tests never skip)" : "";
            throw new InvalidOperationException(
                $"No Chromium at {ChromiumPath}{ci}. Install Debian's: `sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium binary.");
        }

        Options = new SiteOptions
        {
            InputDirectory = RepoPaths.Get("input"),
            OutputDirectory = Path.Combine(_root, "output"),
            ThemeDirectory = RepoPaths.Get("theme"),
            CacheDirectory = Path.Combine(_root, "cache"),
            ContentDirectory = null,
        };
        new SiteBuild(Options).Run();
        Server = new PreviewServer(Options.OutputDirectory, "/");
        await Server.StartAsync(FreePort());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A new page that records JavaScript errors and failed requests, to be asserted empty.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add($"page error: {e}");
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add($"console error: {m.Text}");
            }
        };
        page.RequestFailed += (_, r) => errors.Add($"request failed: {r.Url}");
        return (page, errors);
    }

    public string Url(string relative) => new Uri(Home, relative).ToString();

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
