using Archive.Site.Model;
using Archive.Site.Pipeline;

namespace Archive.Site.Steps;

public sealed record SearchPageView(string ManifestUrl, string ManifestJson, string BrowseUrl, string UnmaskRules, IReadOnlyList<Facet> Facets);

public sealed record AboutView(int Reports, int Files, IReadOnlyList<SkippedView> Skipped, string JsonUrl, string CsvUrl, string FeedUrl);

public sealed record SkippedView(string File, string Reason);

/// <summary>The search page, the about page and the 404 page.</summary>
public sealed class RenderStaticPages : BuildStep
{
    public override IReadOnlyList<string> DependsOn => [nameof(GenerateSearchIndex)];

    public override void Execute(BuildContext context)
    {
        var model = context.Get<SiteModel>();
        var pages = context.Get<PageWriter>();
        var urls = pages.Urls;
        var search = context.Get<SearchIndexFiles>();

        var facets = model.Taxonomies
            .Where(t => t.Key != SiteModel.Period)
            .Select(ViewFactory.Facet)
            .ToList();
        // The page restores masked characters in queries (D建 → 党建) with the same rules as ingest.
        var unmask = System.Text.Json.JsonSerializer.Serialize(
            model.Ingest.UnmaskRules.Select(r => new { pattern = r.Pattern.ToString(), replace = r.Replacement }),
            Rendering.SiteJson.Options);
        var searchView = new SearchPageView(urls.Link(search.ManifestPath), search.ManifestJson, urls.Link("browse/"), unmask, facets);
        pages.Write(Name, "search/index.html", "search", searchView, pages.Frame("全文检索", "search/", "检索") with
        {
            Breadcrumb = [new Crumb("首页", urls.Link("")), new Crumb("全文检索", null)],
            BodyClass = "search-page",
            ScriptsBlockRendering = true,
            Scripts =
            [
                urls.Link(context.Theme.AssetPath("lunr.js")),
                urls.Link(context.Theme.AssetPath("tokenizer.js")),
                urls.Link(context.Theme.AssetPath("search-core.js")),
                urls.Link(context.Theme.AssetPath("search.js")),
            ],
        });

        var about = new AboutView(model.Reports.Length, model.Ingest.Files.Length,
            [.. model.Ingest.Skipped.Select(s => new SkippedView(s.File, context.Theme.Notes.Word(s.Reason)))],
            urls.Link("reports.json"), urls.Link("reports.csv"), urls.Link("feed.xml"));
        pages.Write(Name, "about/index.html", "about", about, pages.Frame("关于本站", "about/", "关于") with
        {
            Breadcrumb = [new Crumb("首页", urls.Link("")), new Crumb("关于", null)],
            BodyClass = "about-page",
        });

        pages.Write(Name, "404.html", "404", new { home = urls.Link(""), search = urls.Link("search/"), browse = urls.Link("browse/") },
            pages.Frame("页面不存在", "404.html") with { BodyClass = "error-page", Robots = false, Canonical = null });
    }
}
