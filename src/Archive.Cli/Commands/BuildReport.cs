using Archive.Site;

namespace Archive.Cli.Commands;

/// <summary>The summary printed after a build: what changed, warnings, time.</summary>
internal static class BuildReport
{
    public static void Print(BuildSummary s, SiteOptions options, TextWriter output)
    {
        foreach (var warning in s.Warnings)
        {
            output.WriteLine($"warning: {warning}");
        }

        foreach (var id in s.ReportsRemoved)
        {
            output.WriteLine($"removed: reports/{id}/ (its source no longer yields it)");
        }

        output.WriteLine(
            $"built {s.Reports} reports from {s.Files} files ({s.Skipped} skipped) into {options.OutputDirectory} in {s.Elapsed.TotalSeconds:0.00} s: "
            + $"{s.ReportsAdded.Length} added, {s.ReportsChanged.Length} changed, {s.ReportsRemoved.Length} removed; "
            + $"{s.Published.Written} files written, {s.Published.Unchanged} unchanged, {s.Published.Removed.Count} deleted; {s.Warnings.Length} warnings");
    }
}
