using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Archive.Ingest.Reading;

/// <summary>
/// A web page saved as a file (.html, or text that opens with <c>&lt;!DOCTYPE html</c> / <c>&lt;html</c>):
/// its readable text as lines, the way a browser lays it out. Block elements (paragraphs, headings,
/// list items, divisions) and <c>&lt;br&gt;</c> end lines; a table row is one line of tab-separated
/// cells; whitespace collapses as in HTML (except in <c>&lt;pre&gt;</c>). What is no text of the page goes:
/// its head, scripts, styles, forms and the site's navigation, header, footer and sidebars, whether tags
/// name them or they are blocks of mostly links; when the page marks its content as one
/// <c>&lt;main&gt;</c> or <c>&lt;article&gt;</c>, only that is read.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "head", "script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
        "form", "select", "button", "input", "textarea", "nav", "header", "footer", "aside", "menu",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
        "dd", "table", "thead", "tbody", "tfoot", "caption", "blockquote", "pre", "center", "address", "figure",
        "figcaption", "hr", "body", "html",
    };

    /// <summary>Whether a file is a web page: by its extension, or by how its text opens.</summary>
    public static bool IsHtml(string extension, string text)
    {
        if (extension is ".html" or ".htm" or ".xhtml" or ".shtml")
        {
            return true;
        }

        var start = text.AsSpan().TrimStart();
        return start.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The page's readable text, one string per line.</summary>
    public static List<string> Lines(string html)
    {
        // A parser per page: files are read in parallel.
        var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(html);
        var root = (IElement?)document.Body ?? document.DocumentElement;
        foreach (var element in root.QuerySelectorAll("*").Where(e => Dropped.Contains(e.LocalName)).ToList())
        {
            element.Remove();
        }

        var content = root.QuerySelectorAll("main, article") is { Length: 1 } single ? single[0] : root;
        DropLinkLists(content);
        var text = new LayoutWriter();
        text.Write(content, preformatted: false);
        return [.. LineSplitter.Split(text.ToString()).Select(l => l.Trim())];
    }

    /// <summary>
    /// Removes the page's link lists that no tag names as navigation — a sidebar of related articles, a
    /// menu bar, a footer's links, all in plain &lt;div&gt;s: a block (a division, list, table or cell)
    /// whose text is mostly links. Their lines are no report's, and a related article's title
    /// (县民政局2023年工作总结) would open a bogus report. A report's own paragraphs, even with a link to an
    /// attachment, are mostly text.
    /// </summary>
    private static void DropLinkLists(IElement content)
    {
        foreach (var block in content.QuerySelectorAll(LinkListBlocks).ToList())
        {
            if (block.Closest("html") is null)
            {
                continue; // inside a block removed already
            }

            var text = Letters(block.TextContent);
            var linked = block.QuerySelectorAll("a").Sum(a => Letters(a.TextContent));
            if (text > 0 && linked * 2 >= text)
            {
                block.Remove();
            }
        }
    }

    private const string LinkListBlocks = "div, section, ul, ol, dl, table, td, center";

    /// <summary>A table cell of at most this many characters and <see cref="MaxDataCellBlocks"/> paragraphs is a data cell, its paragraphs joined on the row's line.</summary>
    private const int MaxDataCell = 300;

    private const int MaxDataCellBlocks = 3;

    private static int Letters(string text) => text.Count(c => !char.IsWhiteSpace(c));

    /// <summary>Collects text with line breaks where the layout has them; collapses whitespace outside pre.</summary>
    private sealed class LayoutWriter
    {
        private readonly StringBuilder _sb = new();
        private bool _pendingSpace;
        private bool _pendingBreak; // the pending whitespace held a line break of the source
        private int _inCell; // inside a table cell, blocks and breaks are spaces: the row stays one line

        public void Write(INode node, bool preformatted)
        {
            foreach (var child in node.ChildNodes)
            {
                switch (child)
                {
                    case IText t:
                        Text(t.Data, preformatted);
                        break;
                    case IElement e when e.LocalName == "br":
                        Break();
                        break;
                    case IElement e when e.LocalName == "tr":
                        Break();
                        var cells = e.Children.Where(c => c.LocalName is "td" or "th").ToList();
                        for (var i = 0; i < cells.Count; i++)
                        {
                            if (i > 0)
                            {
                                _sb.Append('\t');
                                _pendingSpace = false;
                                _pendingBreak = false;
                            }

                            // Word's pages wrap a cell's text in paragraphs: inside a data cell they are no lines of
                            // their own. A cell holding a whole text (a page laid out in a table) keeps its paragraphs.
                            var dataCell = cells[i].TextContent.Length <= MaxDataCell
                                && cells[i].QuerySelectorAll("p, div, li, h1, h2, h3, h4, h5, h6").Length <= MaxDataCellBlocks;
                            _inCell += dataCell ? 1 : 0;
                            Write(cells[i], preformatted);
                            _inCell -= dataCell ? 1 : 0;
                        }

                        Break();
                        break;
                    case IElement e when Blocks.Contains(e.LocalName):
                        // A heading stands apart from the text above it, as a title does in a text file.
                        Break(blank: e.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6");
                        Write(e, preformatted || e.LocalName == "pre");
                        Break();
                        break;
                    case IElement e:
                        Write(e, preformatted);
                        break;
                }
            }
        }

        private void Text(string data, bool preformatted)
        {
            if (preformatted)
            {
                _sb.Append(data);
                _pendingSpace = false;
                _pendingBreak = false;
                return;
            }

            foreach (var c in data)
            {
                // HTML's whitespace collapses; a no-break space (&nbsp;) is text and stays.
                if (c is ' ' or '\t' or '\n' or '\r' or '\f')
                {
                    _pendingBreak = (_pendingSpace && _pendingBreak) || c is '\n' or '\r';
                    _pendingSpace = _sb.Length > 0 && _sb[^1] is not ('\n' or '\t');
                    continue;
                }

                // A line break of the source between two Chinese characters is no space (CSS Text's
                // segment break rule): …主责主业，⏎兜牢民生底线… reads on.
                if (_pendingSpace && !(_pendingBreak && IsWide(_sb[^1]) && IsWide(c)))
                {
                    _sb.Append(' ');
                }

                _pendingSpace = false;
                _pendingBreak = false;
                _sb.Append(c);
            }
        }

        // Chinese characters and full-width punctuation.
        private static bool IsWide(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF' or >= '\u3000' and <= '\u303F';

        private void Break(bool blank = false)
        {
            if (_inCell > 0)
            {
                _pendingSpace = _sb.Length > 0 && _sb[^1] is not ('\n' or '\t');
                _pendingBreak = false;
                return;
            }

            _pendingSpace = false;
            _pendingBreak = false;
            if (_sb.Length > 0 && _sb[^1] != '\n')
            {
                _sb.Append('\n');
            }

            if (blank && _sb.Length > 0 && (_sb.Length < 2 || _sb[^2] != '\n'))
            {
                _sb.Append('\n');
            }
        }

        public override string ToString() => _sb.ToString();
    }
}
