using System.Collections.Immutable;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Markdig;

namespace Archive.Site.Rendering;

/// <summary>An entry of a report's outline (table of contents).</summary>
public sealed record OutlineEntry(int Level, string Id, string Text);

/// <summary>A report body rendered to HTML, with what AngleSharp read back from it.</summary>
public sealed record RenderedBody(string Html, ImmutableArray<OutlineEntry> Outline, string PlainText)
{
    /// <summary>Set when the page was not rendered again: its published copy is reused.</summary>
    public (string Hash, string Path, long Size)? Reused { get; init; }
}

/// <summary>
/// Renders report Markdown. One Markdig pipeline, built once and shared (it is thread-safe):
/// raw HTML disabled (report text is data, never markup), pipe tables, custom containers (the
/// signature block), heading levels without gaps and stable outline ids. AngleSharp then reads the
/// HTML back for the outline and the plain text used by search and snippets.
/// </summary>
public sealed class ReportRenderer
{
    private static readonly HtmlParser Parser = new();

    public ReportRenderer()
    {
        Pipeline = new MarkdownPipelineBuilder()
            .DisableHtml()
            .UsePipeTables()
            .UseCustomContainers()
            .UseHeadingLevels()
            .UseOutlineIds()
            .Build();
    }

    public MarkdownPipeline Pipeline { get; }

    public RenderedBody Render(string markdown)
    {
        var html = Markdown.ToHtml(markdown, Pipeline);
        var document = Parser.ParseDocument("<!doctype html><html><body>" + html + "</body></html>");
        var body = document.Body!;

        var outline = body.QuerySelectorAll("h2, h3, h4, h5, h6")
            .Select(h => new OutlineEntry(h.LocalName[1] - '0', h.Id ?? "", h.TextContent.Trim()))
            .ToImmutableArray();

        var text = new StringBuilder(html.Length / 2);
        foreach (var block in body.QuerySelectorAll("p, h2, h3, h4, h5, h6, li, th, td"))
        {
            if (block.ParentElement?.LocalName is "li" && block.LocalName == "p")
            {
                continue;
            }

            text.Append(block.TextContent.Trim()).Append('\n');
        }

        return new RenderedBody(html, outline, text.ToString());
    }
}
