using Archive.Core;

namespace Archive.Ingest.Tests;

/// <summary>
/// The acceptance test of ingest: on the bundled compilations it finds exactly the annotated reports,
/// each with the annotated title line and last line, and year, period, level and department agree.
/// </summary>
public sealed class GoldCorpusTests
{
    private static readonly IReadOnlyList<GoldReport> Gold = GoldReport.Load();

    private static readonly Lazy<IngestResult> Result = new(() =>
        IngestPipeline.Default.Ingest(InputFolder.Enumerate(RepoPaths.Input)
            .Where(f => Gold.Any(g => g.File == f.Name))));

    [Fact]
    public void Finds_exactly_the_annotated_reports_with_their_title_and_last_lines()
    {
        var found = Result.Value.Files
            .SelectMany(f => f.Reports.Select(r => (f.File, r.Report.Sources.Single(s => s.File == f.File))))
            .Select(x => $"{x.File}:{x.Item2.Line}-{x.Item2.LastLine}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var expected = Gold.Select(g => $"{g.File}:{g.TitleLine}-{g.LastLine}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, found);
    }

    [Fact]
    public void Titles_match_the_annotations()
    {
        var problems = Compare((g, r) => r.Metadata.Title.Value == g.Title ? null : $"title '{r.Metadata.Title.Value}', expected '{g.Title}'");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Year_and_period_match_the_annotations()
    {
        var problems = Compare((g, r) =>
            r.Metadata.Year.Value == g.Year && r.Metadata.Period.Value == g.Period
                ? null
                : $"year {r.Metadata.Year.Value}/{r.Metadata.Period.Value} ({r.Metadata.Period.Evidence}), expected {g.Year}/{g.Period}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Level_matches_the_annotations()
    {
        var problems = Compare((g, r) =>
            r.Metadata.Level.Value == g.Level
                ? null
                : $"level {r.Metadata.Level.Value} from {r.Metadata.Level.Source} ({r.Metadata.Level.Evidence}), expected {g.Level}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Department_is_an_accepted_name_or_unknown_where_the_text_does_not_say()
    {
        var problems = Compare((g, r) =>
        {
            var d = r.Metadata.Department;
            var ok = g.Departments.Count == 0 ? d.Value == Levels.Unknown && d.Source == FieldSource.None : g.Departments.Contains(d.Value);
            return ok ? null : $"department {d.Value} from {d.Source} ({d.Evidence}), expected {(g.Departments.Count == 0 ? "未知" : string.Join("|", g.Departments))}";
        });
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Annotated_first_and_last_body_lines_are_where_the_report_says()
    {
        var problems = new List<string>();
        foreach (var g in Gold)
        {
            var lines = File.ReadAllLines(Path.Combine(RepoPaths.Input, g.File));
            var firstBody = lines.Skip(g.TitleLine).Select(l => l.Trim()).First(l => l.Length > 0);
            if (!firstBody.StartsWith(g.FirstBodyLineStartsWith, StringComparison.Ordinal))
            {
                problems.Add($"{g}: first body line is '{firstBody[..Math.Min(30, firstBody.Length)]}'");
            }

            if (!lines[g.LastLine - 1].Trim().EndsWith(g.LastBodyLineEndsWith, StringComparison.Ordinal))
            {
                problems.Add($"{g}: last line is '{lines[g.LastLine - 1]}'");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static List<string> Compare(Func<GoldReport, Report, string?> check)
    {
        var problems = new List<string>();
        foreach (var g in Gold)
        {
            var report = Result.Value.Reports.FirstOrDefault(r => r.Sources.Any(s => s.File == g.File && s.Line == g.TitleLine));
            if (report is null)
            {
                problems.Add($"{g}: no report starts at this line");
                continue;
            }

            if (check(g, report) is { } problem)
            {
                problems.Add($"{g}: {problem}");
            }
        }

        return problems;
    }
}
