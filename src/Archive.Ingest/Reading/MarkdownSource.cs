using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Archive.Ingest.Reading;

/// <summary>
/// A Markdown file (.md, .markdown) as the lines of text it shows, each on the line of the file it
/// stands on (so that a report's lines still point into the file): the marks of headings, emphasis,
/// code, links, quotes and bullets go; an ordered list item keeps its number as written (1. …, which
/// the outline reads); a pipe table's rows become tab-separated lines (its delimiter row a blank line);
/// a thematic break (---) a separator line; images and another tool's YAML front matter go. Parsed
/// with Markdig (pipe tables and front matter on); a file that is plain text keeps its lines.
/// </summary>
public static partial class MarkdownSource
{
    // Built once: a Markdig pipeline is immutable and safe to share between threads.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseYamlFrontMatter().Build();

    /// <summary>Whether a file is Markdown, by its extension.</summary>
    public static bool IsMarkdown(string extension) => extension is ".md" or ".markdown";

    /// <summary>The file's text, one string per line of the file.</summary>
    public static string[] Lines(string text)
    {
        var source = LineSplitter.Split(text);
        var lines = new string[source.Count];
        Array.Fill(lines, "");
        var document = Markdown.Parse(text, Pipeline);
        new Writer(source, lines).Blocks(document, prefix: null);
        return lines;
    }

    // An ordered list item's number as written: 1. / 2) (a bullet's mark goes).
    [GeneratedRegex(@"^\s*(?:>\s*)*(?<number>\d{1,9}[.)])\s")]
    private static partial Regex OrderedMarker();

    private sealed class Writer(List<string> source, string[] lines)
    {
        public void Blocks(ContainerBlock container, string? prefix)
        {
            foreach (var block in container)
            {
                Block(block, prefix);
                prefix = null; // only the first block of a list item carries its number
            }
        }

        private void Block(Block block, string? prefix)
        {
            switch (block)
            {
                case Table table:
                    foreach (var row in table.OfType<TableRow>())
                    {
                        Set(row.Line, string.Join('\t', row.OfType<TableCell>().Select(cell => Inline(cell.OfType<LeafBlock>().FirstOrDefault()?.Inline).Trim())));
                    }

                    break;
                case ListBlock list:
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        var number = list.IsOrdered && item.Line < source.Count && OrderedMarker().Match(source[item.Line]) is { Success: true } m
                            ? m.Groups["number"].Value + " "
                            : null;
                        if (item.Count == 0 || !list.IsOrdered && !HasHan(item))
                        {
                            // A number alone (a contents' stub: 1.) stays; so does a bullet before no Chinese
                            // text, which is no bullet in a report (a page number: - 3 -).
                            Set(item.Line, item.Line < source.Count ? source[item.Line] : "");
                            continue;
                        }

                        Blocks(item, number);
                    }

                    break;
                case YamlFrontMatterBlock:
                    break; // another tool's metadata (---/title: …/---), no text of the report
                case ContainerBlock container: // quotes and other containers: their content
                    Blocks(container, prefix);
                    break;
                case ThematicBreakBlock thematicBreak:
                    Set(thematicBreak.Line, "———");
                    break;
                case CodeBlock or HtmlBlock:
                    // Code (an indented paragraph is one) and raw HTML: the lines as written; cleaning reads HTML.
                    var leaf = (LeafBlock)block;
                    for (var i = 0; i < leaf.Lines.Count; i++)
                    {
                        Set(leaf.Lines.Lines[i].Line, leaf.Lines.Lines[i].Slice.ToString());
                    }

                    break;
                case LeafBlock leafBlock when leafBlock.Inline is not null: // headings and paragraphs
                    var text = prefix + Inline(leafBlock.Inline);
                    var parts = text.Split('\n');
                    for (var i = 0; i < parts.Length; i++)
                    {
                        Set(leafBlock.Line + i, parts[i]);
                    }

                    break;
            }
        }

        // Whether an item's first line holds a Chinese character.
        private bool HasHan(ListItemBlock item) =>
            item.Line < source.Count && source[item.Line].AsSpan().IndexOfAnyInRange('\u4E00', '\u9FFF') >= 0;

        private void Set(int line, string text)
        {
            if (line >= 0 && line < lines.Length)
            {
                lines[line] = text;
            }
        }

        private static string Inline(ContainerInline? container)
        {
            var sb = new StringBuilder();
            Append(sb, container);
            return sb.ToString();
        }

        private static void Append(StringBuilder sb, Inline? inline)
        {
            switch (inline)
            {
                case null:
                    return;
                case LiteralInline literal:
                    sb.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    sb.Append(code.Content);
                    break;
                case LinkInline { IsImage: true }:
                    break;
                case AutolinkInline autolink:
                    sb.Append(autolink.Url);
                    break;
                case LineBreakInline:
                    sb.Append('\n');
                    break;
                case HtmlInline html:
                    sb.Append(html.Tag);
                    break;
                case HtmlEntityInline entity:
                    sb.Append(entity.Transcoded.AsSpan());
                    break;
                case ContainerInline container: // emphasis, links: their text
                    for (var child = container.FirstChild; child is not null; child = child.NextSibling)
                    {
                        Append(sb, child);
                    }

                    break;
            }
        }
    }
}
