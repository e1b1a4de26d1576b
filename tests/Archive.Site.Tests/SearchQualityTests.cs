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
        var shards = Directory.GetFiles(fixture.Site.Path("search/index"), "*.json");
        Assert.True(shards.Length > 1, "the index is split into shards");
        long compressed = 0;
        foreach (var shard in shards)
        {
            using var buffer = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            {
                gzip.Write(File.ReadAllBytes(shard));
            }

            compressed += buffer.Length;
            Assert.DoesNotContain("</script", File.ReadAllText(shard), StringComparison.OrdinalIgnoreCase);
        }

        Assert.True(compressed <= 600 * 1024, $"index is {compressed / 1024} KB gzip");
    }

    [Fact]
    public void The_manifest_names_every_shard_and_document_chunk_the_build_wrote()
    {
        var manifestPath = Directory.GetFiles(fixture.Site.Path("search"), "manifest.*.json").Single();
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifestPath));
        var root = manifest.RootElement;
        var shards = root.GetProperty("shards").EnumerateArray().Select((h, s) => $"search/index/{s}.{h.GetString()}.json").ToList();
        var chunks = root.GetProperty("chunks").EnumerateArray().Select(c => $"search/documents/{c[0].GetInt32()}.{c[1].GetString()}.json").ToList();
        var written = fixture.Site.Files().Where(f => f.StartsWith("search/index/", StringComparison.Ordinal) || f.StartsWith("search/documents/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(written, shards.Concat(chunks).Order(StringComparer.Ordinal));

        // The chunks hold every report once, in order.
        var documents = chunks.SelectMany(c => System.Text.Json.JsonDocument.Parse(fixture.Site.Text(c)).RootElement.EnumerateArray()).ToList();
        Assert.Equal(root.GetProperty("documents").GetInt32(), documents.Count);
        Assert.Equal(26, documents.Select(d => d.GetProperty("id").GetString()).Distinct().Count());
        Assert.Contains($"data-manifest-url=\"/search/{Path.GetFileName(manifestPath)}\"", fixture.Site.Text("search/index.html"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_search_page_carries_the_manifest_so_a_search_starts_without_fetching_it()
    {
        var manifestPath = Directory.GetFiles(fixture.Site.Path("search"), "manifest.*.json").Single();
        var block = fixture.Site.Page("search/index.html").QuerySelector("script[type='application/json'][data-search-manifest]");

        Assert.NotNull(block);
        Assert.Equal(File.ReadAllText(manifestPath), block.TextContent);
    }
}
