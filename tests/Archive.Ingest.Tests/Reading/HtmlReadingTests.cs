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
}
