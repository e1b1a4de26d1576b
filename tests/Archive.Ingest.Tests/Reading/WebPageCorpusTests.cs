using System.Net;
using System.Text;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Reading;

/// <summary>
/// The bundled corpus as other distributors deliver it — saved as a web page, one paragraph per line
/// or the whole compilation on one line, or as text with the page's tags left in — gives the same
/// reports: the same titles, facts and bodies (content hashes) as the text it was made from.
/// </summary>
public sealed class WebPageCorpusTests
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

    public static TheoryData<string, string> Shapes() => new()
    {
        { "page", "paragraphs" },
        { "page", "one line" },
        { "text", "tags left in" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_corpus_as_a_web_page_gives_the_same_reports(string kind, string shape)
    {
        foreach (var (name, bytes) in Sources.Corpus)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var converted = shape switch
            {
                "paragraphs" => "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>汇编</title><script>var a = 1;</script></head><body>\n<div class=\"content\">\n"
                    + string.Join("\n", Lines(text).Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>")) + "\n</div>\n</body></html>",
                "one line" => "<html><body><div>" + string.Join("<br/>", Lines(text).Select(WebUtility.HtmlEncode)) + "</div></body></html>",
                _ => string.Join("\n", Lines(text).Select(l => l.Length == 0 ? "" : $"<p style=\"text-indent:2em\">{WebUtility.HtmlEncode(l)}</p>")),
            };

            var expected = Facts(name, text);
            var actual = Facts(Path.ChangeExtension(name, kind == "page" ? ".html" : ".txt"), converted);

            Assert.NotEmpty(expected);
            Assert.True(expected.Order().SequenceEqual(actual.Order()),
                $"{name} ({kind}, {shape}):\nonly in the text:\n{string.Join("\n", expected.Except(actual))}\nonly in the converted copy:\n{string.Join("\n", actual.Except(expected))}");
        }
    }
}
