using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using Archive.Ingest.Structure;

namespace Archive.Ingest.Output;

/// <summary>
/// Writes report blocks as Markdown. Report text is data, never markup: every character Markdown
/// could read as syntax is backslash-escaped, so <c>[x](javascript:…)</c>, <c>&lt;script&gt;</c>,
/// <c>**</c>, <c>---</c> and the like come out as the very characters the report contains.
/// </summary>
public static class MarkdownText
{
    public static string Write(ImmutableArray<Block> blocks)
    {
        // Room for the text, the heading marks, containers and a few escapes.
        var sb = new StringBuilder(BlockText.Length(blocks) + (blocks.Length * 8) + 64);
        foreach (var block in blocks)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            switch (block)
            {
                case HeadingBlock h:
                    sb.Append('#', h.Level).Append(' ');
                    Escape(sb, h.Text, atLineStart: false);
                    sb.Append('\n');
                    break;
                case ParagraphBlock p:
                    Escape(sb, p.Text, atLineStart: true);
                    sb.Append('\n');
                    break;
                case BylineBlock b:
                    WriteContainer(sb, "byline", b.Texts);
                    break;
                case TableBlock t:
                    WriteTable(sb, t);
                    break;
                case SignatureBlock s:
                    var organization = s.OrganizationLines.IsDefaultOrEmpty ? (s.Organization is null ? [] : [s.Organization]) : s.OrganizationLines;
                    WriteContainer(sb, "signature", s.DateText is null ? organization : s.DateFirst ? [s.DateText, .. organization] : [.. organization, s.DateText]);
                    break;
            }
        }

        return sb.ToString();
    }

    // A custom container (::: name) of lines in their order, each but the last ending in a hard break.
    private static void WriteContainer(StringBuilder sb, string name, ImmutableArray<string> lines)
    {
        sb.Append("::: ").Append(name).Append('\n');
        for (var k = 0; k < lines.Length; k++)
        {
            Escape(sb, lines[k], atLineStart: true);
            sb.Append(k == lines.Length - 1 ? "\n" : "\\\n");
        }

        sb.Append(":::\n");
    }

    private static void WriteTable(StringBuilder sb, TableBlock table)
    {
        var width = table.Rows.Max(r => r.Length);
        for (var r = 0; r < table.Rows.Length; r++)
        {
            var row = table.Rows[r];
            sb.Append('|');
            for (var c = 0; c < width; c++)
            {
                var cell = c < row.Length ? row[c] : "";
                sb.Append(' ');
                Escape(sb, cell, atLineStart: false);
                sb.Append(" |");
            }

            sb.Append('\n');
            if (r == 0)
            {
                sb.Append('|');
                for (var c = 0; c < width; c++)
                {
                    sb.Append(" --- |");
                }

                sb.Append('\n');
            }
        }
    }

    // Characters escaped wherever they stand: emphasis, code, links, HTML, entities, tables.
    private const string AlwaysEscaped = "\\`*_[]<>&|~#{}";

    private static readonly SearchValues<char> Escaped = SearchValues.Create(AlwaysEscaped);

    /// <summary>Escapes text so that Markdown renders it literally.</summary>
    public static string Escape(string text, bool atLineStart)
    {
        var sb = new StringBuilder(text.Length + 8);
        Escape(sb, text, atLineStart);
        return sb.ToString();
    }

    private static void Escape(StringBuilder sb, string text, bool atLineStart)
    {
        var start = 0;
        if (atLineStart)
        {
            // Block syntax only counts at the start of a line: lists, quotes, headings, rules,
            // setext underlines, containers, ordered lists (1. or 1) followed by a space).
            if (text.Length > 0 && text[0] is '-' or '+' or '=' or '>' or ':' or '#')
            {
                sb.Append('\\').Append(text[0]);
                start = 1;
            }
            else
            {
                var digits = 0;
                while (digits < text.Length && digits < 10 && char.IsAsciiDigit(text[digits]))
                {
                    digits++;
                }

                if (digits > 0 && digits < text.Length && text[digits] is '.' or ')'
                    && (digits + 1 == text.Length || text[digits + 1] == ' '))
                {
                    sb.Append(text, 0, digits).Append('\\').Append(text[digits]);
                    start = digits + 1;
                }
            }
        }

        var rest = text.AsSpan(start);
        for (var i = rest.IndexOfAny(Escaped); i >= 0; i = rest.IndexOfAny(Escaped))
        {
            sb.Append(rest[..i]).Append('\\').Append(rest[i]);
            rest = rest[(i + 1)..];
        }

        sb.Append(rest);
    }
}
