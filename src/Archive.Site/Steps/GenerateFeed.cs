using System.Globalization;
using System.Text;
using System.Xml;
using Archive.Core;
using Archive.Site.Model;
using Archive.Site.Pipeline;
using Archive.Site.Rendering;

namespace Archive.Site.Steps;

/// <summary>feed.xml: an Atom feed of the latest reports. Entry ids are stable URNs; no build timestamps.</summary>
public sealed class GenerateFeed : BuildStep
{
    public override IReadOnlyList<string> DependsOn => [nameof(RenderMarkdown)];

    public override void Execute(BuildContext context)
    {
        var model = context.Get<SiteModel>();
        var bodies = context.Get<RenderedReports>().Bodies;
        var urls = context.Get<PageWriter>().Urls;
        var latest = model.Reports.Take(context.Options.FeedSize).ToList();

        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
            xml.WriteAttributeString("xml", "lang", null, "zh-CN");
            xml.WriteElementString("title", XmlSafe.Clean(context.Options.SiteTitle));
            xml.WriteElementString("subtitle", XmlSafe.Clean(context.Options.SiteDescription));
            xml.WriteElementString("id", "urn:archive:feed");
            Link(xml, "self", urls.Absolute("feed.xml"));
            Link(xml, "alternate", urls.Absolute(""));
            xml.WriteElementString("updated", latest.Count == 0 ? "1970-01-01T00:00:00Z" : latest.Max(Updated));
            xml.WriteStartElement("generator");
            xml.WriteString("Archive");
            xml.WriteEndElement();

            foreach (var r in latest)
            {
                var m = r.Metadata;
                xml.WriteStartElement("entry");
                xml.WriteElementString("title", XmlSafe.Clean(r.Title));
                xml.WriteElementString("id", $"urn:archive:report:{r.Id}");
                Link(xml, "alternate", urls.Absolute(r.Path));
                xml.WriteElementString("updated", Updated(r));
                xml.WriteStartElement("author");
                xml.WriteElementString("name", XmlSafe.Clean(m.Organization.Value ?? m.Department.Value));
                xml.WriteEndElement();
                foreach (var term in new[] { m.Level.Value, m.Department.Value, Periods.Label(m.Period.Value) })
                {
                    xml.WriteStartElement("category");
                    xml.WriteAttributeString("term", XmlSafe.Clean(term));
                    xml.WriteEndElement();
                }

                var text = bodies[r.Id].PlainText.Replace('\n', ' ');
                xml.WriteStartElement("summary");
                xml.WriteAttributeString("type", "text");
                xml.WriteString(XmlSafe.Clean(text.Length > 200 ? text[..200] + "…" : text));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        Add(context, "feed.xml", stream.GetBuffer().AsSpan(0, (int)stream.Length));
    }

    private static void Link(XmlWriter xml, string rel, string href)
    {
        xml.WriteStartElement("link");
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    /// <summary>The report's date, else the end of its period, else the start of the epoch: never the build time.</summary>
    private static string Updated(SiteReport r)
    {
        var m = r.Metadata;
        var date = m.Date.Value ?? (m.Year.Value is { } y ? PeriodEnd(y, m.Period.Value) : new DateOnly(1970, 1, 1));
        return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
    }

    private static DateOnly PeriodEnd(int year, string period) => period switch
    {
        Periods.Q1 => new DateOnly(year, 3, 31),
        Periods.Q2 or Periods.H1 => new DateOnly(year, 6, 30),
        Periods.Q3 or Periods.Q1ToQ3 => new DateOnly(year, 9, 30),
        _ => new DateOnly(year, 12, 31),
    };
}
