namespace Archive.Site.Tests;

/// <summary>The published search finds every report containing a phrase, and nothing for noise (checked with lunr.js on node).</summary>
public sealed class SearchQualityTests(BundledSiteFixture fixture) : IClassFixture<BundledSiteFixture>
{
    [Fact]
    public void Phrases_from_the_corpus_find_every_report_that_contains_them_and_noise_finds_nothing()
    {
        var result = NodeScripts.Run("search-quality.test.js", fixture.Site.Output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("recall 100%", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void The_index_stays_within_the_size_budget_for_the_bundled_archive()
    {
        var index = Directory.GetFiles(fixture.Site.Path("search"), "index.*.json").Single();
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(File.ReadAllBytes(index));
        }

        Assert.True(compressed.Length <= 600 * 1024, $"index is {compressed.Length / 1024} KB gzip");
        var text = File.ReadAllText(index);
        Assert.DoesNotContain("</script", text, StringComparison.OrdinalIgnoreCase);
    }
}
