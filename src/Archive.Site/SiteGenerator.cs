using System.Collections.Immutable;
using Archive.Ingest;
using Archive.Site.Model;
using Archive.Site.Pipeline;
using Archive.Site.Rendering;
using Archive.Site.Steps;
using Archive.Site.Theme;

namespace Archive.Site;

/// <summary>What one site build produced, before publishing.</summary>
public sealed record SiteBuildResult(
    IReadOnlyList<OutputEntry> Files,
    IngestResult Ingest,
    ImmutableArray<string> Warnings,
    ImmutableArray<StepTiming> Timings,
    string ThemeHash);

/// <summary>
/// Assembles the build's steps, Markdig-style: <c>new SiteBuilder().UseDefaultSteps().Build(options)</c>
/// gives a <see cref="SiteGenerator"/> whose step list no longer changes.
/// </summary>
public sealed class SiteBuilder
{
    private readonly List<IBuildStep> _steps = [];

    /// <summary>The standard steps; <paramref name="ingest"/> replaces reading the input folder (tests, benchmarks, incremental builds).</summary>
    public SiteBuilder UseDefaultSteps(Func<IngestResult>? ingest = null)
    {
        var renderer = new ReportRenderer();
        _steps.AddRange(
        [
            new IngestReports(ingest),
            new CopyAssets(),
            new RenderMarkdown(renderer),
            new RenderReportPages(),
            new PublishDownloads(),
            new RenderBrowsePages(),
            new RenderHomePage(),
            new RenderStatisticsPage(),
            new GenerateSearchIndex(),
            new RenderStaticPages(),
            new GenerateFeed(),
            new GenerateSitemap(),
            new ExportData(),
            new CheckLinks(),
        ]);
        return this;
    }

    public SiteBuilder Add(IBuildStep step)
    {
        _steps.Add(step);
        return this;
    }

    /// <summary>Removes a step by name (e.g. the link check in a quick preview).</summary>
    public SiteBuilder Remove(string name)
    {
        _steps.RemoveAll(s => s.Name == name);
        return this;
    }

    public SiteGenerator Build(SiteOptions options) => new(options, [.. _steps]);
}

/// <summary>Runs the build steps over a loaded theme and collects the site's files. Publishes nothing.</summary>
public sealed class SiteGenerator(SiteOptions options, ImmutableArray<IBuildStep> steps)
{
    public SiteOptions Options { get; } = options;

    public ImmutableArray<IBuildStep> Steps { get; } = steps;

    /// <summary>Runs the steps; files go to <paramref name="writer"/> (in memory when none is given) as they are made.</summary>
    public SiteBuildResult Generate(Action<string>? progress = null, Caching.RenderCache? renderCache = null, IOutputWriter? writer = null)
    {
        var theme = ThemeFiles.Load(Options.ThemeDirectory, progress);
        var context = new BuildContext(Options, theme, writer ?? new MemoryOutputWriter());
        context.Set(renderCache ?? Caching.RenderCache.Empty(RenderSalt(Options, theme.Hash)));
        var urls = new SiteUrls(Options.BaseUrl);
        var site = new SiteView(
            Options.SiteTitle,
            Options.SiteDescription,
            urls.BasePath,
            new AssetUrls(
                urls.Link(theme.AssetPath("site.css")),
                urls.Link(theme.AssetPath("site.js")),
                urls.Link(theme.AssetPath("search.js")),
                urls.Link(theme.AssetPath("browse.js")),
                urls.Link(theme.AssetPath("tokenizer.js")),
                urls.Link(theme.AssetPath("lunr.js")),
                urls.Link(theme.AssetPath("favicon.svg"))),
            [
                new NavItem("首页", urls.Link(""), false),
                new NavItem("浏览", urls.Link("browse/"), false),
                new NavItem("年份", urls.Link("year/"), false),
                new NavItem("层级", urls.Link("level/"), false),
                new NavItem("部门", urls.Link("department/"), false),
                new NavItem("时期", urls.Link("period/"), false),
                new NavItem("统计", urls.Link("stats/"), false),
                new NavItem("检索", urls.Link("search/"), false),
                new NavItem("关于", urls.Link("about/"), false),
            ],
            urls.Link("search/"));
        context.Set(new PageWriter(context, urls, site));

        var timings = StepRunner.Run(Steps, context, step => progress?.Invoke(step));
        return new SiteBuildResult(context.Outputs.Files, context.Get<IngestResult>(), context.Warnings, timings, theme.Hash);
    }

    /// <summary>Everything besides a report itself that its page depends on: tool, theme, site options.</summary>
    public static string RenderSalt(SiteOptions options, string themeHash) =>
        $"{Caching.ToolVersion.Key}|{themeHash}|{OptionsKey(options)}";

    /// <summary>The options that change what pages look like.</summary>
    public static string OptionsKey(SiteOptions options) =>
        string.Join('|', options.BaseUrl, options.SiteTitle, options.SiteDescription, options.PageSize, options.FeedSize);
}
