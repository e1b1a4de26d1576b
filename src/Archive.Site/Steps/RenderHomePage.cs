using Archive.Site.Model;
using Archive.Site.Pipeline;

namespace Archive.Site.Steps;

public sealed record FacetSummary(string Name, string Url, IReadOnlyList<TermLink> Terms, int More);

public sealed record HomeView(
    int Reports,
    int Files,
    int Departments,
    string Years,
    IReadOnlyList<FacetSummary> Facets,
    IReadOnlyList<ReportItem> Items,
    string SearchUrl,
    string BrowseUrl);

/// <summary>The home page: what the archive holds (counts by year, level, department, period), the latest reports, search.</summary>
public sealed class RenderHomePage : BuildStep
{
    /// <summary>Terms shown per taxonomy on the home page before "more".</summary>
    public const int TermsShown = 12;

    public override IReadOnlyList<string> DependsOn => [nameof(IngestReports)];

    public override void Execute(BuildContext context)
    {
        var model = context.Get<SiteModel>();
        var pages = context.Get<PageWriter>();
        var urls = pages.Urls;
        var years = model.Reports.Select(r => r.Metadata.Year.Value).OfType<int>().ToList();
        var view = new HomeView(
            model.Reports.Length,
            model.Ingest.Files.Length,
            model.Taxonomy(SiteModel.Department).Terms.Count(t => t.Key != Core.Levels.Unknown),
            years.Count == 0 ? "" : years.Min() == years.Max() ? $"{years.Min()}年" : $"{years.Min()}–{years.Max()}年",
            [.. model.Taxonomies.Select(t => new FacetSummary(
                t.Name,
                urls.Link(t.Path),
                ViewFactory.TermLinks(t.Terms.Take(TermsShown), urls),
                Math.Max(0, t.Terms.Length - TermsShown)))],
            [.. model.Reports.Take(context.Options.FeedSize).Select(r => ViewFactory.Item(r, urls))],
            urls.Link("search/"),
            urls.Link("browse/"));
        var frame = pages.Frame(context.Options.SiteTitle, "", "首页") with
        {
            Description = context.Options.SiteDescription,
            BodyClass = "home-page",
            JsonLd = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["@context"] = "https://schema.org",
                ["@type"] = "WebSite",
                ["name"] = context.Options.SiteTitle,
                ["url"] = urls.Absolute(""),
                ["inLanguage"] = "zh-CN",
                ["potentialAction"] = new Dictionary<string, object>
                {
                    ["@type"] = "SearchAction",
                    ["target"] = urls.Absolute("search/") + "?q={query}",
                    ["query-input"] = "required name=query",
                },
            }, Rendering.SiteJson.Options),
        };
        pages.Write(Name, "index.html", "home", view, frame);
    }
}
