using System.Text.Json;
using System.Xml.Linq;

namespace Archive.Site.Tests;

/// <summary>A report carrying hostile text, built into a site.</summary>
public sealed class HostileSiteFixture : IDisposable
{
    public const string Script = "<script>alert('x')</script>";
    public const string Image = "<img src=x onerror=alert(1)>";
    public const string Link = "[点击](javascript:alert(1))";
    public const string Template = "{{template}} {{{raw}}}";
    public const string Closers = "</main></script></body>";
    public const string Formula = "=HYPERLINK(\"http://evil.example\",\"x\")";

    private readonly TempFolder _input = TestPaths.Temp("hostile-input");

    public HostileSiteFixture()
    {
        File.WriteAllLines(_input.Combine("hostile.txt"),
        [
            "区财政局2023年第三季度工作总结",
            $"今年以来，区财政局坚持稳中求进。{Script}继续推进各项工作，成效明显。",
            "一、主要工作" + Image,
            $"一是加强预算管理。请{Link}查看，另见 {Template} 的写法。",
            $"二是规范采购。{Closers} 以及 <!-- 注释 --> 和 &lt;实体&gt; 都是原文。",
            "---",
            "title: 假的前言",
            "---",
            "# 不是标题",
            "XX市XX区财政局",
            "2023年10月19日",
            "",
            "=1+1<b>加粗</b>工作总结",
            "今年以来，各项工作稳步推进，预算执行良好，财政收入保持增长，重点支出得到保障。",
            Formula,
        ]);
        // The cleaning rules drop a line of dashes as a separator between reports, read a Markdown
        // heading's hashes as a heading, and read a web page's tags and character references as the
        // text they wrap; all switched off here so that a front-matter fence, a "#", tags and entities
        // inside a report still reach the Markdown writer, which must escape them.
        File.WriteAllText(_input.Combine("rules.yaml"),
            "disable: [separator, markdown-heading, html-tag, html-line-break]\nhtml-character-references: false\n");
        Site = new BuiltSite(_input.Path);
    }

    public BuiltSite Site { get; }

    public void Dispose()
    {
        Site.Dispose();
        _input.Dispose();
    }
}

/// <summary>Text inside a report is shown as text everywhere — pages, snippets, feed, JSON-LD, JSON, CSV — never run or interpreted.</summary>
public sealed class HostileTextTests(HostileSiteFixture fixture) : IClassFixture<HostileSiteFixture>
{
    private BuiltSite Site => fixture.Site;

    private JsonElement Report(string titleStart) =>
        Site.Reports.EnumerateArray().Single(r => r.GetProperty("title").GetString()!.StartsWith(titleStart, StringComparison.Ordinal));

    [Fact]
    public void Both_reports_are_published()
    {
        Assert.Equal(2, Site.Reports.GetArrayLength());
        Assert.Equal("=1+1<b>加粗</b>工作总结", Report("=1+1").GetProperty("title").GetString());
    }

    [Fact]
    public void Report_pages_show_markup_as_text_and_run_none_of_it()
    {
        var id = Report("区财政局").GetProperty("id").GetString()!;
        var page = Site.Page($"reports/{id}/index.html");
        var body = page.QuerySelector(".report-body")!;

        Assert.Empty(body.QuerySelectorAll("script, img, b, iframe, style"));
        Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        Assert.DoesNotContain(page.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")!.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
        var text = body.TextContent;
        foreach (var literal in new[] { HostileSiteFixture.Script, HostileSiteFixture.Image, HostileSiteFixture.Link, HostileSiteFixture.Template, HostileSiteFixture.Closers, "<!-- 注释 -->", "&lt;实体&gt;", "---", "title: 假的前言", "# 不是标题" })
        {
            Assert.Contains(literal, text, StringComparison.Ordinal);
        }

        Assert.NotNull(page.QuerySelector("footer"));
        Assert.Single(page.QuerySelectorAll("main"));
    }

    [Fact]
    public void A_title_with_markup_stays_text_in_pages_lists_feed_and_json_ld()
    {
        var report = Report("=1+1");
        var id = report.GetProperty("id").GetString()!;
        var page = Site.Page($"reports/{id}/index.html");
        Assert.Equal("=1+1<b>加粗</b>工作总结", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("h1 b, title b"));

        var ld = page.QuerySelector("script[type='application/ld+json']")!;
        Assert.DoesNotContain("<", ld.InnerHtml, StringComparison.Ordinal);
        Assert.Equal("=1+1<b>加粗</b>工作总结", JsonDocument.Parse(ld.TextContent).RootElement.GetProperty("name").GetString());

        var home = Site.Page("index.html");
        Assert.Contains(home.QuerySelectorAll(".report-title"), a => a.TextContent == "=1+1<b>加粗</b>工作总结");

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Load(Site.Path("feed.xml"));
        Assert.Contains(feed.Root!.Elements(atom + "entry"), e => e.Element(atom + "title")!.Value == "=1+1<b>加粗</b>工作总结");
    }

    [Fact]
    public void The_search_store_and_index_never_carry_a_raw_script_tag()
    {
        var files = Directory.GetFiles(Site.Path("search"), "*.json", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}index{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var raw = File.ReadAllText(file);
            Assert.DoesNotContain("<", raw, StringComparison.Ordinal);
            Assert.DoesNotContain(">", raw, StringComparison.Ordinal);
            using var _ = JsonDocument.Parse(raw);
        }

        var docs = Directory.GetFiles(Site.Path("search/documents"), "*.json")
            .SelectMany(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.EnumerateArray());
        Assert.Contains(docs, d => d.GetProperty("text").GetString()!.Contains(HostileSiteFixture.Script, StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_cells_that_would_be_formulas_are_defused()
    {
        var csv = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(Site.Path("reports.csv")));
        Assert.Contains(",'=1+1<b>加粗</b>工作总结,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=1+1", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void The_markdown_download_keeps_front_matter_intact_and_escapes_the_body()
    {
        var id = Report("区财政局").GetProperty("id").GetString()!;
        var md = Site.Text($"reports/{id}/{id}.md");
        Assert.Equal(2, md.Split("\n---\n").Length - (md.StartsWith("---\n", StringComparison.Ordinal) ? 0 : 1));
        Assert.Contains("\\<script\\>", md, StringComparison.Ordinal);
        Assert.Contains("\\---", md, StringComparison.Ordinal);
        var front = md[4..md.IndexOf("\n---\n", StringComparison.Ordinal)];
        var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(front);
        Assert.Equal(id, yaml["id"]);
    }
}
