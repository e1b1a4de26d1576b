using System.Globalization;
using System.Text;
using Archive.Core;
using YamlDotNet.Serialization;

namespace Archive.Ingest.Output;

/// <summary>
/// Step 10, output: one Markdown file per report, YAML front matter first (metadata, where each value
/// came from, provenance: source files and lines, content hash, cleaning summary), then the body.
/// The same bytes are written to the derived content folder and published as the report's download.
/// </summary>
public static class ReportDocument
{
    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .Build();

    public static string Render(Report report)
    {
        var m = report.Metadata;
        var front = new Dictionary<string, object?>
        {
            ["id"] = report.Id,
            ["title"] = m.Title.Value,
            ["year"] = m.Year.Value,
            ["planYear"] = m.PlanYear.Value,
            ["period"] = m.Period.Value,
            ["periodLabel"] = Periods.Label(m.Period.Value),
            ["level"] = m.Level.Value,
            ["department"] = m.Department.Value,
            ["organization"] = m.Organization.Value,
            ["date"] = m.Date.Value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["regions"] = m.Regions.ToList(),
            ["kinds"] = m.Kinds.ToList(),
            ["tags"] = m.Tags.ToList(),
            ["provenance"] = new Dictionary<string, object?>
            {
                ["fields"] = new Dictionary<string, object?>
                {
                    ["title"] = Field(m.Title),
                    ["year"] = Field(m.Year),
                    ["planYear"] = Field(m.PlanYear),
                    ["period"] = Field(m.Period),
                    ["level"] = Field(m.Level),
                    ["department"] = Field(m.Department),
                    ["organization"] = Field(m.Organization),
                    ["date"] = Field(m.Date),
                },
                ["sources"] = report.Sources.Select(s => new Dictionary<string, object?>
                {
                    ["file"] = s.File,
                    ["line"] = s.Line,
                    ["lastLine"] = s.LastLine,
                }).ToList(),
                ["contentHash"] = report.ContentHash,
                ["cleaning"] = CleaningSummary.Of(report).ToDictionary(),
            },
            ["warnings"] = report.Warnings.ToList(),
        };

        var sb = new StringBuilder(report.Markdown.Length + 1024);
        sb.Append("---\n");
        sb.Append(Yaml.Serialize(front).Replace("\r\n", "\n", StringComparison.Ordinal));
        sb.Append("---\n\n");
        sb.Append("# ").Append(MarkdownText.Escape(m.Title.Value, atLineStart: false)).Append("\n\n");
        sb.Append(report.Markdown);
        return sb.ToString();
    }

    private static Dictionary<string, object?> Field<T>(Sourced<T> value)
    {
        var d = new Dictionary<string, object?> { ["source"] = SourceName(value.Source) };
        if (value.Evidence is not null)
        {
            d["evidence"] = value.Evidence;
        }

        return d;
    }

    /// <summary>Lower-case name of a field source, as written in front matter and JSON.</summary>
    public static string SourceName(FieldSource source) => source switch
    {
        FieldSource.None => "none",
        FieldSource.Title => "title",
        FieldSource.Signature => "signature",
        FieldSource.Body => "body",
        FieldSource.Inferred => "inferred",
        FieldSource.Override => "override",
        FieldSource.FileName => "filename",
        _ => source.ToString().ToLowerInvariant(),
    };
}

/// <summary>Counts of what cleaning did inside one report.</summary>
public sealed record CleaningSummary(int Dropped, int Trimmed, int Unmasked, int Joined)
{
    public static CleaningSummary Of(Report report)
    {
        int Count(CleaningAction action) => report.Cleaning.Count(e => e.Action == action);
        var unmasked = report.Cleaning.Where(e => e.Action == CleaningAction.Unmasked).Sum(e => e.Count);
        return new CleaningSummary(Count(CleaningAction.Dropped), Count(CleaningAction.Trimmed), unmasked, Count(CleaningAction.Joined));
    }

    public Dictionary<string, object?> ToDictionary() => new()
    {
        ["dropped"] = Dropped,
        ["trimmed"] = Trimmed,
        ["unmasked"] = Unmasked,
        ["joined"] = Joined,
    };
}
