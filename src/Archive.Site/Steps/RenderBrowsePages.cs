using Archive.Site.Model;
using Archive.Site.Pipeline;

namespace Archive.Site.Steps;

public sealed record TaxonomyIndexView(string Name, string Key, IReadOnlyList<TermLink> Terms, int Total);

public sealed record TermPageView(
    string TaxonomyName,
    string TaxonomyUrl,
    string Label,
    int Count,
    int First,
    IReadOnlyList<ReportItem> Items,
    Pagination? Pagination,
    IReadOnlyList<TermLink> Siblings);

public sealed record BrowseView(IReadOnlyList<Facet> Facets, IReadOnlyList<ReportItem> Items, int Total);

/// <summary>
/// Browse pages: for each taxonomy an index of its terms with counts, one page per term listing its
/// reports newest first (paginated), and the combined page that filters by all four at once.
/// </summary>
public sealed class RenderBrowsePages : BuildStep
{
    public override IReadOnlyList<string> DependsOn => [nameof(IngestReports)];

    public override void Execute(BuildContext context)
    {
        var model = context.Get<SiteModel>();
        var pages = context.Get<PageWriter>();
        var urls = pages.Urls;
        var size = Math.Max(1, context.Options.PageSize);

        foreach (var taxonomy in model.Taxonomies)
        {
            var links = ViewFactory.TermLinks(taxonomy.Terms, urls);
            var index = new TaxonomyIndexView(taxonomy.Name, taxonomy.Key, links, model.Reports.Length);
            var frame = pages.Frame($"按{taxonomy.Name}浏览", taxonomy.Path, taxonomy.Name) with
            {
                Breadcrumb = [new Crumb("首页", urls.Link("")), new Crumb(taxonomy.Name, null)],
                BodyClass = "taxonomy-page",
            };
            pages.Write(Name, taxonomy.Path + "index.html", "taxonomy", index, frame);

            Parallel.ForEach(taxonomy.Terms, new ParallelOptions { MaxDegreeOfParallelism = context.Options.MaxDegreeOfParallelism }, term =>
            {
                var count = term.Reports.Length;
                var pageCount = (count + size - 1) / size;
                string PageUrl(int n) => urls.Link(n == 1 ? term.Path : $"{term.Path}page/{n}/");
                var siblings = ViewFactory.TermLinks(taxonomy.Terms, urls, term);
                for (var page = 1; page <= pageCount; page++)
                {
                    var items = term.Reports.Skip((page - 1) * size).Take(size).Select(r => ViewFactory.Item(r, urls)).ToList();
                    var view = new TermPageView(taxonomy.Name, urls.Link(taxonomy.Path), term.Label, count, (page - 1) * size + 1, items,
                        ViewFactory.Paginate(page, pageCount, PageUrl), siblings);
                    var title = page == 1 ? $"{term.Label} · {taxonomy.Name}" : $"{term.Label} · {taxonomy.Name}（第 {page} 页）";
                    var path = page == 1 ? term.OutputFolder + "/index.html" : $"{term.OutputFolder}/page/{page}/index.html";
                    var frame = pages.Frame(title, page == 1 ? term.Path : $"{term.Path}page/{page}/", taxonomy.Name) with
                    {
                        Breadcrumb = [new Crumb("首页", urls.Link("")), new Crumb(taxonomy.Name, urls.Link(taxonomy.Path)), new Crumb(term.Label, null)],
                        BodyClass = "term-page",
                    };
                    pages.Write(Name, path, "term", view, frame);
                }
            });
        }

        var facets = model.Taxonomies
            .Select(ViewFactory.Facet)
            .ToList();
        var browse = new BrowseView(facets, [.. model.Reports.Select(r => ViewFactory.Item(r, urls))], model.Reports.Length);
        var browseFrame = pages.Frame("组合筛选", "browse/", "浏览") with
        {
            Breadcrumb = [new Crumb("首页", urls.Link("")), new Crumb("组合筛选", null)],
            BodyClass = "browse-page",
            Scripts = [urls.Link(context.Theme.AssetPath("browse.js"))],
        };
        pages.Write(Name, "browse/index.html", "browse", browse, browseFrame);
    }
}
