using Archive.Core;
using Archive.Ingest.Metadata;
using Archive.Ingest.Rules;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Metadata;

/// <summary>
/// Year, plan year and period from titles (tests/fixtures/ingest/titles.tsv): what the title says, with
/// the title as the source; nothing when it says nothing; a warning when it contradicts itself.
/// </summary>
public sealed class TitleMetadataTests
{
    private static readonly ExtractMetadata Extract = new(CleaningRules.Default, DepartmentTable.Default);

    public static TheoryData<int, string, string, string, string, string> Rows()
    {
        var data = new TheoryData<int, string, string, string, string, string>();
        var lines = File.ReadAllLines(Sources.Fixture("titles.tsv"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            var c = lines[i].Split('\t');
            Assert.True(c.Length == 5, $"titles.tsv line {i + 1} needs 5 columns");
            data.Add(i + 1, c[0], c[1], c[2], c[3], c[4]);
        }

        return data;
    }

    private static int? Number(string cell) => cell == "-" ? null : int.Parse(cell);

    [Fact]
    public void The_table_is_large_and_covers_every_period()
    {
        var rows = Rows().Select(r => (string)r[4]).ToList();

        Assert.True(rows.Count >= 25, $"only {rows.Count} titles");
        Assert.All(new[] { Periods.Annual, Periods.H1, Periods.H2, Periods.Q1, Periods.Q2, Periods.Q3, Periods.Q4, Periods.Q1ToQ3, Periods.Unknown }, p => Assert.Contains(p, rows));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Title_gives_the_year_plan_year_and_period(int row, string title, string year, string planYear, string period, string warning)
    {
        var (m, warnings) = Extract.Apply(new MetadataInput("t.txt", title, false, []));

        var because = $"titles.tsv line {row}: {title}";
        Assert.True(Number(year) == m.Year.Value, $"{because}: year {m.Year.Value} ({m.Year.Evidence})");
        Assert.True(Number(planYear) == m.PlanYear.Value, $"{because}: plan year {m.PlanYear.Value} ({m.PlanYear.Evidence})");
        Assert.True(period == m.Period.Value, $"{because}: period {m.Period.Value} ({m.Period.Evidence})");
        Assert.True((warning == "yes") == (warnings.Length > 0), $"{because}: warnings [{string.Join("; ", warnings)}]");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_value_says_where_it_came_from(int row, string title, string year, string planYear, string period, string warning)
    {
        _ = (warning, planYear);
        var (m, _) = Extract.Apply(new MetadataInput("t.txt", title, false, []));

        Assert.True((year == "-" ? FieldSource.None : FieldSource.Title) == m.Year.Source, $"line {row}: year source {m.Year.Source}");
        Assert.True((period == Periods.Unknown ? FieldSource.None : FieldSource.Title) == m.Period.Source, $"line {row}: period source {m.Period.Source}");
        Assert.Equal(FieldSource.Title, m.Title.Source);
        if (m.Year.Source == FieldSource.Title)
        {
            Assert.Contains(m.Year.Evidence!, title, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_same_year_for_summary_and_plan_warns_and_takes_the_plan_as_the_next_year_by_inference()
    {
        var (m, warnings) = Extract.Apply(new MetadataInput("t.txt", "2023年工作总结及2023年工作思路", false, []));

        Assert.Equal(2024, m.PlanYear.Value);
        Assert.Equal(FieldSource.Inferred, m.PlanYear.Source);
        Assert.Contains("2023", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_year_written_in_the_title_is_taken_from_the_title()
    {
        var (m, _) = Extract.Apply(new MetadataInput("t.txt", "2023年工作总结及2024年工作计划", false, []));

        Assert.Equal((2024, FieldSource.Title), (m.PlanYear.Value, m.PlanYear.Source));
    }

    [Fact]
    public void A_plan_after_a_quarter_covers_the_same_year_by_inference()
    {
        var (m, _) = Extract.Apply(new MetadataInput("t.txt", "2023年第三季度工作总结和第四季度计划", false, []));

        Assert.Equal((2023, FieldSource.Inferred), (m.PlanYear.Value, m.PlanYear.Source));
    }

    [Fact]
    public void A_file_named_like_a_report_gives_its_facts_marked_as_from_the_file_name()
    {
        var (m, _) = Extract.Apply(new MetadataInput("XX县林业局2023年第三季度工作总结.txt", "XX县林业局2023年第三季度工作总结", true, []));

        Assert.Equal((2023, FieldSource.FileName), (m.Year.Value, m.Year.Source));
        Assert.Equal((Periods.Q3, FieldSource.FileName), (m.Period.Value, m.Period.Source));
        Assert.Equal(("林业局", FieldSource.FileName), (m.Department.Value, m.Department.Source));
        Assert.Equal(("县", FieldSource.FileName), (m.Level.Value, m.Level.Source));
        Assert.Equal(FieldSource.FileName, m.Title.Source);
    }

    [Theory]
    [InlineData("000 284f6b41bf903856")]
    [InlineData("2023年第三季度工作总结汇编（8篇）")]
    public void A_file_name_that_is_no_report_title_gives_no_year_or_period(string name)
    {
        var (m, _) = Extract.Apply(new MetadataInput(name + ".txt", name, true, []));

        Assert.Null(m.Year.Value);
        Assert.Equal(Periods.Unknown, m.Period.Value);
        Assert.Equal(FieldSource.FileName, m.Title.Source);
    }
}
