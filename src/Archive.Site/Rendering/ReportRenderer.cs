using System.Collections.Immutable;
using System.Text;
using AngleSharp.Html;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens;
using AngleSharp.Text;
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
/// signature block), heading levels without gaps and stable outline ids. AngleSharp's tokenizer then
/// reads the HTML back for the outline and the plain text used by search and snippets.
/// </summary>
public sealed class ReportRenderer
{
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
        var (outline, text) = ReadBack(html);
        return new RenderedBody(html, outline, text);
    }

    /// <summary>
    /// Reads the rendered HTML back with AngleSharp's HTML5 tokenizer (entities decoded as a browser
    /// would): the outline from the headings and their ids, and the plain text, one line per block.
    /// </summary>
    internal static (ImmutableArray<OutlineEntry> Outline, string PlainText) ReadBack(string html)
    {
        var outline = ImmutableArray.CreateBuilder<OutlineEntry>();
        var text = new StringBuilder(html.Length / 2);
        var block = new StringBuilder();
        (int Level, string Id)? heading = null;
        using var tokenizer = new HtmlTokenizer(new TextSource(html), HtmlEntityProvider.Resolver) { SkipComments = true };
        while (tokenizer.Get() is { Type: not HtmlTokenType.EndOfFile } token)
        {
            switch (token)
            {
                case HtmlTagToken { Type: HtmlTokenType.StartTag } start when IsHeading(start.Name):
                    Flush();
                    heading = (start.Name[1] - '0', start.GetAttribute("id") ?? "");
                    break;
                case HtmlTagToken { Type: HtmlTokenType.StartTag } start when start.Name is "p" or "li" or "th" or "td" or "div" or "br":
                    Flush();
                    break;
                case HtmlTagToken { Type: HtmlTokenType.EndTag } end when IsHeading(end.Name) && heading is { } h:
                    var title = block.ToString().Trim();
                    outline.Add(new OutlineEntry(h.Level, h.Id, title));
                    heading = null;
                    Flush();
                    break;
                case HtmlTagToken { Type: HtmlTokenType.EndTag } end when end.Name is "p" or "li" or "th" or "td" or "div":
                    Flush();
                    break;
                case { Type: HtmlTokenType.Character } characters:
                    block.Append(characters.Data);
                    break;
            }
        }

        Flush();
        return (outline.ToImmutable(), text.ToString());

        void Flush()
        {
            var line = block.ToString().Trim();
            if (line.Length > 0)
            {
                text.Append(line).Append('\n');
            }

            block.Clear();
        }
    }

    private static bool IsHeading(string name) => name.Length == 2 && name[0] == 'h' && name[1] is >= '2' and <= '6';
}
