using System.Text;
using Archive.Ingest.Reading;

namespace Archive.Ingest.Tests.Reading;

/// <summary>
/// A saved web page is read as its readable text, laid out in lines as a browser would: blocks and
/// breaks end lines, table rows are tab-separated, the page's head, scripts and site furniture go.
/// </summary>
public sealed class HtmlReadingTests
{
    private const string Page = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>县民政局2023年工作总结_XX县人民政府</title>
        <style>body{font-size:14px}</style><script>document.write("统计代码");</script></head>
        <body>
        <header><div class="logo">XX县人民政府</div></header>
        <nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></nav>
        <div class="article">
        <h1>县民政局2023年工作总结</h1>
        <div class="zoom">
        <p>&nbsp;&nbsp;2023年，县民政局聚焦主责主业，
        兜牢民生底线，PM2.5
        index <b>持续</b>向好。</p>
        <p>（一）社会救助。发放低保资金3265万元。<br>（二）养老服务。新建站点12个。</p>
        <table><tr><th>项目</th><th>数量</th></tr><tr><td>低保户</td><td> 5230 </td></tr></table>
        <pre>保留  空格</pre>
        </div>
        </div>
        <footer><p>主办单位：XX县人民政府办公室</p></footer>
        <script>console.log("end")</script>
        </body>
        </html>
        """;

    private static SourceText Read(byte[] bytes, string name) => SourceReader.Read(bytes, name).Source ?? throw new InvalidOperationException("skipped");

    [Fact]
    public void A_saved_web_page_in_gb18030_is_read_as_its_readable_text()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var source = Read(Encoding.GetEncoding("GB18030").GetBytes(Page), "县民政局2023年工作总结.html");

        Assert.Equal("html, gb18030", source.Encoding);
        Assert.Equal(string.Join("|",
        [
            "县民政局2023年工作总结",
            "2023年，县民政局聚焦主责主业，兜牢民生底线，PM2.5 index 持续向好。",
            "（一）社会救助。发放低保资金3265万元。",
            "（二）养老服务。新建站点12个。",
            "项目\t数量",
            "低保户\t5230",
            "保留  空格",
        ]), string.Join("|", source.Lines));
    }

    [Fact]
    public void Paragraphs_and_breaks_inside_a_table_cell_keep_the_row_on_one_line()
    {
        const string page = """
            <html><body><table>
            <tr><td><p class=MsoNormal><span>项目</span></p></td><td><p>数量</p><p>（户）</p></td></tr>
            <tr><td><p>低保对象</p></td><td><p>1200<br>含新增</p></td></tr>
            </table><p>XX区民政局</p></body></html>
            """;

        var source = Read(Encoding.UTF8.GetBytes(page), "民政局.html");

        Assert.Equal<string>(["项目\t数量 （户）", "低保对象\t1200 含新增", "XX区民政局"], source.Lines.Where(l => l.Length > 0));
    }

    [Fact]
    public void A_page_laid_out_in_a_table_keeps_the_paragraphs_of_its_text_cell()
    {
        var paragraph = "今年以来，我局坚持以人民为中心，扎实推进各项民政工作，兜牢民生底线，提升养老服务水平，各项工作取得明显成效。";
        var page = $"""
            <html><body><table><tr><td width="180"><a href="/">首页</a></td><td>
            <p>县民政局2023年工作总结</p><p>{paragraph}</p><p>一、主要工作</p><p>{paragraph}</p><p>{paragraph}</p>
            </td></tr></table></body></html>
            """;

        var source = Read(Encoding.UTF8.GetBytes(page), "民政局.html");

        Assert.Contains("县民政局2023年工作总结", source.Lines);
        Assert.Contains("一、主要工作", source.Lines);
        Assert.Equal(3, source.Lines.Count(l => l == paragraph));
    }

    [Fact]
    public void A_text_file_that_opens_like_a_page_is_read_as_one_and_a_page_without_those_words_is_not()
    {
        var page = Read(Encoding.UTF8.GetBytes("<html><body><p>区财政局2023年工作总结</p><p>正文。</p></body></html>"), "a.txt");
        var text = Read(Encoding.UTF8.GetBytes("区财政局2023年工作总结\n<p>正文。</p>\n"), "b.txt");

        Assert.Equal(["区财政局2023年工作总结", "正文。"], page.Lines.Where(l => l.Length > 0));
        Assert.Equal(["区财政局2023年工作总结", "<p>正文。</p>"], text.Lines.Where(l => l.Length > 0));
    }

    [Fact]
    public void A_page_that_marks_one_article_is_read_for_that_article_only()
    {
        var source = Read(Encoding.UTF8.GetBytes(
            "<html><body><div>热点新闻 政务公开</div><article><h2>区财政局2023年工作总结</h2><p>正文。</p></article><div>相关链接</div></body></html>"), "c.html");

        Assert.Equal(["区财政局2023年工作总结", "正文。"], source.Lines.Where(l => l.Length > 0));
    }

    // A county government's page as such sites lay them out: everything in plain <div>s — a menu bar,
    // the report, a sidebar of related articles whose titles read like report titles, a footer.
    private const string DivLayoutPage = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>县财政局2023年工作总结_县人民政府</title></head><body>
        <div class="top"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/xxgk">信息公开</a></div>
        <div class="wrap"><div class="left">
        <div class="title">县财政局2023年工作总结</div>
        <div class="info">发布时间：2024-01-05 来源：县财政局</div>
        <div class="content">
        <p>今年以来，我局坚持稳中求进工作总基调，认真落实积极的财政政策，财政运行总体平稳。附件：<a href="/f/1.xls">收支情况表</a></p>
        <p>一、主要工作</p>
        <p>全年组织税收收入9.6亿元，占比80%，收入质量稳步提升。</p>
        <p style="text-align:right">县财政局</p>
        <p style="text-align:right">2024年1月5日</p>
        </div></div>
        <div class="right"><div class="hd">相关文章</div><ul>
        <li><a href="/a/1.html">县民政局2023年工作总结</a></li>
        <li><a href="/a/2.html">县林业局2023年工作总结</a></li>
        <li><a href="/a/3.html">县审计局2024年工作计划</a></li>
        </ul></div></div>
        <div class="foot">主办：县人民政府办公室 <a href="/map">网站地图</a> <a href="/contact">联系我们</a><br>蜀ICP备12345678号</div>
        </body></html>
        """;

    [Fact]
    public void Blocks_of_mostly_links_in_plain_divs_are_no_text_of_the_page_but_a_link_in_a_paragraph_is()
    {
        var source = Read(Encoding.UTF8.GetBytes(DivLayoutPage), "page.html");

        Assert.DoesNotContain(source.Lines, l => l.Contains("县民政局", StringComparison.Ordinal) || l.Contains("相关文章", StringComparison.Ordinal) || l.Contains("政务公开", StringComparison.Ordinal));
        Assert.Contains(source.Lines, l => l.EndsWith("附件：收支情况表", StringComparison.Ordinal));
    }

    [Fact]
    public void A_page_laid_out_in_divs_gives_its_one_report_with_its_signature_and_no_report_from_its_sidebar()
    {
        var result = IngestPipeline.Default.IngestFile(Read(Encoding.UTF8.GetBytes(DivLayoutPage), "page.html"));

        var report = Assert.Single(result.Reports).Report;
        Assert.Equal("县财政局2023年工作总结", report.Metadata.Title.Value);
        Assert.Equal(new DateOnly(2024, 1, 5), report.Metadata.Date.Value);
        Assert.DoesNotContain("ICP", report.Markdown, StringComparison.Ordinal);
    }
}
