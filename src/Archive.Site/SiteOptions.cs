namespace Archive.Site;

/// <summary>How a site is built. Immutable; the command line makes one per run.</summary>
public sealed record SiteOptions
{
    /// <summary>Folder of raw files; never written to.</summary>
    public required string InputDirectory { get; init; }

    /// <summary>Folder the site is published into (swapped in whole when the build succeeds).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Theme folder: layouts, partials, assets, package.json for lunr.js.</summary>
    public required string ThemeDirectory { get; init; }

    /// <summary>Folder the build owns for its cache and staging (git-ignored). Defaults next to the output.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Derived content folder: one Markdown file per report. Null to skip writing it.</summary>
    public string? ContentDirectory { get; init; }

    /// <summary>Where the site is served: "/" (default), "/archive/", or "https://example.org/archive/".</summary>
    public string BaseUrl { get; init; } = "/";

    /// <summary>Site name shown in the header and feeds.</summary>
    public string SiteTitle { get; init; } = "工作报告档案馆";

    public string SiteDescription { get; init; } = "各级政府部门工作总结与工作计划的整理、分类与全文检索。";

    /// <summary>Reports per page on browse pages before paginating.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>Entries in feed.xml and "latest additions".</summary>
    public int FeedSize { get; init; } = 20;

    /// <summary>Ignore the cache and rebuild everything.</summary>
    public bool Clean { get; init; }

    /// <summary>Degree of parallelism for rendering.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    public string EffectiveCacheDirectory =>
        CacheDirectory ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(OutputDirectory).TrimEnd(Path.DirectorySeparatorChar))!, ".archive-cache");
}
