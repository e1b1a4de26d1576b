using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Archive.Site.Tests;

/// <summary>A site built from given input into temp folders, with helpers to read what was published.</summary>
public sealed class BuiltSite : IDisposable
{
    private readonly TempFolder _temp = TestPaths.Temp("site");
    private static readonly HtmlParser Parser = new();

    public BuiltSite(string? input = null, string baseUrl = "/", Func<SiteOptions, SiteOptions>? configure = null, Func<SiteBuilder>? steps = null)
    {
        Options = new SiteOptions
        {
            InputDirectory = input ?? TestPaths.Input,
            OutputDirectory = _temp.Combine("output"),
            ThemeDirectory = TestPaths.Theme,
            CacheDirectory = _temp.Combine("cache"),
            ContentDirectory = _temp.Combine("content"),
            BaseUrl = baseUrl,
        };
        Options = configure?.Invoke(Options) ?? Options;
        Summary = new SiteBuild(Options, steps).Run();
    }

    public SiteOptions Options { get; }

    public BuildSummary Summary { get; }

    public string Output => Options.OutputDirectory;

    public string Path(string relative) => System.IO.Path.Combine(Output, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public bool Exists(string relative) => File.Exists(Path(relative));

    public string Text(string relative) => File.ReadAllText(Path(relative));

    public IDocument Page(string relative) => Parser.ParseDocument(Text(relative));

    /// <summary>reports.json as parsed JSON.</summary>
    public JsonElement Reports => JsonDocument.Parse(Text("reports.json")).RootElement;

    /// <summary>Every file of the published site, relative, with forward slashes.</summary>
    public IReadOnlyList<string> Files() =>
        [.. Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Output, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    public IEnumerable<string> HtmlPages() => Files().Where(f => f.EndsWith(".html", StringComparison.Ordinal));

    public void Dispose() => _temp.Dispose();
}

/// <summary>The bundled archive, built once for a test class.</summary>
public sealed class BundledSiteFixture : IDisposable
{
    public BuiltSite Site { get; } = new();

    public void Dispose() => Site.Dispose();
}
