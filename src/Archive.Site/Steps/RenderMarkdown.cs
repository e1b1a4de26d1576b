using System.Collections.Concurrent;
using System.Collections.Frozen;
using Archive.Site.Model;
using Archive.Site.Pipeline;
using Archive.Site.Rendering;

namespace Archive.Site.Steps;

/// <summary>The rendered body of every report, by id.</summary>
public sealed record RenderedReports(FrozenDictionary<string, RenderedBody> Bodies);

/// <summary>Renders every report's Markdown to HTML (in parallel, one shared Markdig pipeline).</summary>
public sealed class RenderMarkdown(ReportRenderer renderer) : BuildStep
{
    public override IReadOnlyList<string> DependsOn => [nameof(IngestReports)];

    public override void Execute(BuildContext context)
    {
        var model = context.Get<SiteModel>();
        var cache = context.Get<Caching.RenderCache>();
        var bodies = new ConcurrentDictionary<string, RenderedBody>(StringComparer.Ordinal);
        Parallel.ForEach(model.Reports, new ParallelOptions { MaxDegreeOfParallelism = context.Options.MaxDegreeOfParallelism }, r =>
        {
            var page = r.Path + "index.html";
            var body = cache.Reusable(page, cache.KeyOf(model, r), r.Report.ContentHash) is { } reused
                ? new RenderedBody("", [], reused.PlainText) { Reused = (reused.Hash, reused.Path, reused.Size) }
                : renderer.Render(r.Report.Markdown);
            cache.Bodies[r.Report.ContentHash] = body.PlainText;
            bodies[r.Id] = body;
        });
        context.Set(new RenderedReports(bodies.ToFrozenDictionary(StringComparer.Ordinal)));
    }
}
