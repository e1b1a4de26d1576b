using System.Collections.Immutable;
using Archive.Ingest.Output;
using Archive.Ingest.Structure;
using Markdig;

namespace Archive.Ingest.Tests.Output;

/// <summary>
/// Report text is data, never markup: whatever a line contains, the Markdown that ingest writes renders
/// (with the extensions the site enables) to exactly that text — no element, link, list or heading.
/// </summary>
public sealed class MarkdownEscapeTests
{
    // The site's renderer: raw HTML off, pipe tables and ::: containers on.
    private static readonly MarkdownPipeline Site = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseCustomContainers()
        .Build();

    // A stricter reader with HTML on: the escaping must not rely on the site disabling it.
    private static readonly MarkdownPipeline WithHtml = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseCustomContainers()
        .UseEmphasisExtras()
        .Build();

    public static TheoryData<string> Hostile() =>
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<!-- comment -->",
        "[x](javascript:alert(1))",
        "[x]: javascript:alert(1)",
        "![img](http://evil.example/x.png)",
        "<http://evil.example>",
        "**bold** and __bold__",
        "*em* and _em_",
        "~~strike~~ and ~sub~",
        "`code` and ``code``",
        "---",
        "***",
        "___",
        "* * *",
        "- - -",
        "===",
        "# not a heading",
        "###### six",
        "> not a quote",
        "+ not a list",
        "- not a list",
        "* not a list",
        "1. not a list",
        "1) not a list",
        "1.",
        "```",
        "~~~",
        ":::",
        "::: signature",
        "{{template}}",
        "{#id .class}",
        "&lt; &amp; &#60; &#x3C;",
        "| pipe | table |",
        "a\\b\\",
        "\\",
        "2023.10.18",
        "100% 完成",
        "“引号”与‘单引号’",
    ];

    private static string Html(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_paragraph_renders_as_its_literal_text(string text)
    {
        var markdown = MarkdownText.Write([new ParagraphBlock(text, [1])]);

        Assert.Equal($"<p>{Html(text)}</p>\n", Markdown.ToHtml(markdown, Site));
        Assert.Equal($"<p>{Html(text)}</p>\n", Markdown.ToHtml(markdown, WithHtml));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_heading_renders_as_its_literal_text(string text)
    {
        var markdown = MarkdownText.Write([new HeadingBlock(3, "（一）" + text, [1])]);

        Assert.Equal($"<h3>（一）{Html(text)}</h3>\n", Markdown.ToHtml(markdown, Site));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_table_cell_renders_as_its_literal_text(string text)
    {
        ImmutableArray<ImmutableArray<string>> rows = [["项目", "内容"], ["说明", text]];
        var markdown = MarkdownText.Write([new TableBlock(rows, [1, 2])]);

        var html = Markdown.ToHtml(markdown, Site);

        Assert.StartsWith("<table>", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{Html(text)}</td>", html, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(html, "<td>"));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_signature_renders_as_one_container_with_the_literal_text(string text)
    {
        var markdown = MarkdownText.Write([new ParagraphBlock("正文。", [1]), new SignatureBlock(text, "2023年10月18日", null, [2, 3])]);

        var html = Markdown.ToHtml(markdown, Site);

        Assert.Equal($"<p>正文。</p>\n<div class=\"signature\"><p>{Html(text)}<br />\n2023年10月18日</p>\n</div>\n", html);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
