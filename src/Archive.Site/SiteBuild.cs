using System.Collections.Immutable;
using System.Diagnostics;
using Archive.Site.Pipeline;
using Archive.Site.Publishing;

namespace Archive.Site;

/// <summary>What a build did, for the summary printed at the end.</summary>
public sealed record BuildSummary(
    int Reports,
    int Files,
    int Skipped,
    ImmutableArray<string> Warnings,
    PublishResult Published,
    ImmutableArray<StepTiming> Timings,
    TimeSpan Elapsed,
    ImmutableArray<string> ReportsAdded,
    ImmutableArray<string> ReportsChanged,
    ImmutableArray<string> ReportsRemoved);

/// <summary>
/// One build of the site, end to end: take the lock, run the steps, publish atomically, sync the
/// derived content folder. Used by the build, watch and serve verbs.
/// </summary>
public sealed class SiteBuild(SiteOptions options, Func<SiteBuilder>? steps = null)
{
    public SiteOptions Options { get; } = options;

    /// <summary>How long a build waits for another build of the same site before giving up.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(60);

    public BuildSummary Run(Action<string>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        using var buildLock = BuildLock.Acquire(Options.EffectiveCacheDirectory, LockWait);
        var publisher = new SitePublisher(Options.OutputDirectory, Options.EffectiveCacheDirectory);
        var before = ReportHashes(publisher.PublishedHashes());

        var generator = (steps?.Invoke() ?? new SiteBuilder().UseDefaultSteps()).Build(Options);
        var result = generator.Generate(progress);
        progress?.Invoke("publishing");
        var published = publisher.Publish(result.Files, Options.MaxDegreeOfParallelism);
        if (Options.ContentDirectory is { } content)
        {
            ContentFolder.Sync(content, result.Files.Where(f => f.Path.StartsWith("reports/", StringComparison.Ordinal) && f.Path.EndsWith(".md", StringComparison.Ordinal)));
        }

        var after = ReportHashes(result.Files.ToDictionary(f => f.Path, f => f.Hash, StringComparer.Ordinal));
        return new BuildSummary(
            result.Ingest.Reports.Length,
            result.Ingest.Files.Length,
            result.Ingest.Skipped.Length,
            result.Warnings,
            published,
            result.Timings,
            watch.Elapsed,
            [.. after.Keys.Where(k => !before.ContainsKey(k)).Order(StringComparer.Ordinal)],
            [.. after.Keys.Where(k => before.TryGetValue(k, out var h) && h != after[k]).Order(StringComparer.Ordinal)],
            [.. before.Keys.Where(k => !after.ContainsKey(k)).Order(StringComparer.Ordinal)]);
    }

    // Report id → hash of its Markdown download: tells which reports were added, changed, removed.
    private static Dictionary<string, string> ReportHashes(IReadOnlyDictionary<string, string> files) =>
        files.Where(kv => kv.Key.StartsWith("reports/", StringComparison.Ordinal) && kv.Key.EndsWith(".md", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key.Split('/')[1], kv => kv.Value, StringComparer.Ordinal);
}
