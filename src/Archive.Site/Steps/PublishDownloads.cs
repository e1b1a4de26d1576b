using Archive.Site.Model;
using Archive.Site.Pipeline;

namespace Archive.Site.Steps;

/// <summary>
/// Downloads: each report's Markdown with front matter (reports/&lt;id&gt;/&lt;id&gt;.md, the same bytes as the
/// derived content folder) and every raw source file as delivered (sources/&lt;file&gt;; see <see cref="SourcePath"/>).
/// </summary>
public sealed class PublishDownloads : BuildStep
{
    /// <summary>
    /// Where a raw file is published: sources/&lt;file&gt;, with <c>.txt</c> added to a saved web page
    /// (.html, .svg…), so that the site serves it as the text it is rather than as a page of its own,
    /// whose scripts would run under the archive's address and whose links would go nowhere.
    /// </summary>
    public static string SourcePath(string file) =>
        "sources/" + file + (Path.GetExtension(file).ToLowerInvariant() is ".html" or ".htm" or ".xhtml" or ".shtml" or ".svg" or ".xml" or ".js" or ".mjs" or ".css" ? ".txt" : "");

    public override IReadOnlyList<string> DependsOn => [nameof(IngestReports)];

    public override void Execute(BuildContext context)
    {
        var model = context.Get<SiteModel>();
        Parallel.ForEach(model.Reports, new ParallelOptions { MaxDegreeOfParallelism = context.Options.MaxDegreeOfParallelism },
            r => AddText(context, $"{r.Path}{r.Id}.md", r.Document));

        var cache = context.Get<Caching.RenderCache>();
        foreach (var file in model.Ingest.Files)
        {
            // An unchanged raw file is already published: link it rather than read it again.
            if (cache.Published(SourcePath(file.File)) is { } published && published.Hash == file.Sha256)
            {
                context.Outputs.AddReused(Name, SourcePath(file.File), published.Hash, published.Size, published.Path);
                continue;
            }

            var path = Path.Combine(context.Options.InputDirectory, file.File);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Warn($"{file.File}: raw file not published: {ex.Message}");
                continue;
            }

            Add(context, SourcePath(file.File), bytes);
        }
    }
}
