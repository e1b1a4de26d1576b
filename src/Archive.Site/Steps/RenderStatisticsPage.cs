using Archive.Site.Model;
using Archive.Site.Pipeline;
using Archive.Site.Rendering;

namespace Archive.Site.Steps;

public sealed record ChartView(string Id, string Title, string Svg, IReadOnlyList<TermLink> Rows);

public sealed record StatisticsView(int Total, IReadOnlyList<ChartView> Charts);

/// <summary>The statistics page: reports per year, level, department and period as build-time SVG charts.</summary>
public sealed class RenderStatisticsPage : BuildStep
{
    public override IReadOnlyList<string> DependsOn => [nameof(IngestReports)];

    public override void Execute(BuildContext context)
    {
        var model = context.Get<SiteModel>();
        var pages = context.Get<PageWriter>();
        var urls = pages.Urls;
        var charts = model.Taxonomies.Select(t =>
        {
            var bars = t.Terms.Select(term => new Bar(term.Label, term.Reports.Length, urls.Link(term.Path))).ToList();
            var title = $"各{t.Name}报告数量";
            return new ChartView("chart-" + t.Key, title, SvgBarChart.Render("chart-" + t.Key, title, bars),
                ViewFactory.TermLinks(t.Terms, urls));
        }).ToList();
        var frame = pages.Frame("统计", "stats/", "统计") with
        {
            Breadcrumb = [new Crumb("首页", urls.Link("")), new Crumb("统计", null)],
            BodyClass = "stats-page",
        };
        pages.Write(Name, "stats/index.html", "stats", new StatisticsView(model.Reports.Length, charts), frame);
    }
}
