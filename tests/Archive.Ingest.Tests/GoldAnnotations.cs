namespace Archive.Ingest.Tests;

/// <summary>One row of the hand-made reference annotations (tests/fixtures/gold-reports.tsv).</summary>
internal sealed record GoldReport(
    string File,
    int TitleLine,
    int LastLine,
    string Title,
    int Year,
    string Period,
    string Level,
    IReadOnlyList<string> Departments,
    string FirstBodyLineStartsWith,
    string LastBodyLineEndsWith)
{
    public override string ToString() => $"{File}:{TitleLine} {Title}";

    public static IReadOnlyList<GoldReport> Load()
    {
        var path = Path.Combine(RepoPaths.Fixtures, "gold-reports.tsv");
        return System.IO.File.ReadAllLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(c => new GoldReport(
                c[0],
                int.Parse(c[1]),
                int.Parse(c[2]),
                c[3],
                int.Parse(c[4]),
                // The annotations write the whole-year period as "annual", as the archive does.
                c[5],
                c[6],
                c[7] == "-" ? [] : c[7].Split('|'),
                c[8],
                c[9]))
            .ToList();
    }
}
