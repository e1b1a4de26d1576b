using System.Text;

namespace Archive.Site.Tests;

/// <summary>Whatever arrives in input/, the archive builds, says what it could not use, and loses no text.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder _input = TestPaths.Temp("bad-input");

    private static byte[] Corpus(string name) => File.ReadAllBytes(Path.Combine(TestPaths.Input, name));

    private void Put(string name, byte[] bytes) => File.WriteAllBytes(_input.Combine(name), bytes);

    [Fact]
    public void Broken_and_odd_files_are_skipped_with_a_reason_and_the_rest_builds()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030");
        Put("000_284f6b41bf903856.txt", Corpus("000_284f6b41bf903856.txt"));
        Put("001_f7a6677d878e2b53.txt", Corpus("001_f7a6677d878e2b53.txt"));
        // A re-encoded copy under a name with spaces, Chinese and an emoji.
        Put("汇编 副本 (GBK) 😀.txt", gbk.GetBytes(Encoding.UTF8.GetString(Corpus("001_f7a6677d878e2b53.txt"))));
        Put("empty.txt", []);
        Put("random.txt", [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919 + 13) % 256))]);
        var truncated = Corpus("003_d8b7eb1687d0ddd9.txt");
        Put("truncated.txt", truncated[..(Array.LastIndexOf(truncated, (byte)0xE5) + 1)]);
        Put("corrupt.docx", Encoding.ASCII.GetBytes("PK\u0003\u0004 this is not really a zip"));
        Put("scan.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n%binary"));
        Put("no title.txt", Encoding.UTF8.GetBytes("这是一段没有标题的文字，记录了某单位的一些工作情况，内容完整但没有标题行。\n第二段文字继续说明有关情况，同样没有标题。\n第三段。\n"));
        File.CreateSymbolicLink(_input.Combine("vanished.txt"), _input.Combine("does-not-exist.txt"));

        using var site = new BuiltSite(_input.Path);

        var warnings = string.Join("\n", site.Summary.Warnings);
        foreach (var name in new[] { "empty.txt", "random.txt", "corrupt.docx", "scan.pdf", "vanished.txt", "truncated.txt", "no title.txt" })
        {
            Assert.Contains(name, warnings, StringComparison.Ordinal);
        }

        var about = site.Page("about/index.html").QuerySelector("main")!.TextContent;
        foreach (var name in new[] { "empty.txt", "random.txt", "corrupt.docx", "scan.pdf", "vanished.txt" })
        {
            Assert.Contains(name, about, StringComparison.Ordinal);
        }

        var reports = site.Reports.EnumerateArray().ToList();
        // The GBK copy yields the same three reports as its UTF-8 original, merged: both sources listed.
        var fromCopy = reports.Where(r => r.GetProperty("sources").EnumerateArray().Any(s => s.GetProperty("file").GetString() == "汇编 副本 (GBK) 😀.txt")).ToList();
        Assert.Equal(3, fromCopy.Count);
        Assert.All(fromCopy, r => Assert.Equal(2, r.GetProperty("sources").GetArrayLength()));
        // The file without a title is kept, as one report named after the file.
        Assert.Contains(reports, r => r.GetProperty("title").GetString() == "no title");
        // The truncated compilation still yields its complete reports.
        Assert.Contains(reports, r => r.GetProperty("sources").EnumerateArray().Any(s => s.GetProperty("file").GetString() == "truncated.txt"));
        foreach (var r in reports)
        {
            Assert.True(site.Exists($"reports/{r.GetProperty("id").GetString()}/index.html"));
        }

        Assert.True(site.Exists("sources/汇编 副本 (GBK) 😀.txt"));
        var link = site.Page($"reports/{fromCopy[0].GetProperty("id").GetString()}/index.html")
            .QuerySelectorAll(".sources a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains("/sources/" + Uri.EscapeDataString("汇编 副本 (GBK) 😀.txt"), link);
    }

    [Fact]
    public void A_rule_from_input_that_backtracks_without_end_stops_only_the_file_it_hangs_on()
    {
        Put("000_284f6b41bf903856.txt", Corpus("000_284f6b41bf903856.txt"));
        Put("runaway.txt", Encoding.UTF8.GetBytes("县民政局2023年工作总结\n\n今年以来，我局扎实推进各项工作。\n" + new string('a', 40) + "b\n"));
        Put("rules.yaml", Encoding.UTF8.GetBytes("drop:\n  - { name: runaway, pattern: '^(a+)+$' }\n"));

        using var site = new BuiltSite(_input.Path);

        Assert.Contains(site.Summary.Warnings, w => w.Contains("runaway.txt", StringComparison.Ordinal) && w.Contains("^(a+)+$", StringComparison.Ordinal));
        Assert.Equal(4, site.Reports.GetArrayLength());
    }

    [Fact]
    public void A_saved_web_page_is_read_and_published_as_text_not_as_a_page_of_the_site()
    {
        Put("县民政局2023年工作总结.html", Encoding.UTF8.GetBytes("""
            <!DOCTYPE html><html><head><title>县民政局</title><script>alert(1)</script></head><body>
            <nav><a href="/zwgk">政务公开</a></nav>
            <h1>县民政局2023年工作总结</h1>
            <p>2023年，县民政局聚焦主责主业，兜牢民生底线，各项工作取得新成效。</p>
            <p>一是社会救助有力有效。二是养老服务提质扩面。</p>
            <p>县民政局</p><p>2024年1月5日</p>
            </body></html>
            """));

        using var site = new BuiltSite(_input.Path);

        var report = Assert.Single(site.Reports.EnumerateArray());
        Assert.Equal("县民政局2023年工作总结", report.GetProperty("title").GetString());
        Assert.Equal("2024-01-05", report.GetProperty("date").GetString());
        // Published as text (its script never runs under the archive's address, its links are not the site's).
        Assert.False(site.Exists("sources/县民政局2023年工作总结.html"));
        Assert.Contains("<script>alert(1)</script>", site.Text("sources/县民政局2023年工作总结.html.txt"), StringComparison.Ordinal);
        var links = site.Page($"reports/{report.GetProperty("id").GetString()}/index.html")
            .QuerySelectorAll(".sources a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains("/sources/" + Uri.EscapeDataString("县民政局2023年工作总结.html.txt"), links);
    }

    [Fact]
    public void A_hundred_megabyte_file_builds()
    {
        var copy = Corpus("003_d8b7eb1687d0ddd9.txt");
        using (var file = File.Create(_input.Combine("huge.txt")))
        {
            while (file.Length < 100L * 1024 * 1024)
            {
                file.Write(copy);
                file.Write("\n\n"u8);
            }
        }

        using var site = new BuiltSite(_input.Path);

        Assert.Equal(8, site.Summary.Reports);
        Assert.True(site.Reports.EnumerateArray().All(r => r.GetProperty("sources").GetArrayLength() > 1000));
        Assert.Equal(new FileInfo(_input.Combine("huge.txt")).Length, new FileInfo(site.Path("sources/huge.txt")).Length);
    }

    [Fact]
    public void Mutated_copies_of_the_corpus_always_build_a_consistent_site()
    {
        foreach (var seed in new[] { 11, 12, 13 })
        {
            using var input = TestPaths.Temp($"fuzz-{seed}");
            var mutator = new CorpusMutator(seed);
            foreach (var file in Directory.GetFiles(TestPaths.Input, "*.txt"))
            {
                var mutant = mutator.Mutate(Path.GetFileName(file), File.ReadAllText(file));
                File.WriteAllBytes(Path.Combine(input.Path, mutant.Name), mutant.Bytes);
            }

            using var site = new BuiltSite(input.Path);

            foreach (var r in site.Reports.EnumerateArray())
            {
                Assert.True(site.Exists($"reports/{r.GetProperty("id").GetString()}/index.html"), $"seed {seed}");
            }

            Assert.True(site.Exists("index.html"));
            Assert.True(site.Exists("search/index.html"));
        }
    }

    public void Dispose() => _input.Dispose();
}
