using System.Text;
using Archive.Ingest.Reading;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Reading;

/// <summary>
/// Web archives (MHTML: .mht, .mhtml, and Word's "single file web page" saved as .doc) are read as
/// their web page. tests/fixtures/ingest/doc/sample-mht.doc is such a page as Word writes it: GB2312
/// HTML, quoted-printable, with Word's markup (a paragraph in every table cell, o:p tags, conditional
/// comments), an image and a file list beside it.
/// </summary>
public sealed class MhtmlReadingTests
{
    private static byte[] Mht(string html, string contentType, string transfer) =>
        Encoding.ASCII.GetBytes(string.Join("\r\n",
            "From: <Saved by Blink>",
            "Subject: =?utf-8?Q?report?=",
            "MIME-Version: 1.0",
            "Content-Type: multipart/related; type=\"text/html\"; boundary=\"----MultipartBoundary--x\"",
            "",
            "------MultipartBoundary--x",
            $"Content-Type: {contentType}",
            $"Content-Transfer-Encoding: {transfer}",
            "Content-Location: https://www.example.gov.cn/a.html",
            "",
            html,
            "------MultipartBoundary--x--",
            ""));

    [Fact]
    public void Words_single_file_web_page_saved_as_doc_reads_as_its_page_with_a_table_row_a_line()
    {
        var source = Sources.Read(File.ReadAllBytes(Path.Combine(Sources.Fixture("doc"), "sample-mht.doc")), "民政局.doc");

        Assert.Equal("mhtml, gb2312", source.Encoding);
        Assert.Equal<string>(
            [
                "区民政局2023年第三季度工作总结",
                "今年以来，我局坚持以人民为中心，扎实推进各项民政工作。",
                "一是兜牢民生底线。",
                "项目\t数量",
                "低保对象\t1200",
                "XX区民政局",
                "2023年10月18日",
            ],
            source.Lines.Where(l => l.Length > 0));
    }

    [Fact]
    public void A_page_without_a_declared_character_set_is_decoded_as_its_bytes_say()
    {
        var html = Convert.ToBase64String(Encoding.UTF8.GetBytes("<html><body><p>县财政局2023年工作总结</p><p>一、收入情况</p></body></html>"));

        var source = Sources.Read(Mht(html, "text/html", "base64"), "财政局.mhtml");

        Assert.Equal<string>(["县财政局2023年工作总结", "一、收入情况"], source.Lines.Where(l => l.Length > 0));
    }

    [Fact]
    public void A_web_archive_is_recognised_by_its_header_under_any_name()
    {
        var html = Convert.ToBase64String(Encoding.UTF8.GetBytes("<html><body><p>县财政局2023年工作总结</p></body></html>"));

        var source = Sources.Read(Mht(html, "text/html; charset=utf-8", "base64"), "财政局.txt");

        Assert.StartsWith("mhtml", source.Encoding, StringComparison.Ordinal);
        Assert.Contains("县财政局2023年工作总结", source.Lines);
    }

    [Fact]
    public void A_web_archive_without_a_page_is_skipped_saying_so()
    {
        var outcome = SourceReader.Read(Mht("iVBORw0KGgo=", "image/png", "base64"), "图片.mht");

        Assert.Null(outcome.Source);
        Assert.Contains("no web page", outcome.Skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_that_mentions_mime_headers_is_still_text()
    {
        var text = "县信息中心2023年工作总结\n邮件网关支持 MIME-Version: 1.0 与 multipart/related 格式。\n";

        var source = Sources.Read(Encoding.UTF8.GetBytes(text), "信息中心.txt");

        Assert.Equal("县信息中心2023年工作总结", source.Lines[0]);
    }
}
