using System.Net;
using System.Text;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests;

/// <summary>
/// The bundled corpus as other distributors deliver it gives the same reports — the same titles,
/// facts and bodies (content hashes) — as the text it was made from: saved as a web page (a paragraph
/// per line, or the whole compilation on one line), as text with the page's tags left in,
/// double-spaced, without any blank line, with Windows line endings, indented with full-width spaces.
/// </summary>
public sealed class DeliveryShapeTests
{
    private static List<string> Facts(string name, string text)
    {
        var result = IngestPipeline.Default.IngestFile(Sources.Read(Encoding.UTF8.GetBytes(text), name));
        return [.. result.Reports.Select(r =>
        {
            var m = r.Report.Metadata;
            return $"{m.Title.Value} | {m.Year.Value} | {m.Period.Value} | {m.Level.Value} | {m.Department.Value} | {m.Date.Value} | {r.Report.ContentHash}";
        })];
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r'));

    private static IEnumerable<string> TextLines(string text) => Lines(text).Where(l => l.Trim().Length > 0);

    public static TheoryData<string> Shapes() =>
        ["web page, a paragraph per line", "web page on one line", "text with tags left in", "double-spaced text", "text without blank lines", "Windows line endings", "full-width indentation"];

    private static (string Extension, string Text) Deliver(string shape, string text) => shape switch
    {
        "web page, a paragraph per line" => (".html",
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>汇编</title><script>var a = 1;</script></head><body>\n<div class=\"content\">\n"
            + string.Join("\n", Lines(text).Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>")) + "\n</div>\n</body></html>"),
        "web page on one line" => (".html", "<html><body><div>" + string.Join("<br/>", Lines(text).Select(WebUtility.HtmlEncode)) + "</div></body></html>"),
        "text with tags left in" => (".txt", string.Join("\n", Lines(text).Select(l => l.Length == 0 ? "" : $"<p style=\"text-indent:2em\">{WebUtility.HtmlEncode(l)}</p>"))),
        "double-spaced text" => (".txt", string.Join("\n\n", TextLines(text))),
        "text without blank lines" => (".txt", string.Join("\n", TextLines(text))),
        "Windows line endings" => (".txt", string.Join("\r\n", Lines(text))),
        _ => (".txt", string.Join("\n", Lines(text).Select(l => l.Length == 0 ? "" : "\u3000\u3000" + l))),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_corpus_delivered_in_another_shape_gives_the_same_reports(string shape)
    {
        foreach (var (name, bytes) in Sources.Corpus)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var (extension, delivered) = Deliver(shape, text);

            var expected = Facts(name, text);
            var actual = Facts(Path.ChangeExtension(name, extension), delivered);

            Assert.NotEmpty(expected);
            Assert.True(expected.Order().SequenceEqual(actual.Order()),
                $"{name} ({shape}):\nonly in the text:\n{string.Join("\n", expected.Except(actual))}\nonly in the delivered copy:\n{string.Join("\n", actual.Except(expected))}");
        }
    }

    [Fact]
    public void Only_a_text_whose_lines_almost_never_touch_is_double_spaced()
    {
        var text = Sources.CorpusText(Sources.Corpus[0].Name);
        var lines = TextLines(text).ToList();

        Assert.True(StripNoise.IsDoubleSpaced([.. string.Join("\n\n", lines).Split('\n')]));
        Assert.False(StripNoise.IsDoubleSpaced([.. Lines(text)]));
        Assert.False(StripNoise.IsDoubleSpaced([.. string.Join("\n", lines).Split('\n')]));
        // Paragraphs of several lines each, a blank line between them: blank lines are paragraph breaks.
        Assert.False(StripNoise.IsDoubleSpaced([.. lines.Chunk(3).SelectMany(c => c.Append(""))]));
    }
}
