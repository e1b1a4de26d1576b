using System.Diagnostics;
using System.Globalization;
using Archive.Ingest;
using Archive.Search;
using Archive.Site.Model;
using Archive.Site.Rendering;
using Archive.Site.Steps;
using Archive.Site.Theme;
using Markdig;

namespace Archive.Bench;

/// <summary>
/// Times the build's expensive pieces one at a time, on one thread (unless noted), over the same
/// input: the CPU cost of each piece without the overlap and contention of the real build, so the
/// step timings of <c>build</c> can be attributed to library calls (YAML, Markdig, AngleSharp,
/// Handlebars, lunr index…). Uses the same public classes the build steps use.
/// </summary>
internal static class Profile
{
    public static int Run(string input, string theme)
    {
        var rows = new List<(string What, double Seconds, string Note)>();
        T Time<T>(string what, Func<T> action, Func<T, double, string>? note = null)
        {
            var watch = Stopwatch.StartNew();
            var result = action();
            var seconds = watch.Elapsed.TotalSeconds;
            rows.Add((what, seconds, note?.Invoke(result, seconds) ?? ""));
            Console.Error.WriteLine($"  {what}: {watch.Elapsed.TotalSeconds:F2} s");
            return result;
        }

        var options = InputFolder.LoadOptions(input) with { MaxDegreeOfParallelism = 1 };
        var ingest = Time("ingest (IngestPipeline.Ingest, 1 thread)", () => new IngestPipeline(options).Ingest(InputFolder.Enumerate(input)),
            (r, _) => $"{r.Reports.Length} reports from {r.Files.Length} files");
        var model = Time("SiteModel (sort, taxonomies, neighbours)", () => new SiteModel(ingest));
        var n = model.Reports.Length;

        Time("front matter + Markdown download (SiteReport.Document: YamlDotNet)", () => model.Reports.Sum(r => (long)r.Document.Length),
            (chars, _) => $"{chars / 1e6:F0} M chars");

        var renderer = new ReportRenderer();
        Time("Markdig only (Markdown.ToHtml)", () => model.Reports.Sum(r => (long)Markdown.ToHtml(r.Report.Markdown, renderer.Pipeline).Length),
            (chars, _) => $"{chars / 1e6:F0} M chars of HTML");
        var bodies = Time("ReportRenderer.Render (Markdig + AngleSharp read-back: outline, plain text)",
            () => model.Reports.ToDictionary(r => r.Id, r => renderer.Render(r.Report.Markdown), StringComparer.Ordinal));

        Time("SiteModel.TermOf × 5 per report (as RenderReportPages.View calls it)", () =>
        {
            var found = 0;
            foreach (var r in model.Reports)
            {
                foreach (var taxonomy in new[] { SiteModel.Year, SiteModel.Period, SiteModel.Level, SiteModel.Department, SiteModel.Department })
                {
                    found += model.TermOf(taxonomy, r).Reports.Length > 0 ? 1 : 0;
                }
            }

            return found;
        }, (found, seconds) => $"{found} lookups, {seconds / found * 1e6:F1} µs each");

        var urls = new SiteUrls("/");
        var themeFiles = Time("ThemeFiles.Load (Handlebars compile, assets)", () => ThemeFiles.Load(theme));
        var views = Time("RenderReportPages.View (page model, includes the TermOf lookups and wording the notes)",
            () => model.Reports.Select(r => RenderReportPages.View(model, r, bodies[r.Id], urls, themeFiles.Notes)).ToList());

        Time("Handlebars: report layout (content only, no base layout)", () => views.Sum(v => (long)themeFiles.Render("report", v).Length),
            (chars, _) => $"{chars / 1e6:F0} M chars");

        var builder = Time("lunr index: LunrIndexBuilder.Add (tokenise title + plain text)", () =>
        {
            var b = new LunrIndexBuilder(GenerateSearchIndex.IndexOptions);
            foreach (var r in model.Reports)
            {
                b.Add(new SearchDocument(r.Id, new Dictionary<string, string> { ["title"] = r.Title, ["body"] = bodies[r.Id].PlainText }));
            }

            return b;
        }, (b, _) => $"{b.TermCount} terms");
        Time("lunr index: WriteShards as GenerateSearchIndex calls it (all cores), bytes counted and dropped", () =>
        {
            var plan = GenerateSearchIndex.PlanFor(builder);
            long bytes = 0;
            builder.WriteShards(plan, (_, write) =>
            {
                using var counter = new Archive.Site.Pipeline.HashingStream(Stream.Null);
                write(counter);
                Interlocked.Add(ref bytes, counter.Written);
            });
            return (Plan: plan, Bytes: bytes);
        }, (r, _) => $"{r.Plan.Primary} shards, {r.Plan.FileCount} files, {r.Bytes / 1048576.0:F0} MiB");

        Console.WriteLine($"| piece ({n} reports; one thread unless noted) | seconds | per report | note |");
        Console.WriteLine("| --- | ---: | ---: | --- |");
        foreach (var (what, seconds, note) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {seconds:F2} | {seconds / n * 1000:F2} ms | {note} |"));
        }

        return 0;
    }
}
