using System.Collections.Frozen;
using System.Collections.Immutable;
using Archive.Core;
using Archive.Ingest;

namespace Archive.Site.Model;

/// <summary>A report as placed in the site: where it lives and its neighbours in its department.</summary>
public sealed record SiteReport(Report Report, string Path)
{
    public string Id => Report.Id;

    /// <summary>
    /// The report's Markdown document (front matter + body), as downloaded and as in the content folder.
    /// Rendered on each use (twice a build, ~40 µs): kept for every report, it would hold about 10 KB
    /// a report for the whole build, at its memory peak.
    /// </summary>
    public string Document => Archive.Ingest.Output.ReportDocument.Render(Report);
    public ReportMetadata Metadata => Report.Metadata;
    public string Title => Report.Metadata.Title.Value;
}

/// <summary>One value of a taxonomy (2023, 区, 财政局, Q3) and the reports filed under it, newest first.</summary>
public sealed record Term(string Taxonomy, string Key, string Slug, string Label, ImmutableArray<SiteReport> Reports)
{
    /// <summary>Site-relative path of the term's first page.</summary>
    public string Path => $"{Taxonomy}/{SiteUrls.Segment(Slug)}/";

    /// <summary>Output folder of the term's pages (unencoded).</summary>
    public string OutputFolder => $"{Taxonomy}/{Slug}";
}

/// <summary>A way of browsing: year, level, department or period.</summary>
public sealed record Taxonomy(string Key, string Name, ImmutableArray<Term> Terms)
{
    public string Path => $"{Key}/";
}

/// <summary>The site's immutable model: reports in reading order and the taxonomies over them.</summary>
public sealed class SiteModel
{
    public const string Year = "year";
    public const string Level = "level";
    public const string Department = "department";
    public const string Period = "period";

    private readonly FrozenDictionary<string, (SiteReport? Previous, SiteReport? Next)> _neighbours;
    private readonly FrozenDictionary<string, FrozenDictionary<string, Term>> _termOf;

    public SiteModel(IngestResult ingest)
    {
        Ingest = ingest;
        Reports = [.. ingest.Reports.Select(r => new SiteReport(r, $"reports/{r.Id}/")).OrderBy(r => r, NewestFirst.Instance)];
        ById = Reports.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
        Taxonomies =
        [
            Build(Year, "年份", r => r.Metadata.Year.Value is { } y ? y.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown",
                key => key == "unknown" ? "年份不详" : key + "年", key => key, OrderYears),
            Build(Level, "层级", r => r.Metadata.Level.Value, key => key, Levels.Slug,
                keys => keys.OrderBy(k => Levels.All.ToList().IndexOf(k) is var i && i < 0 ? int.MaxValue : i).ThenBy(k => k, StringComparer.Ordinal)),
            Build(Department, "部门", r => r.Metadata.Department.Value, key => key, SiteUrls.SafeName, null),
            Build(Period, "时期", r => r.Metadata.Period.Value, Periods.Label, Periods.Slug,
                keys => keys.OrderBy(k => Periods.All.ToList().IndexOf(k) is var i && i < 0 ? int.MaxValue : i)),
        ];

        _termOf = Taxonomies.ToFrozenDictionary(
            t => t.Key,
            t => t.Terms.SelectMany(term => term.Reports.Select(r => (r.Id, term))).ToFrozenDictionary(x => x.Id, x => x.term, StringComparer.Ordinal),
            StringComparer.Ordinal);

        var neighbours = new Dictionary<string, (SiteReport?, SiteReport?)>(StringComparer.Ordinal);
        foreach (var term in Taxonomy(Department).Terms)
        {
            var list = term.Reports;
            for (var i = 0; i < list.Length; i++)
            {
                neighbours[list[i].Id] = (i > 0 ? list[i - 1] : null, i + 1 < list.Length ? list[i + 1] : null);
            }
        }

        _neighbours = neighbours.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IngestResult Ingest { get; }

    /// <summary>Reports newest first (year, end of period, date), then by title and id.</summary>
    public ImmutableArray<SiteReport> Reports { get; }

    public FrozenDictionary<string, SiteReport> ById { get; }

    public ImmutableArray<Taxonomy> Taxonomies { get; }

    public Taxonomy Taxonomy(string key) => Taxonomies.First(t => t.Key == key);

    /// <summary>A taxonomy's terms by key.</summary>
    public Term? Term(string taxonomy, string key) => Taxonomy(taxonomy).Terms.FirstOrDefault(t => t.Key == key);

    /// <summary>The term a report is filed under in a taxonomy.</summary>
    public Term TermOf(string taxonomy, SiteReport report) => _termOf[taxonomy][report.Id];

    /// <summary>The reports before (newer) and after (older) this one in its department.</summary>
    public (SiteReport? Previous, SiteReport? Next) Neighbours(string id) => _neighbours.GetValueOrDefault(id);

    private Taxonomy Build(
        string key,
        string name,
        Func<SiteReport, string> value,
        Func<string, string> label,
        Func<string, string> slug,
        Func<IEnumerable<string>, IEnumerable<string>>? order)
    {
        var groups = Reports.GroupBy(value).ToDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
        var keys = order is null
            ? groups.Keys.OrderByDescending(k => groups[k].Length).ThenBy(k => k, StringComparer.Ordinal)
            : order(groups.Keys);
        var terms = keys.Select(k => new Term(key, k, slug(k), label(k), groups[k])).ToImmutableArray();
        var slugs = terms.GroupBy(t => t.Slug).FirstOrDefault(g => g.Count() > 1);
        if (slugs is not null)
        {
            throw new InvalidOperationException($"{name} values {string.Join(" and ", slugs.Select(t => t.Key))} would share the folder {slugs.Key}");
        }

        return new Taxonomy(key, name, terms);
    }

    private static IEnumerable<string> OrderYears(IEnumerable<string> keys) =>
        keys.OrderBy(k => k == "unknown" ? 1 : 0).ThenByDescending(k => k, StringComparer.Ordinal);

    /// <summary>Newest first: year, then how late in the year the period ends, then date, title, id.</summary>
    public sealed class NewestFirst : IComparer<SiteReport>
    {
        public static NewestFirst Instance { get; } = new();

        public int Compare(SiteReport? x, SiteReport? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? 1 : -1;
            }

            var c = (y.Metadata.Year.Value ?? 0).CompareTo(x.Metadata.Year.Value ?? 0);
            if (c == 0)
            {
                c = PeriodEnd(y.Metadata.Period.Value).CompareTo(PeriodEnd(x.Metadata.Period.Value));
            }

            if (c == 0)
            {
                c = (y.Metadata.Date.Value ?? DateOnly.MinValue).CompareTo(x.Metadata.Date.Value ?? DateOnly.MinValue);
            }

            if (c == 0)
            {
                c = string.CompareOrdinal(x.Title, y.Title);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
        }

        // Month the period ends in; a whole-year report sorts after its quarters.
        private static int PeriodEnd(string period) => period switch
        {
            Periods.Annual => 13,
            Periods.H2 or Periods.Q4 => 12,
            Periods.Q1ToQ3 or Periods.Q3 => 9,
            Periods.H1 or Periods.Q2 => 6,
            Periods.Q1 => 3,
            _ => 0,
        };
    }
}
