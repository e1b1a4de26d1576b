using Archive.Core;
using Archive.Ingest.Overrides;
using Archive.Ingest.Rules;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Overrides;

/// <summary>
/// The archivist's corrections (input/overrides.yaml): metadata by report id, marked as overridden;
/// a broken or invalid file is rejected naming the file, the line where known, and the problem.
/// </summary>
public sealed class ArchiveOverridesTests
{
    private const string File003 = "003_d8b7eb1687d0ddd9.txt";

    private static IngestResult IngestCorpusFile(ArchiveOverrides overrides)
    {
        var pipeline = new IngestPipeline(new IngestOptions { Overrides = overrides });
        return pipeline.Ingest([new InputFile(Path.Combine(RepoPaths.Input, File003), File003)]);
    }

    private static Report ByTitleLine(IngestResult result, int line) =>
        result.Reports.Single(r => r.Sources.Any(s => s.Line == line));

    [Fact]
    public void A_metadata_override_replaces_values_and_marks_them_as_overridden()
    {
        var original = ByTitleLine(IngestCorpusFile(ArchiveOverrides.None), 122);
        var yaml = $"""
            reports:
              {original.Id}:
                title: 民政局三季度总结（修订）
                department: 水利局
                level: 县
                period: Q4
                year: 2022
                plan-year: 2023
                organization: XX县水利局
                date: 2023-11-02
                tags: [水利, 防汛]
            """;

        var report = ByTitleLine(IngestCorpusFile(ArchiveOverrides.Parse(yaml, "input/overrides.yaml")), 122);
        var m = report.Metadata;

        Assert.Equal(original.Id, report.Id);
        Assert.Equal(("水利局", FieldSource.Override), (m.Department.Value, m.Department.Source));
        Assert.Equal(("县", FieldSource.Override), (m.Level.Value, m.Level.Source));
        Assert.Equal(("Q4", FieldSource.Override), (m.Period.Value, m.Period.Source));
        Assert.Equal((2022, FieldSource.Override), (m.Year.Value, m.Year.Source));
        Assert.Equal((2023, FieldSource.Override), (m.PlanYear.Value, m.PlanYear.Source));
        Assert.Equal(("民政局三季度总结（修订）", FieldSource.Override), (m.Title.Value, m.Title.Source));
        Assert.Equal(("XX县水利局", FieldSource.Override), (m.Organization.Value, m.Organization.Source));
        Assert.Equal((new DateOnly(2023, 11, 2), FieldSource.Override), (m.Date.Value, m.Date.Source));
        Assert.Equal(new[] { "水利", "防汛" }, m.Tags);
        Assert.Equal(ArchiveOverrides.FileName, m.Department.Evidence);
    }

    [Fact]
    public void Fields_the_override_does_not_name_keep_their_extracted_value_and_source()
    {
        var original = ByTitleLine(IngestCorpusFile(ArchiveOverrides.None), 122);
        var overrides = ArchiveOverrides.Parse($"reports:\n  {original.Id}:\n    department: 水利局\n");

        var m = ByTitleLine(IngestCorpusFile(overrides), 122).Metadata;

        Assert.Equal(original.Metadata.Level, m.Level);
        Assert.Equal(original.Metadata.Year, m.Year);
        Assert.Equal(original.Metadata.Title, m.Title);
        Assert.Equal(FieldSource.Override, m.Department.Source);
    }

    [Fact]
    public void An_override_changes_only_the_report_it_names()
    {
        var before = IngestCorpusFile(ArchiveOverrides.None);
        var target = ByTitleLine(before, 122);

        var after = IngestCorpusFile(ArchiveOverrides.Parse($"reports:\n  {target.Id}:\n    department: 水利局\n"));

        Assert.Equal(before.Reports.Length, after.Reports.Length);
        Assert.Single(after.Reports, r => r.Metadata.Department.Source == FieldSource.Override);
        Assert.All(after.Reports.Where(r => r.Id != target.Id), r =>
        {
            var m = before.Reports.Single(b => b.Id == r.Id).Metadata;
            Assert.Equal((m.Title, m.Year, m.PlanYear, m.Period, m.Level, m.Department, m.Organization, m.Date),
                (r.Metadata.Title, r.Metadata.Year, r.Metadata.PlanYear, r.Metadata.Period, r.Metadata.Level, r.Metadata.Department, r.Metadata.Organization, r.Metadata.Date));
            Assert.Equal(m.Tags.AsEnumerable(), r.Metadata.Tags);
        });
    }

    [Fact]
    public void A_malformed_overrides_file_names_the_file_and_the_line()
    {
        const string yaml = "reports:\n  3f9a2c1b7e:\n    department: 水利局\n   level: 县\n";

        var ex = Assert.Throws<RuleFileException>(() => ArchiveOverrides.Parse(yaml, "input/overrides.yaml"));

        Assert.Equal("input/overrides.yaml", ex.File);
        Assert.Equal(4, ex.Line); // the badly indented key
        Assert.StartsWith("input/overrides.yaml:4:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_in_the_overrides_file_names_the_file_and_the_line()
    {
        const string yaml = "reports:\n  3f9a2c1b7e:\n    department: 水利局\n    departmnet: 林业局\n";

        var ex = Assert.Throws<RuleFileException>(() => ArchiveOverrides.Parse(yaml, "input/overrides.yaml"));

        Assert.Equal(4, ex.Line);
        Assert.Contains("departmnet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_year_that_is_not_a_number_names_the_file_and_the_line()
    {
        const string yaml = "reports:\n  3f9a2c1b7e:\n    year: 二〇二三\n";

        var ex = Assert.Throws<RuleFileException>(() => ArchiveOverrides.Parse(yaml, "input/overrides.yaml"));

        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void An_unknown_level_is_rejected_with_the_report_and_the_accepted_levels()
    {
        var ex = Assert.Throws<RuleFileException>(() =>
            ArchiveOverrides.Parse("reports:\n  3f9a2c1b7e:\n    level: 乡镇\n", "input/overrides.yaml"));

        Assert.Contains("input/overrides.yaml", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3f9a2c1b7e", ex.Message, StringComparison.Ordinal);
        Assert.Contains("level '乡镇'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("省, 市, 县, 区, 街道, 镇", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_period_is_rejected_with_the_report_and_the_accepted_periods()
    {
        var ex = Assert.Throws<RuleFileException>(() =>
            ArchiveOverrides.Parse("reports:\n  3f9a2c1b7e:\n    period: Q5\n", "input/overrides.yaml"));

        Assert.Contains("3f9a2c1b7e", ex.Message, StringComparison.Ordinal);
        Assert.Contains("period 'Q5'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("annual", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Q1-Q3", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("date: 2023/11/02", "yyyy-MM-dd", 5)]
    [InlineData("year: 1800", "year out of range", 4)]
    [InlineData("plan-year: 3000", "year out of range", 4)]
    public void Invalid_values_are_rejected_with_a_clear_message_and_their_line(string entry, string expected, int line)
    {
        // The first report is fine; the second's value is wrong (the year problems point at its entry).
        var ex = Assert.Throws<RuleFileException>(() =>
            ArchiveOverrides.Parse($"reports:\n  0a0a0a0a0a:\n    level: 区\n  3f9a2c1b7e:\n    {entry}\n", "input/overrides.yaml"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(line, ex.Line);
        Assert.StartsWith($"input/overrides.yaml:{line}:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_overrides_are_read_per_file()
    {
        var overrides = ArchiveOverrides.Parse("files:\n  003_d8b7eb1687d0ddd9.txt:\n    title-lines: [220]\n    not-title-lines: [34, 35]\n");

        var split = overrides.SplitFor(File003);

        Assert.Equal(new[] { 220 }, split.TitleLines);
        Assert.Equal(new[] { 34, 35 }, split.NotTitleLines);
        Assert.Same(Archive.Ingest.Splitting.SplitOverride.None, overrides.SplitFor("other.txt"));
    }

    [Fact]
    public void An_empty_or_missing_overrides_file_changes_nothing()
    {
        Assert.Empty(ArchiveOverrides.Parse("").Reports);
        Assert.Same(ArchiveOverrides.None, ArchiveOverrides.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")), "input/overrides.yaml"));
    }

    [Fact]
    public void Overrides_load_from_the_archive_folder_and_errors_name_it_as_input_overrides_yaml()
    {
        var dir = Directory.CreateTempSubdirectory("archive-overrides-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "overrides.yaml"), "reports:\n  3f9a2c1b7e:\n    level: 县\n");
            Assert.Equal("县", InputFolder.LoadOptions(dir.FullName).Overrides.Reports["3f9a2c1b7e"].Level);

            File.WriteAllText(Path.Combine(dir.FullName, "overrides.yaml"), "reports:\n  3f9a2c1b7e:\n    level: 村\n");
            var ex = Assert.Throws<RuleFileException>(() => InputFolder.LoadOptions(dir.FullName));
            Assert.StartsWith("input/overrides.yaml", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(InputFolder.Enumerate(dir.FullName), f => f.Name == "overrides.yaml"); // a data file, not a report
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
