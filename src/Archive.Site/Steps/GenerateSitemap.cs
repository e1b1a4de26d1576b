using System.Text;
using System.Xml;
using Archive.Site.Model;
using Archive.Site.Pipeline;

namespace Archive.Site.Steps;

/// <summary>sitemap.xml (every HTML page but the 404 page) and robots.txt pointing at it.</summary>
public sealed class GenerateSitemap : BuildStep
{
    /// <summary>Every page must exist first: runs after all steps that make files.</summary>
    public override IReadOnlyList<string> DependsOn => [StepRunner.AllSteps];

    public override void Execute(BuildContext context)
    {
        var urls = context.Get<PageWriter>().Urls;
        if (urls.Origin is null)
        {
            context.Warn("--base-url has no host: sitemap.xml and feed.xml carry root-relative links; pass --base-url https://your.host/ when deploying");
        }

        var pages = context.Outputs.Files
            .Where(f => f.IsHtml && f.Path != "404.html")
            .Select(f => f.Path.EndsWith("index.html", StringComparison.Ordinal) ? f.Path[..^"index.html".Length] : f.Path)
            .Select(p => string.Join('/', p.Split('/').Select(SiteUrls.Segment)))
            .Order(StringComparer.Ordinal);

        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
            foreach (var page in pages)
            {
                xml.WriteStartElement("url");
                xml.WriteElementString("loc", urls.Absolute(page));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        Add(context, "sitemap.xml", stream.GetBuffer().AsSpan(0, (int)stream.Length));
        AddText(context, "robots.txt", $"User-agent: *\nAllow: /\n\nSitemap: {urls.Absolute("sitemap.xml")}\n");
    }
}
