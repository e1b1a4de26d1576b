using System.CommandLine;
using Archive.Core;
using Archive.Ingest;
using Archive.Ingest.Rules;

namespace Archive.Cli.Commands;

/// <summary><c>archive check</c>: ingest only, and print what was found per file.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var input = CommonOptions.Input();
        var strict = CommonOptions.Strict();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print where each metadata value came from." };
        var command = new Command("check", "Ingest the input folder and print, per file, the reports found (titles, metadata, warnings). Writes nothing.")
        {
            input, strict, verbose,
        };
        command.Aliases.Add("ingest");
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(strict), parse.GetValue(verbose), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(DirectoryInfo input, bool strict, bool verbose, TextWriter output, TextWriter error)
    {
        IngestResult result;
        try
        {
            var pipeline = new IngestPipeline(InputFolder.LoadOptions(input.FullName));
            result = pipeline.Ingest(InputFolder.Enumerate(input.FullName));
        }
        catch (Exception ex) when (ex is RuleFileException or DirectoryNotFoundException)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }

        foreach (var file in result.Files)
        {
            output.WriteLine($"{file.File}  ({file.Encoding}, {file.LineCount} lines, {file.Reports.Length} reports, {file.Log.Count(e => e.Action == CleaningAction.Dropped)} lines dropped)");
            foreach (var r in file.Reports)
            {
                var m = r.Report.Metadata;
                var s = r.Report.Sources.First(x => x.File == file.File);
                output.WriteLine($"  {s.Line,4}-{s.LastLine,-4} {r.Report.Id}  {m.Title.Value}");
                output.WriteLine($"             {m.Year.Value?.ToString() ?? "?"} {m.Period.Value} · {m.Level.Value} · {m.Department.Value}{(m.Organization.Value is { } o ? " · " + o : "")}{(m.Date.Value is { } d ? " · " + d.ToString("yyyy-MM-dd") : "")}");
                if (verbose)
                {
                    output.WriteLine($"             year: {Describe(m.Year)}; plan year: {Describe(m.PlanYear)}; period: {Describe(m.Period)}");
                    output.WriteLine($"             level: {Describe(m.Level)}; department: {Describe(m.Department)}");
                }
            }

            foreach (var w in file.Warnings)
            {
                output.WriteLine($"  warning: {w}");
            }
        }

        foreach (var s in result.Skipped)
        {
            output.WriteLine($"{s.File}  skipped: {s.Reason}");
        }

        var warnings = result.Warnings.Count();
        output.WriteLine($"{result.Files.Length} files read, {result.Skipped.Length} skipped; {result.Files.Sum(f => f.Reports.Length)} reports found, {result.Reports.Length} unique; {warnings} warnings");
        return strict && warnings > 0 ? 1 : 0;
    }

    private static string Describe<T>(Sourced<T> value) =>
        $"{value.Value?.ToString() ?? "-"} [{value.Source}{(value.Evidence is { } e ? ": " + e : "")}]";
}
