using Archive.Site.Pipeline;

namespace Archive.Site.Tests.Pipeline;

public sealed class LinkExtractorTests
{
    [Fact]
    public void Reads_links_of_anchors_stylesheets_scripts_images_and_forms_and_every_id()
    {
        const string html = """
            <!doctype html><html><head><link rel="stylesheet" href="/assets/site.css"><script src="/assets/site.js" defer></script></head>
            <body><a class="skip-link" href="#main">跳到正文</a><form action="/search/" method="get"><input id="site-search" name="q"></form>
            <main id="main"><h2 id="一总体情况">一、总体情况</h2><img src="../img/chart.svg" alt=""><a href="/reports/abc/">报告</a></main></body></html>
            """;

        var (links, ids) = LinkExtractor.Read(html);

        Assert.Equal<string>(["/assets/site.css", "/assets/site.js", "#main", "/search/", "../img/chart.svg", "/reports/abc/"], links);
        Assert.Equal<string>(["site-search", "main", "一总体情况"], ids);
    }

    [Fact]
    public void Reads_attributes_as_a_browser_does_entities_decoded_names_in_any_case_quotes_or_none()
    {
        const string html = """<A HREF="/year/2023/?a=1&amp;b=2">x</A><a href=/level/county/>y</a><IMG Src='/a.png'><div ID=Top></div>""";

        var (links, ids) = LinkExtractor.Read(html);

        Assert.Equal<string>(["/year/2023/?a=1&b=2", "/level/county/", "/a.png"], links);
        Assert.Equal<string>(["Top"], ids);
    }

    [Fact]
    public void Ignores_other_attributes_and_links_in_text_comments_and_scripts()
    {
        const string html = """
            <li data-year="2023" data-href="/nowhere/" title="href=/x/"><span src="/not-an-image.png">src="/no.png"</span></li>
            <!-- <a href="/commented/">c</a> --><script>var a = '<a href="/in-script/">';</script><link rel="alternate" href="/feed.xml">
            """;

        var (links, ids) = LinkExtractor.Read(html);

        Assert.Equal<string>(["/feed.xml"], links);
        Assert.Empty(ids);
    }
}
