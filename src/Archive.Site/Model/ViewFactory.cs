using System.Globalization;
using Archive.Core;

namespace Archive.Site.Model;

/// <summary>Builds the small view records shared by several pages.</summary>
public static class ViewFactory
{
    public static ReportItem Item(SiteReport r, SiteUrls urls)
    {
        var m = r.Metadata;
        return new ReportItem(
            r.Id,
            r.Title,
            urls.Link(r.Path),
            m.Year.Value is { } y ? y.ToString(CultureInfo.InvariantCulture) + "年" : "年份不详",
            m.Year.Value?.ToString(CultureInfo.InvariantCulture) ?? "unknown",
            Periods.Label(m.Period.Value),
            m.Period.Value,
            m.Level.Value,
            m.Department.Value,
            FormatDate(m.Date.Value),
            m.Organization.Value);
    }

    public static string? FormatDate(DateOnly? date) =>
        date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Chinese name of where a metadata value came from.</summary>
    public static string SourceLabel(FieldSource source) => source switch
    {
        FieldSource.Title => "标题",
        FieldSource.Signature => "落款",
        FieldSource.Body => "正文",
        FieldSource.Inferred => "推断",
        FieldSource.Override => "人工校正",
        FieldSource.FileName => "文件名",
        _ => "文中未注明",
    };

    /// <summary>Links to a taxonomy's terms with their counts, <paramref name="current"/> marked.</summary>
    public static List<TermLink> TermLinks(IEnumerable<Term> terms, SiteUrls urls, Term? current = null) =>
        [.. terms.Select(t => new TermLink(t.Label, urls.Link(t.Path), t.Reports.Length, t == current))];

    /// <summary>A taxonomy as a filter: its terms as options with counts.</summary>
    public static Facet Facet(Taxonomy taxonomy) =>
        new(taxonomy.Key, taxonomy.Name, [.. taxonomy.Terms.Select(t => new FacetOption(t.Key, t.Label, t.Reports.Length))]);

    public static Pagination? Paginate(int page, int pages, Func<int, string> url)
    {
        if (pages <= 1)
        {
            return null;
        }

        return new Pagination(
            page,
            pages,
            page > 1 ? url(page - 1) : null,
            page < pages ? url(page + 1) : null,
            [.. Enumerable.Range(1, pages).Select(n => new PageLink(n, url(n), n == page))]);
    }
}
