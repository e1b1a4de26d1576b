using System.Globalization;
using System.Text.Json;
using Archive.Core;
using Archive.Ingest.Output;
using Archive.Site.Model;
using Archive.Site.Pipeline;
using Archive.Site.Rendering;
using Archive.Site.Theme;

namespace Archive.Site.Steps;

public sealed record MetaValue(string Text, string? Url);

public sealed record MetaRow(string Label, IReadOnlyList<MetaValue> Values, string? Note);

public sealed record SourceView(string File, string Url, int Line, int LastLine);

public sealed record CleaningRow(int Line, string Action, string Detail);

public sealed record ReportPageView(
    string Id,
    string Title,
    IReadOnlyList<MetaRow> Metadata,
    IReadOnlyList<OutlineEntry> Outline,
    string Body,
    IReadOnlyList<SourceView> Sources,
    bool IsDuplicate,
    string CleaningSummary,
    IReadOnlyList<CleaningRow> Cleaning,
    int CleaningCount,
    IReadOnlyList<string> Warnings,
    string MarkdownUrl,
    Link? Previous,
    Link? Next,
    Link Department,
    string ContentHash);

/// <summary>Writes one page per report: metadata panel, outline, body, provenance, neighbours.</summary>
public sealed class RenderReportPages : BuildStep
{
    public override IReadOnlyList<string> DependsOn => [nameof(RenderMarkdown)];

    public override void Execute(BuildContext context)
    {
        var model = context.Get<SiteModel>();
        var bodies = context.Get<RenderedReports>().Bodies;
        var pages = context.Get<PageWriter>();
        Parallel.ForEach(model.Reports, new ParallelOptions { MaxDegreeOfParallelism = context.Options.MaxDegreeOfParallelism }, report =>
        {
            var body = bodies[report.Id];
            if (body.Reused is { } published)
            {
                context.Outputs.AddReused(Name, report.Path + "index.html", published.Hash, published.Size, published.Path);
                return;
            }

            var view = View(model, report, body, pages.Urls, context.Theme.Notes);
            var frame = pages.Frame(report.Title, report.Path) with
            {
                Description = Describe(body.PlainText),
                OgType = "article",
                JsonLd = JsonLd(report, body, pages.Urls, context.Options.SiteTitle),
                BodyClass = "report-page",
                Breadcrumb =
                [
                    new Crumb("首页", pages.Urls.Link("")),
                    new Crumb("部门", pages.Urls.Link("department/")),
                    new Crumb(report.Metadata.Department.Value, pages.Urls.Link(model.TermOf(SiteModel.Department, report).Path)),
                    new Crumb(report.Title, null),
                ],
            };
            pages.Write(Name, report.Path + "index.html", "report", view, frame);
        });
    }

    public static ReportPageView View(SiteModel model, SiteReport report, RenderedBody body, SiteUrls urls, NoteWording notes)
    {
        var m = report.Metadata;
        string TermUrl(string taxonomy) => urls.Link(model.TermOf(taxonomy, report).Path);
        string? Note<T>(Sourced<T> v) =>
            v.Source == FieldSource.None ? "文中未注明" : $"依据{ViewFactory.SourceLabel(v.Source)}{(v.Evidence is { Length: > 0 } e ? "：" + notes.Word(e) : "")}";

        var rows = new List<MetaRow>
        {
            new("年份", [new MetaValue(m.Year.Value is { } y ? $"{y}年" : "年份不详", TermUrl(SiteModel.Year))], Note(m.Year)),
            new("时期", [new MetaValue(Periods.Label(m.Period.Value), TermUrl(SiteModel.Period))], Note(m.Period)),
            new("层级", [new MetaValue(m.Level.Value, TermUrl(SiteModel.Level))], Note(m.Level)),
            new("部门", [new MetaValue(m.Department.Value, TermUrl(SiteModel.Department))], Note(m.Department)),
        };
        if (m.PlanYear.Value is { } plan)
        {
            rows.Add(new MetaRow("计划年度", [new MetaValue($"{plan}年", null)], Note(m.PlanYear)));
        }

        if (m.Organization.Value is { } org)
        {
            rows.Add(new MetaRow("机构", [new MetaValue(org, null)], Note(m.Organization)));
        }

        if (m.Date.Value is { } date)
        {
            rows.Add(new MetaRow("成文日期", [new MetaValue(date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture), null)], Note(m.Date)));
        }

        if (!m.Kinds.IsEmpty)
        {
            rows.Add(new MetaRow("类型", [.. m.Kinds.Select(k => new MetaValue(k, null))], null));
        }

        if (!m.Regions.IsEmpty)
        {
            rows.Add(new MetaRow("地区", [.. m.Regions.Select(k => new MetaValue(k, null))], null));
        }

        if (!m.Tags.IsEmpty)
        {
            rows.Add(new MetaRow("主题", [.. m.Tags.Select(t => new MetaValue(t, urls.Link("search/") + "?q=" + Uri.EscapeDataString(t)))], null));
        }

        var cleaning = CleaningSummary.Of(report.Report);
        var (previous, next) = model.Neighbours(report.Id);
        var department = model.TermOf(SiteModel.Department, report);
        return new ReportPageView(
            report.Id,
            report.Title,
            rows,
            body.Outline,
            body.Html,
            [.. report.Report.Sources.Select(s => new SourceView(s.File, SourceUrl(urls, s.File), s.Line, s.LastLine))],
            report.Report.Sources.Length > 1,
            $"删除 {cleaning.Dropped} 行 · 整理 {cleaning.Trimmed} 行 · 恢复遮蔽字 {cleaning.Unmasked} 处 · 修复断行 {cleaning.Joined} 处",
            [.. report.Report.Cleaning.Select(c => new CleaningRow(c.Line, ActionLabel(c.Action), notes.Word(c.Detail) + (c.Count > 1 ? $" ×{c.Count}" : "")))],
            report.Report.Cleaning.Length,
            [.. report.Report.Warnings.Select(notes.Word)],
            urls.Link(report.Path + report.Id + ".md"),
            previous is null ? null : new Link(previous.Title, urls.Link(previous.Path)),
            next is null ? null : new Link(next.Title, urls.Link(next.Path)),
            new Link(department.Label, urls.Link(department.Path)),
            report.Report.ContentHash[..16]);
    }

    public static string SourceUrl(SiteUrls urls, string file) =>
        urls.Link(string.Join('/', PublishDownloads.SourcePath(file).Split('/').Select(SiteUrls.Segment)));

    private static string ActionLabel(CleaningAction action) => action switch
    {
        CleaningAction.Dropped => "删除",
        CleaningAction.Trimmed => "整理",
        CleaningAction.Unmasked => "恢复",
        CleaningAction.Joined => "接续",
        _ => action.ToString(),
    };

    private static string Describe(string text)
    {
        var flat = text.Replace('\n', ' ').Trim();
        return flat.Length <= 120 ? flat : flat[..120] + "…";
    }

    /// <summary>schema.org Report as JSON-LD. System.Text.Json escapes &lt; &gt; &amp;, so no text can close the script element.</summary>
    private static string JsonLd(SiteReport report, RenderedBody body, SiteUrls urls, string siteTitle)
    {
        var m = report.Metadata;
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Report",
            ["@id"] = urls.Absolute(report.Path),
            ["url"] = urls.Absolute(report.Path),
            ["name"] = report.Title,
            ["identifier"] = report.Id,
            ["inLanguage"] = "zh-CN",
            ["description"] = Describe(body.PlainText),
            ["dateCreated"] = ViewFactory.FormatDate(m.Date.Value),
            ["temporalCoverage"] = m.Year.Value?.ToString(CultureInfo.InvariantCulture),
            ["author"] = new Dictionary<string, object?>
            {
                ["@type"] = "GovernmentOrganization",
                ["name"] = m.Organization.Value ?? m.Department.Value,
            },
            ["keywords"] = string.Join(",", new[] { m.Level.Value, m.Department.Value, Periods.Label(m.Period.Value) }.Concat(m.Tags)),
            ["isPartOf"] = new Dictionary<string, object?> { ["@type"] = "WebSite", ["name"] = siteTitle, ["url"] = urls.Absolute("") },
        };
        return JsonSerializer.Serialize(data.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value), SiteJson.Options);
    }
}
