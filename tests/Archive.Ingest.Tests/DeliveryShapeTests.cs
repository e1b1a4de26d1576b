using System.Net;
using System.Text;
using W = DocumentFormat.OpenXml.Wordprocessing;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests;

/// <summary>
/// The bundled corpus as other distributors deliver it gives the same reports — the same titles,
/// facts and bodies (content hashes) — as the text it was made from: saved as a web page (a paragraph
/// per line, or the whole compilation on one line), as text with the page's tags left in,
/// double-spaced, without any blank line, with Windows line endings, indented with full-width spaces,
/// its paragraphs run together on a line with only their indentation between them, or its lines joined by
/// manual line breaks.
/// </summary>
public sealed class DeliveryShapeTests
{
    private static List<string> Facts(string name, string text) => Facts(name, Encoding.UTF8.GetBytes(text));

    private static List<string> Facts(string name, byte[] bytes)
    {
        var result = IngestPipeline.Default.IngestFile(Sources.Read(bytes, name));
        return [.. result.Reports.Select(r =>
        {
            var m = r.Report.Metadata;
            return $"{m.Title.Value} | {m.Year.Value} | {m.Period.Value} | {m.Level.Value} | {m.Department.Value} | {m.Date.Value} | {r.Report.ContentHash}";
        })];
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r'));

    private static IEnumerable<string> TextLines(string text) => Lines(text).Where(l => l.Trim().Length > 0);

    public static TheoryData<string> Shapes() =>
    [
        "web page, a paragraph per line", "web page on one line", "text with tags left in", "double-spaced text", "text double-spaced in its first half", "text without blank lines",
        "Windows line endings", "full-width indentation", "GB18030", "Word document",
        "titles numbered by the distributor", "titles letter-spaced", "titles in book-title marks", "titles with the file's extension", "titles in Markdown bold",
        "with a header and a table of contents", "with a table of contents, pages after a space", "with a table of contents numbered in words", "with advertising before each title", "with page footers every 25 lines",
        "signatures on one line", "separator lines between reports", "end marks after each report", "web page furniture around each title",
        "paragraphs run together on one line, set apart by full-width indentation", "paragraphs run together ten to a line, set apart by &nbsp;", "paragraphs run together on one line, set apart by four spaces", "paragraphs run together on one line, set apart by &emsp;&emsp;",
        "lines joined in pairs by manual line breaks and line separators",
    ];

    private static (string Extension, byte[] Bytes) Deliver(string shape, string text, IReadOnlySet<string> titles) => shape switch
    {
        "GB18030" => (".txt", Sources.Gb18030.GetBytes(text)),
        "Word document" => (".docx", Docx(Lines(text))),
        _ => Deliver(shape, text, titles, 0) is var (extension, delivered) ? (extension, Encoding.UTF8.GetBytes(delivered)) : default,
    };

    // A title line, as the distributor dressed it.
    private static string Title(string shape, string line, int number) => shape switch
    {
        "titles numbered by the distributor" => $"【篇{"一二三四五六七八九十"[Math.Min(number, 9)]}】{line}",
        "titles letter-spaced" => string.Join(' ', line.EnumerateRunes()),
        "titles in book-title marks" => $"《{line}》",
        "titles in Markdown bold" => $"**{line}**",
        _ => line + ".docx",
    };

    private static (string Extension, string Text) Deliver(string shape, string text, IReadOnlySet<string> titles, int _) => shape switch
    {
        "with a header and a table of contents" => (".txt", string.Join("\n",
            [$"各单位工作总结汇编（{titles.Count}篇）", "目录", .. titles.Order(StringComparer.Ordinal).Select((t, i) => $"{i + 1}.{t}……{3 * i + 1}"), "", .. Lines(text)])),
        "with a table of contents, pages after a space" => (".txt", string.Join("\n",
            ["目  录", .. titles.Order(StringComparer.Ordinal).Select((t, i) => $"{t} {3 * i + 1}"), "", .. Lines(text)])),
        "with a table of contents numbered in words" => (".txt", string.Join("\n",
            ["目录", .. titles.Order(StringComparer.Ordinal).Select((t, i) => $"{"一二三四五六七八九十"[i % 10]}、{t}"), .. Lines(text)])),
        "signatures on one line" => (".txt", string.Join("\n", OneLineSignatures(Lines(text)))),
        "separator lines between reports" => (".txt", string.Join("\n", Lines(text).SelectMany(l => titles.Contains(l.Trim()) ? new[] { "", "————————————————", "", l } : [l]))),
        "end marks after each report" => (".txt", string.Join("\n", Lines(text).SelectMany(l => titles.Contains(l.Trim()) ? new[] { "（完）", "", l } : [l]))),
        "web page furniture around each title" => (".txt", string.Join("\n", Lines(text).SelectMany(l => titles.Contains(l.Trim())
            ? new[] { "当前位置：首页 > 政务公开 > 工作总结", l, "发布时间：2024-01-05 10:21  来源：本站  浏览次数：1234", "【字体：大 中 小】" }
            : [l]))),
        "with advertising before each title" => (".txt", string.Join("\n", Lines(text).SelectMany(l => titles.Contains(l.Trim())
            ? new[] { "##paidbegin##", "【哒哒素材库】——每天更新材料1000多篇内部高质量素材，会员群+网盘群同步每日更新", l }
            : [l]))),
        "with page footers every 25 lines" => (".txt", string.Join("\n", Lines(text).SelectMany((l, i) => i % 25 == 24 ? new[] { l, $"- {i / 25 + 1} -" } : [l]))),
        _ when shape.StartsWith("titles ", StringComparison.Ordinal) => (".txt", string.Join("\n", Lines(text).Select((l, i) =>
            titles.Contains(l.Trim()) ? Title(shape, l.Trim(), titles.Count(t => text[..text.IndexOf(l, StringComparison.Ordinal)].Contains(t, StringComparison.Ordinal))) : l))),
        "web page, a paragraph per line" => (".html",
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>汇编</title><script>var a = 1;</script></head><body>\n<div class=\"content\">\n"
            + string.Join("\n", Lines(text).Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>")) + "\n</div>\n</body></html>"),
        "web page on one line" => (".html", "<html><body><div>" + string.Join("<br/>", Lines(text).Select(WebUtility.HtmlEncode)) + "</div></body></html>"),
        "text with tags left in" => (".txt", string.Join("\n", Lines(text).Select(l => l.Length == 0 ? "" : $"<p style=\"text-indent:2em\">{WebUtility.HtmlEncode(l)}</p>"))),
        "double-spaced text" => (".txt", string.Join("\n\n", TextLines(text))),
        "text double-spaced in its first half" => (".txt", string.Join("\n\n", TextLines(text).Take(TextLines(text).Count() / 2))
            + "\n\n\n" + string.Join("\n", Lines(text).SkipWhile((_, i) => i < Lines(text).ToList().IndexOf(TextLines(text).ElementAt(TextLines(text).Count() / 2))))),
        "text without blank lines" => (".txt", string.Join("\n", TextLines(text))),
        "paragraphs run together on one line, set apart by full-width indentation" => (".txt", "\u3000\u3000" + string.Join("\u3000\u3000", TextLines(text).Select(l => l.Trim()))),
        "lines joined in pairs by manual line breaks and line separators" => (".txt", string.Join("\n",
            Lines(text).Chunk(2).Select((pair, i) => string.Join(i % 2 == 0 ? "\v" : "\u2028", pair)))),
        "paragraphs run together on one line, set apart by &emsp;&emsp;" => (".txt", string.Join("&emsp;&emsp;", TextLines(text).Select(l => l.Trim()))),
        "paragraphs run together on one line, set apart by four spaces" => (".txt", "    " + string.Join("    ", TextLines(text).Select(l => l.Trim()))),
        "paragraphs run together ten to a line, set apart by &nbsp;" => (".txt", string.Join("\n",
            TextLines(text).Select(l => l.Trim()).Chunk(10).Select(c => "&nbsp;&nbsp;&nbsp;&nbsp;" + string.Join("&nbsp;&nbsp;&nbsp;&nbsp;", c)))),
        "Windows line endings" => (".txt", string.Join("\r\n", Lines(text))),
        _ => (".txt", string.Join("\n", Lines(text).Select(l => l.Length == 0 ? "" : "\u3000\u3000" + l))),
    };

    // The organisation and the date of a signature on one line: XX区民政局　　2023年10月18日.
    private static List<string> OneLineSignatures(IEnumerable<string> lines)
    {
        var joined = new List<string>();
        foreach (var line in lines)
        {
            if (Archive.Ingest.Splitting.TextPatterns.DateLine().IsMatch(line.Trim()) && joined.Count > 0 && joined[^1].Trim() is { Length: > 0 and <= 24 } above && !above.Contains('。'))
            {
                joined[^1] = above + "\u3000\u3000" + line.Trim();
            }
            else
            {
                joined.Add(line);
            }
        }

        return joined;
    }

    // One paragraph per line, as Word saves a text pasted into it.
    private static byte[] Docx(IEnumerable<string> lines) =>
        Sources.Docx(new W.Body(lines.Select(l =>
            new W.Paragraph(new W.Run(new W.Text(l) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve })))));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_corpus_delivered_in_another_shape_gives_the_same_reports(string shape)
    {
        var changed = 0;
        foreach (var (name, bytes) in Sources.Corpus)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var titles = IngestPipeline.Default.IngestFile(Sources.Read(bytes, name)).Reports.Select(r => r.Report.Metadata.Title.Value).ToHashSet(StringComparer.Ordinal);
            var (extension, delivered) = Deliver(shape, text, titles);
            changed += delivered.AsSpan().SequenceEqual(bytes) ? 0 : 1;

            var expected = Facts(name, text);
            var actual = Facts(Path.ChangeExtension(name, extension), delivered);

            Assert.NotEmpty(expected);
            Assert.True(expected.Order().SequenceEqual(actual.Order()),
                $"{name} ({shape}):\nonly in the text:\n{string.Join("\n", expected.Except(actual))}\nonly in the delivered copy:\n{string.Join("\n", actual.Except(expected))}");
        }

        Assert.True(changed > 0, $"{shape}: no file of the corpus came out different");
    }

    [Fact]
    public void Only_stretches_whose_lines_almost_never_touch_are_double_spaced()
    {
        var text = Sources.CorpusText(Sources.Corpus[0].Name);
        var lines = TextLines(text).ToList();
        var strip = new StripNoise(Archive.Ingest.Rules.CleaningRules.Default);
        int Count(IEnumerable<string> l) => strip.DoubleSpacedBlanks([.. l]).Count;

        Assert.Equal(lines.Count - 1, Count(string.Join("\n\n", lines).Split('\n')));
        Assert.Equal(0, Count(Lines(text)));
        Assert.Equal(0, Count(string.Join("\n", lines).Split('\n')));
        // Paragraphs of several lines each, a blank line between them: blank lines are paragraph breaks.
        Assert.Equal(0, Count(lines.Chunk(3).SelectMany(c => c.Append(""))));
        // A double-spaced part before a plain one: only the first part's blank lines.
        var joined = string.Join("\n\n", lines.Take(40)).Split('\n').Concat(["", ""]).Concat(lines.Skip(40).Chunk(3).SelectMany(c => c.Append(""))).ToArray();
        var blanks = strip.DoubleSpacedBlanks([.. joined]);
        Assert.InRange(blanks.Count, 30, 39);
        Assert.All(blanks, i => Assert.True(i < 80, $"blank line {i} of the plain part taken for double spacing"));
    }
}
