using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Archive.Ingest;
using Archive.Site.Caching;
using Archive.Site.Pipeline;
using Archive.Site.Publishing;
using Archive.Site.Theme;

namespace Archive.Site;

/// <summary>A report that a build added, changed or removed: its id, title and source file.</summary>
public sealed record ReportChange(string Id, string Description);

/// <summary>What a build did, for the summary printed at the end.</summary>
public sealed record BuildSummary(
    int Reports,
    int Files,
    int Skipped,
    ImmutableArray<string> Warnings,
    PublishResult Published,
    ImmutableArray<StepTiming> Timings,
    TimeSpan Elapsed,
    ImmutableArray<ReportChange> ReportsAdded,
    ImmutableArray<ReportChange> ReportsChanged,
    ImmutableArray<ReportChange> ReportsRemoved)
{
    /// <summary>Nothing had changed since the last build: nothing was read, rendered or written.</summary>
    public bool NothingChanged { get; init; }

    /// <summary>Messages about the cache (discarded as corrupt or from another version…).</summary>
    public ImmutableArray<string> CacheMessages { get; init; } = [];

    /// <summary>Input files whose ingest came from the cache.</summary>
    public int FilesFromCache { get; init; }
}

/// <summary>
/// One build of the site, end to end: take the lock; if nothing changed since the last build, stop;
/// otherwise ingest (unchanged files from the cache), run the steps (unchanged report pages reused),
/// publish atomically, remember the build, sync the derived content folder. Used by build, watch and serve.
/// </summary>
public sealed class SiteBuild(SiteOptions options, Func<SiteBuilder>? steps = null)
{
    public SiteOptions Options { get; } = options;

    /// <summary>How long a build waits for another build of the same site before giving up.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(60);

    public BuildSummary Run(Action<string>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        var cacheDirectory = Options.EffectiveCacheDirectory;
        using var buildLock = BuildLock.Acquire(cacheDirectory, LockWait);
        var messages = new List<string>();
        var cache = BuildCache.Open(cacheDirectory, Options.Clean, messages.Add);
        var publisher = new SitePublisher(Options.OutputDirectory, cacheDirectory);
        if (publisher.FinishInterruptedCommit() is { } finished)
        {
            messages.Add(finished);
        }

        ThemeFiles.EnsureLunr(Path.GetFullPath(Options.ThemeDirectory), progress);
        var inputs = CachedIngest.Stamp(Options.InputDirectory, cache.State?.Inputs);
        var configHash = CachedIngest.ConfigHash(Options.InputDirectory);
        var themeHash = ThemeFiles.ComputeHash(Options.ThemeDirectory);
        var fingerprint = Fingerprint(themeHash, configHash, inputs);
        if (!Options.Clean && cache.State is { } last && last.Fingerprint == fingerprint && publisher.IsIntact())
        {
            return new BuildSummary(last.Reports.Count, inputs.Count, 0, [], new PublishResult(0, 0, []), [], watch.Elapsed, [], [], [])
            {
                NothingChanged = true,
                CacheMessages = [.. messages],
            };
        }

        progress?.Invoke("ingest");
        var pipeline = new IngestPipeline(InputFolder.LoadOptions(Options.InputDirectory)
            with { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism });
        var (ingest, fileKeys, fromCache) = CachedIngest.Run(pipeline, inputs, cache, configHash);

        var salt = SiteGenerator.RenderSalt(Options, themeHash);
        var renderCache = Options.Clean
            ? RenderCache.Empty(salt)
            : new RenderCache(cache.State?.PageKeys ?? [], publisher.TryGetPublished, cache.Bodies, salt);
        var generator = (steps?.Invoke() ?? new SiteBuilder().UseDefaultSteps(() => ingest)).Build(Options);
        var staging = publisher.Begin();
        SiteBuildResult result;
        try
        {
            result = generator.Generate(progress, renderCache, staging);
        }
        catch
        {
            SitePublisher.Abort(staging);
            throw;
        }

        progress?.Invoke("publishing");
        var before = cache.State?.Reports ?? [];
        var published = publisher.Commit(staging, result.Files);
        var reports = result.Ingest.Reports.ToDictionary(
            r => r.Id,
            r => $"{r.Metadata.Title.Value} ({r.Sources[0].File}:{r.Sources[0].Line})",
            StringComparer.Ordinal);
        cache.Save(
            new BuildState(ToolVersion.Key, fingerprint, inputs.ToDictionary(i => i.File.Name, i => i.Stamp, StringComparer.Ordinal),
                new Dictionary<string, string>(renderCache.Keys, StringComparer.Ordinal), reports),
            renderCache.Bodies,
            fileKeys);

        if (Options.ContentDirectory is { } content)
        {
            ContentFolder.Sync(content, Options.OutputDirectory,
                result.Files.Select(f => f.Path).Where(p => p.StartsWith("reports/", StringComparison.Ordinal) && p.EndsWith(".md", StringComparison.Ordinal)));
        }

        var previousHashes = ReportHashes(published.PreviousHashes);
        var currentHashes = ReportHashes(result.Files.ToDictionary(f => f.Path, f => f.Hash, StringComparer.Ordinal));
        ReportChange Describe(string id, IReadOnlyDictionary<string, string> titles) => new(id, titles.GetValueOrDefault(id) ?? id);
        return new BuildSummary(
            result.Ingest.Reports.Length,
            result.Ingest.Files.Length,
            result.Ingest.Skipped.Length,
            [.. messages.Select(m => "cache: " + m), .. result.Warnings],
            published,
            result.Timings,
            watch.Elapsed,
            [.. currentHashes.Keys.Where(k => !previousHashes.ContainsKey(k)).Order(StringComparer.Ordinal).Select(id => Describe(id, reports))],
            [.. currentHashes.Keys.Where(k => previousHashes.TryGetValue(k, out var h) && h != currentHashes[k]).Order(StringComparer.Ordinal).Select(id => Describe(id, reports))],
            [.. previousHashes.Keys.Where(k => !currentHashes.ContainsKey(k)).Order(StringComparer.Ordinal).Select(id => Describe(id, before))])
        {
            CacheMessages = [.. messages],
            FilesFromCache = fromCache,
        };
    }

    private string Fingerprint(string themeHash, string configHash, IReadOnlyList<InputEntry> inputs)
    {
        var sb = new StringBuilder();
        sb.Append(ToolVersion.Key).Append('\n').Append(themeHash).Append('\n').Append(configHash).Append('\n')
            .Append(SiteGenerator.OptionsKey(Options)).Append('\n').Append(Path.GetFullPath(Options.InputDirectory)).Append('\n');
        foreach (var input in inputs)
        {
            sb.Append(input.File.Name).Append('\t').Append(input.Stamp.Sha256).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    // Report id → hash of its Markdown download: tells which reports were added, changed, removed.
    private static Dictionary<string, string> ReportHashes(IReadOnlyDictionary<string, string> files) =>
        files.Where(kv => kv.Key.StartsWith("reports/", StringComparison.Ordinal) && kv.Key.EndsWith(".md", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key.Split('/')[1], kv => kv.Value, StringComparer.Ordinal);
}
