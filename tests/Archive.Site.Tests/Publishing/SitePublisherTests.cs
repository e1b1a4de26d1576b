using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Archive.Site.Pipeline;
using Archive.Site.Publishing;

namespace Archive.Site.Tests.Publishing;

/// <summary>
/// Publishing: a first site goes in whole; later ones move in only what changed, delete what the new
/// site no longer has, and a publication cut short is finished by the next one.
/// </summary>
public sealed class SitePublisherTests : IDisposable
{
    private readonly TempFolder _temp = TestPaths.Temp("publisher");

    private string Output => _temp.Combine("site");

    private SitePublisher NewPublisher() => new(Output, _temp.Combine("cache"));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Stages the files (path → text) and returns what Commit needs.</summary>
    private static List<OutputEntry> Stage(SitePublisher.Staging staging, IReadOnlyDictionary<string, string> files) =>
        [.. files.Select(kv =>
        {
            var bytes = Encoding.UTF8.GetBytes(kv.Value);
            staging.Write(kv.Key, bytes, Hash(kv.Value));
            return new OutputEntry(kv.Key, Hash(kv.Value), bytes.Length, "test");
        })];

    private PublishResult Publish(IReadOnlyDictionary<string, string> files)
    {
        var publisher = NewPublisher();
        var staging = publisher.Begin();
        return publisher.Commit(staging, Stage(staging, files));
    }

    private Dictionary<string, string> Published() =>
        Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(Output, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> First = new(StringComparer.Ordinal)
    {
        ["index.html"] = "home 1",
        ["reports/a/index.html"] = "report a",
        ["reports/b/index.html"] = "report b",
        ["search/index/0.aaa.json"] = "shard 0",
    };

    [Fact]
    public void A_first_site_is_staged_whole_and_a_later_one_stages_only_what_changed()
    {
        Assert.False(NewPublisher().Begin().ChangedOnly);
        Publish(First);

        var publisher = NewPublisher();
        var staging = publisher.Begin();
        Stage(staging, new Dictionary<string, string> { ["index.html"] = "home 2", ["reports/a/index.html"] = "report a" });

        Assert.True(staging.ChangedOnly);
        Assert.Equal(["index.html"], Directory.EnumerateFiles(staging.Directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(staging.Directory, f)));
        Assert.Equal((1, 1), (staging.Written, staging.Unchanged));
    }

    [Fact]
    public void Publishing_changed_files_leaves_the_site_a_whole_publication_would_give()
    {
        Publish(First);
        var unchanged = File.GetLastWriteTimeUtc(Path.Combine(Output, "reports", "a", "index.html"));
        File.WriteAllText(Path.Combine(Output, "left-by-hand.txt"), "not part of the site");
        var second = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["index.html"] = "home 2",
            ["reports/a/index.html"] = "report a",
            ["reports/c/index.html"] = "report c",
            ["search/index/0.bbb.json"] = "shard 0, rescored",
        };

        var result = Publish(second);

        Assert.Equal(second, Published());
        Assert.Equal(["reports/b/index.html", "search/index/0.aaa.json"], result.Removed);
        Assert.False(Directory.Exists(Path.Combine(Output, "reports", "b")), "a folder emptied by the publication stays behind");
        Assert.Equal(unchanged, File.GetLastWriteTimeUtc(Path.Combine(Output, "reports", "a", "index.html")));
        Assert.False(Directory.Exists(Output + ".staging"));
        Assert.True(NewPublisher().IsIntact());
    }

    [Fact]
    public void A_file_can_become_a_folder_and_a_folder_a_file()
    {
        Publish(new Dictionary<string, string> { ["a"] = "file a", ["b/index.html"] = "in folder b" });

        Publish(new Dictionary<string, string> { ["a/index.html"] = "in folder a", ["b"] = "file b" });

        Assert.Equal(new Dictionary<string, string> { ["a/index.html"] = "in folder a", ["b"] = "file b" }, Published());
    }

    [Fact]
    public void A_publication_cut_short_is_finished_before_anything_reads_the_published_site()
    {
        Publish(First);
        // A build killed after writing its journal and moving in one of its two files.
        var staging = NewPublisher().Begin();
        Stage(staging, new Dictionary<string, string> { ["index.html"] = "home 2", ["reports/c/index.html"] = "report c" });
        File.Move(Path.Combine(staging.Directory, "index.html"), Path.Combine(Output, "index.html"), overwrite: true);
        File.WriteAllBytes(_temp.Combine("cache", "commit.json"), JsonSerializer.SerializeToUtf8Bytes(
            new SitePublisher.CommitJournal(staging.Directory, ["index.html", "reports/c/index.html"], ["reports/b/index.html"])));

        var message = NewPublisher().FinishInterruptedCommit();

        Assert.Contains("interrupted", message, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string>
        {
            ["index.html"] = "home 2",
            ["reports/a/index.html"] = "report a",
            ["reports/c/index.html"] = "report c",
            ["search/index/0.aaa.json"] = "shard 0",
        }, Published());
        Assert.False(File.Exists(_temp.Combine("cache", "commit.json")));
        Assert.Null(NewPublisher().FinishInterruptedCommit());
    }

    [Fact]
    public void A_journal_whose_publication_was_carried_out_whole_is_applied_again_harmlessly()
    {
        // A build killed after its renames and deletions (report b's folder already pruned) but before
        // it removed its journal.
        Publish(First);
        var second = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["index.html"] = "home 2",
            ["reports/a/index.html"] = "report a",
            ["search/index/0.aaa.json"] = "shard 0",
        };
        Publish(second);
        File.WriteAllBytes(_temp.Combine("cache", "commit.json"), JsonSerializer.SerializeToUtf8Bytes(
            new SitePublisher.CommitJournal(Output + ".staging", ["index.html"], ["reports/b/index.html"])));

        var message = NewPublisher().FinishInterruptedCommit();

        Assert.Contains("interrupted", message, StringComparison.Ordinal);
        Assert.Equal(second, Published());
        Assert.True(NewPublisher().IsIntact());
    }

    [Fact]
    public void An_unreadable_journal_makes_the_next_publication_a_whole_one()
    {
        Publish(First);
        File.WriteAllText(_temp.Combine("cache", "commit.json"), "{\"Staging\": \"/tm");

        var message = NewPublisher().FinishInterruptedCommit();
        var publisher = NewPublisher();

        Assert.Contains("unreadable", message, StringComparison.Ordinal);
        Assert.False(publisher.IsIntact());
        Assert.False(publisher.Begin().ChangedOnly);
    }

    public void Dispose() => _temp.Dispose();
}
