using Archive.Ingest.Reading;
using Archive.Ingest.Tests.Support;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Writer;

namespace Archive.Ingest.Tests.Reading;

/// <summary>
/// PDFs are read through their text layer: a paragraph's printed lines become one line again, the
/// page furniture goes with the cleaning rules, and a paragraph broken by a page is joined. The
/// fixture (tests/fixtures/ingest/pdf/compilation.pdf) is compilation.html beside it printed by Chromium
/// (<c>chromium --headless --no-pdf-header-footer --print-to-pdf=compilation.pdf compilation.html</c>):
/// two reports on A5 pages with a running header that reads like a title (全县各部门2023年工作总结) and page
/// numbers, indented paragraphs, right-aligned signatures, and the fonts' radicals for some ideographs
/// (⼯ for 工), as real exports have.
/// </summary>
public sealed class PdfReadingTests
{
    private static byte[] Compilation() => File.ReadAllBytes(Path.Combine(Sources.Fixture("pdf"), "compilation.pdf"));

    [Fact]
    public void A_paragraphs_printed_lines_are_read_as_one_line_headings_and_signatures_as_their_own_and_running_headers_go()
    {
        var source = Sources.Read(Compilation(), "compilation.pdf");

        Assert.Equal("pdf", source.Encoding);
        Assert.Contains(source.Lines, l => l.StartsWith("（⼆）严控", StringComparison.Ordinal) && l.EndsWith("与预算安排有效挂钩。", StringComparison.Ordinal));
        Assert.Contains("⼀、主要⼯作", source.Lines);
        Assert.Contains("县财政局", source.Lines);
        Assert.Contains("2023年12⽉20⽇", source.Lines);
        // The running header (a title-like line atop every page) and the page numbers go.
        Assert.DoesNotContain(source.Lines, l => l.Contains("全县各部门", StringComparison.Ordinal));
        Assert.DoesNotContain(source.Lines, l => l.StartsWith("- ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pdf_compilation_gives_its_reports_with_page_numbers_gone_radicals_read_and_a_paragraph_broken_by_a_page_joined()
    {
        var reports = IngestPipeline.Default.IngestFile(Sources.Read(Compilation(), "compilation.pdf")).Reports.Select(r => r.Report).ToList();

        Assert.Equal(["县财政局2023年工作总结", "县民政局2023年工作总结"], reports.Select(r => r.Metadata.Title.Value));
        Assert.Equal([new DateOnly(2023, 12, 20), new DateOnly(2023, 12, 25)], reports.Select(r => r.Metadata.Date.Value));
        Assert.Equal(["财政局", "民政局"], reports.Select(r => r.Metadata.Department.Value));
        var finance = reports[0].Markdown;
        Assert.Contains("加快构建与高质量发展相适应的现代财政制度，推动财政工作再上新台阶。", finance, StringComparison.Ordinal);
        Assert.Contains("## 一、主要工作", finance, StringComparison.Ordinal);
        Assert.DoesNotContain("- 2 -", finance, StringComparison.Ordinal);
        Assert.DoesNotContain("⼯", finance, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pdf_without_text_is_skipped_as_a_scan_that_needs_ocr()
    {
        var builder = new PdfDocumentBuilder();
        builder.AddPage(PageSize.A4);

        var outcome = SourceReader.Read(builder.Build(), "scan.pdf");

        Assert.Null(outcome.Source);
        Assert.Contains("PDF without text", outcome.Skipped, StringComparison.Ordinal);
        Assert.Contains("OCR", outcome.Skipped, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\uE012", true)]
    [InlineData("\uFFFD", true)]
    [InlineData("\u0003", true)]
    [InlineData("", true)]
    [InlineData("工", false)]
    [InlineData("⼯", false)]
    [InlineData("A", false)]
    [InlineData("，", false)]
    public void A_character_drawn_from_a_font_without_a_unicode_mapping_is_unreadable(string value, bool unreadable) =>
        Assert.Equal(unreadable, PdfText.Unreadable(value));

    [Fact]
    public void A_pdf_cut_in_half_is_skipped_as_corrupt_or_read_as_far_as_it_goes()
    {
        var bytes = Compilation();

        var outcome = SourceReader.Read(bytes[..(bytes.Length / 2)], "half.pdf");

        Assert.True(outcome.Source is not null || outcome.Skipped!.StartsWith("corrupt PDF", StringComparison.Ordinal), outcome.Skipped);
    }
}
