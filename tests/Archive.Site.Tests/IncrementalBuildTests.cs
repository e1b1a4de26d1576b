using System.Security.Cryptography;
using Archive.Site.Pipeline;
using Archive.Site.Publishing;
using Archive.Site.Steps;

namespace Archive.Site.Tests;

/// <summary>Rebuilding touches only what changed, never moves a URL, and equals a clean build byte for byte.</summary>
public sealed class IncrementalBuildTests : IDisposable
{
    private readonly TempFolder _temp = TestPaths.Temp("incremental");

    private string Input => _temp.Combine("input");

    private SiteOptions Options(string output = "output", bool clean = false) => new()
    {
        InputDirectory = Input,
        OutputDirectory = _temp.Combine(output),
        ThemeDirectory = TestPaths.Theme,
        CacheDirectory = _temp.Combine(output + "-cache"),
        ContentDirectory = _temp.Combine(output + "-content"),
        Clean = clean,
    };

    private void CopyCorpus(params string[] except)
    {
        Directory.CreateDirectory(Input);
        foreach (var file in Directory.GetFiles(TestPaths.Input, "*.txt").Where(f => !except.Any(e => f.EndsWith(e, StringComparison.Ordinal))))
        {
            File.Copy(file, Path.Combine(Input, Path.GetFileName(file)), overwrite: true);
        }
    }

    private static Dictionary<string, (string Hash, DateTime Written)> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f),
            f => (Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), File.GetLastWriteTimeUtc(f)),
            StringComparer.Ordinal);

    private static HashSet<string> ReportUrls(string output) =>
        [.. System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "reports.json"))).RootElement
            .EnumerateArray().Select(r => r.GetProperty("url").GetString()!)];

    [Fact]
    public void A_rebuild_without_changes_writes_nothing()
    {
        CopyCorpus();
        new SiteBuild(Options()).Run();
        var before = Snapshot(Options().OutputDirectory);

        var summary = new SiteBuild(Options()).Run();

        Assert.True(summary.NothingChanged);
        Assert.Equal(before, Snapshot(Options().OutputDirectory));
    }

    [Fact]
    public void Adding_a_compilation_adds_exactly_its_reports_and_moves_no_url()
    {
        const string added = "002_6a74d82b30bd2452.txt";
        CopyCorpus(added);
        new SiteBuild(Options()).Run();
        var before = ReportUrls(Options().OutputDirectory);
        var beforeFiles = Snapshot(Options().OutputDirectory);

        File.Copy(Path.Combine(TestPaths.Input, added), Path.Combine(Input, added));
        var summary = new SiteBuild(Options()).Run();
        var after = ReportUrls(Options().OutputDirectory);

        Assert.Subset(after, before);
        Assert.Equal(11, after.Count - before.Count);
        Assert.Equal(11, summary.ReportsAdded.Length);
        Assert.All(summary.ReportsAdded, r => Assert.Contains(added, r.Description, StringComparison.Ordinal));
        Assert.Empty(summary.ReportsRemoved);
        Assert.Equal(3, summary.FilesFromCache);
        // Files whose bytes did not change were not rewritten: same modification time.
        var afterFiles = Snapshot(Options().OutputDirectory);
        var kept = beforeFiles.Where(kv => afterFiles.TryGetValue(kv.Key, out var now) && now.Hash == kv.Value.Hash).ToList();
        Assert.NotEmpty(kept);
        Assert.All(kept, kv => Assert.Equal(kv.Value.Written, afterFiles[kv.Key].Written));
    }

    [Fact]
    public void An_incremental_build_equals_a_clean_build_byte_for_byte()
    {
        CopyCorpus("003_d8b7eb1687d0ddd9.txt");
        new SiteBuild(Options()).Run();
        CopyCorpus();
        File.Delete(Path.Combine(Input, "000_284f6b41bf903856.txt"));
        new SiteBuild(Options()).Run();

        new SiteBuild(Options("clean", clean: true)).Run();

        var incremental = Snapshot(Options().OutputDirectory).ToDictionary(kv => kv.Key, kv => kv.Value.Hash);
        var clean = Snapshot(Options("clean").OutputDirectory).ToDictionary(kv => kv.Key, kv => kv.Value.Hash);
        Assert.Equal(clean, incremental);
    }

    [Fact]
    public void Removing_a_file_removes_its_reports_pages_and_says_which()
    {
        CopyCorpus();
        new SiteBuild(Options()).Run();
        File.Delete(Path.Combine(Input, "000_284f6b41bf903856.txt"));

        var summary = new SiteBuild(Options()).Run();

        Assert.Equal(4, summary.ReportsRemoved.Length);
        foreach (var r in summary.ReportsRemoved)
        {
            Assert.Contains("000_284f6b41bf903856.txt", r.Description, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(Options().OutputDirectory, "reports", r.Id)));
        }
    }

    [Fact]
    public void A_corrupt_cache_is_discarded_with_a_message_and_the_build_recovers()
    {
        CopyCorpus();
        new SiteBuild(Options()).Run();
        var store = Path.Combine(Options().CacheDirectory!, "store");
        File.WriteAllText(Path.Combine(store, "state.json"), "{ not json");
        foreach (var entry in Directory.GetFiles(Path.Combine(store, "files")))
        {
            File.WriteAllBytes(entry, [0xFF, 0x00, 0x42]);
        }

        File.SetLastWriteTimeUtc(Path.Combine(Input, "001_f7a6677d878e2b53.txt"), DateTime.UtcNow);
        var summary = new SiteBuild(Options()).Run();

        Assert.False(summary.NothingChanged);
        Assert.Contains(summary.CacheMessages, m => m.Contains("corrupt", StringComparison.Ordinal));
        Assert.Equal(0, summary.FilesFromCache);
        Assert.Equal(26, summary.Reports);

        new SiteBuild(Options("clean", clean: true)).Run();
        Assert.Equal(
            Snapshot(Options("clean").OutputDirectory).ToDictionary(kv => kv.Key, kv => kv.Value.Hash),
            Snapshot(Options().OutputDirectory).ToDictionary(kv => kv.Key, kv => kv.Value.Hash));
    }

    [Fact]
    public void Adding_a_file_rewrites_only_the_cached_texts_its_reports_fall_in()
    {
        const string added = "000_284f6b41bf903856.txt";
        CopyCorpus(except: added);
        new SiteBuild(Options()).Run();
        var shards = Path.Combine(Options().CacheDirectory!, "store", "bodies");
        var before = Snapshot(shards);
        CopyCorpus();

        var summary = new SiteBuild(Options()).Run();

        var hashes = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Options().OutputDirectory, "reports.json"))).RootElement
            .EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("contentHash").GetString()!);
        var touched = summary.ReportsAdded.Select(r => hashes[r.Id][..2] + ".json").ToHashSet(StringComparer.Ordinal);
        var after = Snapshot(shards);
        Assert.Equal(4, summary.ReportsAdded.Length);
        Assert.All(after.Where(kv => !touched.Contains(kv.Key)), kv => Assert.Equal(before[kv.Key], kv.Value));
        Assert.All(touched, name => Assert.NotEqual(before.GetValueOrDefault(name), after[name]));
        Assert.Equal(hashes.Values.Select(h => h[..2] + ".json").ToHashSet(StringComparer.Ordinal), after.Keys.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void A_corrupt_file_of_cached_texts_is_discarded_and_the_output_still_equals_a_clean_build()
    {
        CopyCorpus();
        new SiteBuild(Options()).Run();
        var shard = Directory.GetFiles(Path.Combine(Options().CacheDirectory!, "store", "bodies")).Order(StringComparer.Ordinal).First();
        File.WriteAllText(shard, "{ \"truncated");
        File.Delete(Path.Combine(Input, "000_284f6b41bf903856.txt")); // a change: the other reports' pages are reused, with their texts

        var summary = new SiteBuild(Options()).Run();

        Assert.Contains(summary.CacheMessages, m => m.Contains("corrupt", StringComparison.Ordinal) && m.Contains(Path.GetFileName(shard), StringComparison.Ordinal));
        new SiteBuild(Options("clean", clean: true)).Run();
        Assert.Equal(
            Snapshot(Options("clean").OutputDirectory).ToDictionary(kv => kv.Key, kv => kv.Value.Hash),
            Snapshot(Options().OutputDirectory).ToDictionary(kv => kv.Key, kv => kv.Value.Hash));
        // The discarded file is written again when a report's text falls in it: one file per first two digits.
        var prefixes = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Options().OutputDirectory, "reports.json"))).RootElement
            .EnumerateArray().Select(r => r.GetProperty("contentHash").GetString()![..2] + ".json").ToHashSet(StringComparer.Ordinal);
        Assert.Equal(prefixes, Directory.GetFiles(Path.GetDirectoryName(shard)!).Select(f => Path.GetFileName(f)).ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void A_cache_from_another_version_is_discarded()
    {
        CopyCorpus();
        new SiteBuild(Options()).Run();
        File.WriteAllText(Path.Combine(Options().CacheDirectory!, "store", "version"), "0000000000000000");

        var summary = new SiteBuild(Options()).Run();

        Assert.Contains(summary.CacheMessages, m => m.Contains("another version", StringComparison.Ordinal));
        Assert.Equal(0, summary.FilesFromCache);
    }

    [Fact]
    public void A_failed_build_leaves_the_published_site_untouched()
    {
        CopyCorpus();
        new SiteBuild(Options()).Run();
        var before = Snapshot(Options().OutputDirectory);
        File.Delete(Path.Combine(Input, "000_284f6b41bf903856.txt"));

        Assert.ThrowsAny<Exception>(() => new SiteBuild(Options(), () => new SiteBuilder().UseDefaultSteps().Add(new FailingStep())).Run());

        Assert.Equal(before, Snapshot(Options().OutputDirectory));
    }

    [Fact]
    public void A_second_build_at_the_same_time_waits_then_refuses_with_a_clear_message()
    {
        CopyCorpus();
        Directory.CreateDirectory(Options().CacheDirectory!);
        using var held = BuildLock.Acquire(Options().CacheDirectory!, TimeSpan.Zero);

        var error = Assert.Throws<BuildLockedException>(() => new SiteBuild(Options()) { LockWait = TimeSpan.FromMilliseconds(300) }.Run());

        Assert.Contains("another build", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_input_folder_is_never_modified()
    {
        CopyCorpus();
        var before = Snapshot(Input);

        new SiteBuild(Options()).Run();
        new SiteBuild(Options(clean: true)).Run();

        Assert.Equal(before, Snapshot(Input));
    }

    [Fact]
    public void The_same_input_gives_byte_identical_output()
    {
        CopyCorpus();
        new SiteBuild(Options("a", clean: true)).Run();
        new SiteBuild(Options("b", clean: true)).Run();

        Assert.Equal(
            Snapshot(Options("a").OutputDirectory).ToDictionary(kv => kv.Key, kv => kv.Value.Hash),
            Snapshot(Options("b").OutputDirectory).ToDictionary(kv => kv.Key, kv => kv.Value.Hash));
    }

    public void Dispose() => _temp.Dispose();

    private sealed class FailingStep : BuildStep
    {
        public override IReadOnlyList<string> DependsOn => [nameof(RenderReportPages)];

        public override void Execute(BuildContext context) => throw new InvalidOperationException("simulated failure");
    }
}
