using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Archive.Core;
using Archive.Ingest.Rules;
using Archive.Ingest.Splitting;

namespace Archive.Ingest.Overrides;

/// <summary>Metadata corrections for one report; null fields are left as extracted.</summary>
public sealed record MetadataOverride
{
    public string? Title { get; init; }
    public int? Year { get; init; }
    public int? PlanYear { get; init; }
    public string? Period { get; init; }
    public string? Level { get; init; }
    public string? Department { get; init; }
    public string? Organization { get; init; }
    public DateOnly? Date { get; init; }
    public ImmutableArray<string>? Tags { get; init; }
}

/// <summary>
/// The archivist's corrections, from <c>input/overrides.yaml</c>: metadata keyed by report id, and
/// split corrections keyed by raw file name. The raw files are never touched.
/// </summary>
/// <example>
/// <code>
/// reports:
///   3f9a2c1b7e:
///     department: 水利局
///     level: 县
/// files:
///   003_d8b7eb1687d0ddd9.txt:
///     title-lines: [220]
///     not-title-lines: [34]
/// </code>
/// </example>
public sealed record ArchiveOverrides(
    FrozenDictionary<string, MetadataOverride> Reports,
    FrozenDictionary<string, SplitOverride> Files)
{
    public const string FileName = "overrides.yaml";

    public static ArchiveOverrides None { get; } = new(
        FrozenDictionary<string, MetadataOverride>.Empty,
        FrozenDictionary<string, SplitOverride>.Empty);

    public SplitOverride SplitFor(string file) => Files.GetValueOrDefault(file) ?? SplitOverride.None;

    /// <summary>Reads <paramref name="path"/> if it exists; a malformed file throws <see cref="RuleFileException"/> naming file and line.</summary>
    public static ArchiveOverrides Load(string path, string displayName)
    {
        var text = YamlFiles.ReadText(path, displayName);
        if (text is null)
        {
            return None;
        }

        var file = YamlFiles.Parse<OverridesFile>(text, displayName);
        return YamlFiles.Locate(text, () => Compile(file, displayName));
    }

    public static ArchiveOverrides Parse(string yaml, string displayName = FileName)
    {
        var file = YamlFiles.Parse<OverridesFile>(yaml, displayName);
        return YamlFiles.Locate(yaml, () => Compile(file, displayName));
    }

    /// <summary>Applies the metadata override for <paramref name="report"/>, if any, marking each value as overridden.</summary>
    public Report Apply(Report report)
    {
        if (!Reports.TryGetValue(report.Id, out var o))
        {
            return report;
        }

        var m = report.Metadata;
        static Sourced<T> Set<T>(T value) => new(value, FieldSource.Override, FileName);
        return report with
        {
            Metadata = m with
            {
                Title = o.Title is { } title ? Set(title) : m.Title,
                Year = o.Year is { } year ? Set<int?>(year) : m.Year,
                PlanYear = o.PlanYear is { } planYear ? Set<int?>(planYear) : m.PlanYear,
                Period = o.Period is { } period ? Set(period) : m.Period,
                Level = o.Level is { } level ? Set(level) : m.Level,
                Department = o.Department is { } department ? Set(department) : m.Department,
                Organization = o.Organization is { } organization ? Set<string?>(organization) : m.Organization,
                Date = o.Date is { } date ? Set<DateOnly?>(date) : m.Date,
                Tags = o.Tags ?? m.Tags,
            },
        };
    }

    private static ArchiveOverrides Compile(OverridesFile file, string display)
    {
        var reports = new Dictionary<string, MetadataOverride>(StringComparer.Ordinal);
        foreach (var (id, r) in file.Reports)
        {
            if (r is null)
            {
                continue;
            }

            string Problem(string what) => $"report {id}: {what}";
            if (r.Level is { } level && (!Levels.All.Contains(level)))
            {
                throw new RuleFileException(display, null, Problem($"level '{level}' is not one of {string.Join(", ", Levels.All)}")) { Value = level };
            }

            if (r.Period is { } period && !Periods.IsKnown(period))
            {
                throw new RuleFileException(display, null, Problem($"period '{period}' is not one of {string.Join(", ", Periods.All)}")) { Value = period };
            }

            DateOnly? date = null;
            if (r.Date is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    throw new RuleFileException(display, null, Problem($"date '{text}' is not written as yyyy-MM-dd")) { Value = text };
                }

                date = d;
            }

            if (r.Year is { } y && y is < 1900 or > 2100 || r.PlanYear is { } p && p is < 1900 or > 2100)
            {
                throw new RuleFileException(display, null, Problem("year out of range (1900–2100)")) { Value = id };
            }

            reports[id] = new MetadataOverride
            {
                Title = r.Title,
                Year = r.Year,
                PlanYear = r.PlanYear,
                Period = r.Period,
                Level = r.Level,
                Department = r.Department,
                Organization = r.Organization,
                Date = date,
                Tags = r.Tags is null ? null : [.. r.Tags],
            };
        }

        var files = file.Files
            .Where(f => f.Value is not null)
            .ToFrozenDictionary(
                f => f.Key,
                f => new SplitOverride([.. f.Value!.TitleLines], [.. f.Value.NotTitleLines]),
                StringComparer.Ordinal);
        return new ArchiveOverrides(reports.ToFrozenDictionary(StringComparer.Ordinal), files);
    }

    internal sealed class OverridesFile
    {
        public Dictionary<string, ReportEntry?> Reports { get; set; } = [];
        public Dictionary<string, FileEntry?> Files { get; set; } = [];
    }

    internal sealed class ReportEntry
    {
        public string? Title { get; set; }
        public int? Year { get; set; }
        public int? PlanYear { get; set; }
        public string? Period { get; set; }
        public string? Level { get; set; }
        public string? Department { get; set; }
        public string? Organization { get; set; }
        public string? Date { get; set; }
        public List<string>? Tags { get; set; }
    }

    internal sealed class FileEntry
    {
        public List<int> TitleLines { get; set; } = [];
        public List<int> NotTitleLines { get; set; } = [];
    }
}
