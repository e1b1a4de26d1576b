using System.IO.Compression;
using System.Text;
using Archive.Ingest.Reading;
using Archive.Ingest.Tests.Support;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Archive.Ingest.Tests.Reading;

/// <summary>.docx files are read through Open XML: paragraphs are lines, table rows tab-separated lines, a break starts a new line.</summary>
public sealed class DocxReadingTests
{
    private static W.Paragraph Para(params OpenXmlElement[] runContent) => new(new W.Run(runContent));

    private static W.Paragraph Para(string text) => Para(new W.Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static W.TableRow Row(params string[] cells) =>
        new([.. cells.Select(c => new W.TableCell(Para(c)))]);

    /// <summary>A real Word document: title, a paragraph in two runs, a line break, an empty paragraph, a table, a closing line.</summary>
    internal static byte[] SampleDocx() => Sources.Docx(new W.Body(
        Para("区民政局2023年第三季度工作总结"),
        new W.Paragraph(
            new W.Run(new W.Text("今年以来，")),
            new W.Run(new W.Text("我局坚持以人民为中心，扎实推进各项民政工作。"))),
        Para(new W.Text("一是兜牢民生底线。"), new W.Break(), new W.Text("二是提升养老服务。")),
        new W.Paragraph(),
        new W.Table(
            Row("项目", "数量", "备注"),
            Row("低保对象", "1200", "户")),
        Para("XX区民政局"),
        Para("2023年10月18日")));

    [Fact]
    public void Paragraphs_become_lines_a_table_becomes_tab_separated_lines_and_a_break_splits_a_line()
    {
        var source = Sources.Read(SampleDocx(), "report.docx");

        Assert.Equal("docx", source.Encoding);
        Assert.Equal(
            new[]
            {
                "区民政局2023年第三季度工作总结",
                "今年以来，我局坚持以人民为中心，扎实推进各项民政工作。",
                "一是兜牢民生底线。",
                "二是提升养老服务。",
                "",
                "项目\t数量\t备注",
                "低保对象\t1200\t户",
                "XX区民政局",
                "2023年10月18日",
            },
            source.Lines);
    }

    [Fact]
    public void Text_inside_content_controls_is_read_in_its_place()
    {
        var source = Sources.Read(Sources.Docx(new W.Body(
            Para("县统计局2023年工作总结"),
            new W.SdtBlock(new W.SdtProperties(new W.Tag { Val = "body" }), new W.SdtContentBlock(
                Para("今年以来，我局认真履行统计职责。"),
                new W.SdtBlock(new W.SdtContentBlock(Para("一、统计数据质量稳步提升。"))))),
            new W.Table(
                Row("指标", "完成"),
                new W.SdtRow(new W.SdtContentRow(Row("统计调查", "12项")))),
            new W.CustomXmlBlock(Para("县统计局")))), "report.docx");

        Assert.Equal(
            new[] { "县统计局2023年工作总结", "今年以来，我局认真履行统计职责。", "一、统计数据质量稳步提升。", "指标\t完成", "统计调查\t12项", "县统计局" },
            source.Lines);
    }

    [Fact]
    public void A_docx_is_recognised_by_its_content_even_under_another_name()
    {
        var source = Sources.Read(SampleDocx(), "report.txt");

        Assert.Equal("docx", source.Encoding);
        Assert.Equal("区民政局2023年第三季度工作总结", source.Lines[0]);
    }

    [Fact]
    public void A_docx_goes_through_the_whole_pipeline_with_its_table_as_a_pipe_table_and_its_signature()
    {
        var result = IngestPipeline.Default.IngestFile(Sources.Read(SampleDocx(), "report.docx"));

        var report = Assert.Single(result.Reports).Report;
        Assert.Equal("区民政局2023年第三季度工作总结", report.Metadata.Title.Value);
        Assert.Contains("| 项目 | 数量 | 备注 |\n| --- | --- | --- |\n| 低保对象 | 1200 | 户 |\n", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("::: signature\nXX区民政局\\\n2023年10月18日\n:::", report.Markdown, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2023, 10, 18), report.Metadata.Date.Value);
    }

    [Fact]
    public void Zip_garbage_named_docx_is_skipped_as_a_corrupt_docx()
    {
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        "PK\x03\x04"u8.CopyTo(bytes);

        var outcome = SourceReader.Read(bytes, "broken.docx");

        Assert.Null(outcome.Source);
        Assert.StartsWith("corrupt .docx", outcome.Skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void A_docx_cut_in_half_is_skipped_as_corrupt()
    {
        var bytes = SampleDocx();

        var outcome = SourceReader.Read(bytes[..(bytes.Length / 2)], "half.docx");

        Assert.Null(outcome.Source);
        Assert.StartsWith("corrupt .docx", outcome.Skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_file_named_docx_is_skipped_as_not_a_zip_package()
    {
        var outcome = SourceReader.Read(Encoding.UTF8.GetBytes("区财政局2023年工作总结\n正文。"), "fake.docx");

        Assert.Null(outcome.Source);
        Assert.Contains("not a zip package", outcome.Skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void A_docx_package_without_a_document_part_is_skipped_as_corrupt()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open());
            w.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
        }

        var outcome = SourceReader.Read(ms.ToArray(), "empty.docx");

        Assert.Null(outcome.Source);
        Assert.StartsWith("corrupt .docx", outcome.Skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void A_docx_whose_document_xml_is_not_xml_is_skipped_as_corrupt()
    {
        // Replace word/document.xml in a real package by broken XML.
        using var ms = new MemoryStream();
        ms.Write(SampleDocx());
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            using var w = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            w.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>");
        }

        var outcome = SourceReader.Read(ms.ToArray(), "badxml.docx");

        Assert.Null(outcome.Source);
        Assert.StartsWith("corrupt .docx", outcome.Skipped, StringComparison.Ordinal);
    }
}
