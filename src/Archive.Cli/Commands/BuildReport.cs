using Archive.Site;

namespace Archive.Cli.Commands;

/// <summary>The summary printed after a build: what changed, warnings, time.</summary>
internal static class BuildReport
{
    public static void Print(BuildSummary s, SiteOptions options, TextWriter output)
    {
        foreach (var message in s.CacheMessages)
        {
            output.WriteLine($"cache: {message}");
        }

        if (s.NothingChanged)
        {
            output.WriteLine($"no changes since the last build ({s.Reports} reports, {s.Files} files): {options.OutputDirectory} left as it was ({s.Elapsed.TotalSeconds:0.00} s)");
            return;
        }

        foreach (var warning in s.Warnings.Where(w => !w.StartsWith("cache: ", StringComparison.Ordinal)))
        {
            output.WriteLine($"warning: {warning}");
        }

        foreach (var r in s.ReportsAdded.Take(50))
        {
            output.WriteLine($"added:   reports/{r.Id}/  {r.Description}");
        }

        foreach (var r in s.ReportsChanged.Take(50))
        {
            output.WriteLine($"changed: reports/{r.Id}/  {r.Description}");
        }

        foreach (var r in s.ReportsRemoved)
        {
            output.WriteLine($"removed: reports/{r.Id}/  {r.Description} — no input yields it any more");
        }

        output.WriteLine(
            $"built {s.Reports} reports from {s.Files} files ({s.Skipped} skipped, {s.FilesFromCache} from cache) into {options.OutputDirectory} in {s.Elapsed.TotalSeconds:0.00} s: "
            + $"{s.ReportsAdded.Length} added, {s.ReportsChanged.Length} changed, {s.ReportsRemoved.Length} removed; "
            + $"{s.Published.Written} files written, {s.Published.Unchanged} unchanged, {s.Published.Removed.Count} deleted; {s.Warnings.Length} warnings");
    }
}
