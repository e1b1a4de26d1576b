using System.Text.Json;
using Xunit.Abstractions;

namespace Archive.Search.Tests;

/// <summary>
/// Checks the C# index writer and tokenizer against lunr.js and tokenizer.js under node
/// (tests/js/*.test.js). Both tests are in one class so they never run npm ci concurrently.
/// </summary>
public sealed class LunrCompatibilityTests(ITestOutputHelper output) : IDisposable
{
    private static readonly LunrIndexOptions Options = new() { Fields = [new("title", Boost: 10), new("body", 1)] };

    private readonly string workDir = Directory.CreateTempSubdirectory("archive-search-").FullName;

    public void Dispose() => Directory.Delete(workDir, recursive: true);

    [Fact]
    public void Tokenizer_js_passes_the_shared_vectors()
    {
        var result = NodeScripts.Run("tokenizer.test.js");
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Search_core_text_helpers_keep_positions_and_find_matches_in_any_width()
    {
        var result = NodeScripts.Run("search-core.test.js");
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Index_of_the_real_reports_and_its_shards_equal_what_lunr_builds_and_answer_queries_alike()
    {
        var documents = RealisticDocuments();
        var docsPath = Path.Combine(workDir, "docs.json");
        var indexPath = Path.Combine(workDir, "index.json");

        File.WriteAllText(docsPath, JsonSerializer.Serialize(new
        {
            fields = Options.Fields.Select(f => new { name = f.Name, boost = f.Boost }),
            documents = documents.Select(d => new { @ref = d.Ref, fields = d.Fields, boost = d.Boost }),
            queries = new[]
            {
                "第三季度", "街道", "高质量发展", "工作总结", "GDP", "gdp增长", "COVID-19", "constructor",
                "2023年", "script", "年", "党", "𠮷野家", "ｓｖｉｐ２０２３", "不存在的词汇组合", "hello world",
            },
        }));

        var builder = new LunrIndexBuilder(Options);
        builder.AddRange(documents);
        using (var stream = File.Create(indexPath))
        {
            builder.WriteTo(stream);
        }

        // 7 shards, those above the median split into parts (named <shard>-<part>.json): the node
        // test reads the layout from the names and picks files as the search page does.
        var byShard = builder.PostingsByShard(7);
        var median = byShard.Order().ElementAt(3);
        var plan = ShardPlan.Split(byShard, splitAbove: median, partPostings: Math.Max(1, median / 2));
        Assert.InRange(plan.FileCount, 8, 7 * ShardPlan.MaxParts);
        Assert.Contains(Enumerable.Range(0, 7), s => plan.PartsOf(s) == 1);
        var shardsDir = Directory.CreateDirectory(Path.Combine(workDir, "shards")).FullName;
        builder.WriteShards(plan, (f, write) =>
        {
            using var stream = File.Create(Path.Combine(shardsDir, $"{plan.KeyOf(f)}.json"));
            write(stream);
        });

        var result = NodeScripts.Run("lunr-compat.test.js", docsPath, indexPath, shardsDir);
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>
    /// input/*.txt split into chunks of 40 lines (title = the chunk's first line, body = the rest),
    /// plus hand-written documents with Latin words, digits, refs that look like array indexes or
    /// contain '/', a missing field, a document boost and hostile text.
    /// </summary>
    internal static List<SearchDocument> RealisticDocuments()
    {
        var documents = new List<SearchDocument>();
        var files = Directory.GetFiles(RepoPaths.Get("input"), "*.txt").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var start = 0; start < lines.Length; start += 40)
            {
                var chunk = lines.Skip(start).Take(40).ToArray();
                documents.Add(new SearchDocument(
                    $"/reports/{Path.GetFileNameWithoutExtension(file)}/#p{start / 40}",
                    new Dictionary<string, string> { ["title"] = chunk[0], ["body"] = string.Join('\n', chunk.Skip(1)) }));
            }
        }

        Fields Doc(string title, string body) => new() { ["title"] = title, ["body"] = body };
        documents.AddRange(
        [
            new("17", Doc("GDP增长5.2%", "SVIP2023 会员；COVID-19疫情防控；ＩＰｖ６与5G网络")),
            new("3", Doc("Hello World 你好世界", "hello hello world 2023年第三季度 xx街道 D建")),
            new("0", Doc("</script><script>alert(1)</script>", "constructor __proto__ toString valueOf hasOwnProperty")),
            new("</script>&<!--", Doc("𠮷野家 𠀀𠀁", "庆祝🎉成立100周年😀 二〇二三年 Crème Brûlée ΣΑΣ")),
            new("boosted", Doc("工作总结", "街道工作总结"), Boost: 3),
            new("no-title", new Fields { ["body"] = "只有正文没有标题 body only" }),
            new("empty", Doc("", "")),
            new("年", Doc("年", "年 年 年")),
        ]);
        return documents;
    }

    private sealed class Fields : Dictionary<string, string>;
}
