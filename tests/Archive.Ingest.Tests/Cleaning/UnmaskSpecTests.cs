using Archive.Core;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Rules;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Cleaning;

/// <summary>
/// The unmasking spec (tests/fixtures/ingest/unmask.tsv): each row is a line as delivered and the line
/// after cleaning. Masks (D for 党, A for 习近平) are restored and logged; Latin letters that are
/// letters (3D, GDP, D级, A股, 方案A…) stay.
/// </summary>
public sealed class UnmaskSpecTests
{
    public static TheoryData<int, string, string> Rows()
    {
        var data = new TheoryData<int, string, string>();
        var lines = File.ReadAllLines(Sources.Fixture("unmask.tsv"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            var cells = lines[i].Split('\t');
            Assert.True(cells.Length >= 2, $"unmask.tsv line {i + 1} needs input<TAB>expected");
            data.Add(i + 1, cells[0], cells[1]);
        }

        return data;
    }

    private static CleanedSource Clean(string line, CleaningRules? rules = null)
    {
        rules ??= CleaningRules.Default;
        return new Unmask(rules).Apply(new StripNoise(rules).Apply(Sources.Text("spec.txt", line)));
    }

    [Fact]
    public void The_spec_has_enough_positive_and_negative_rows()
    {
        var rows = Rows().Select(r => ((string)r[1], (string)r[2])).ToList();

        Assert.True(rows.Count >= 30, $"only {rows.Count} rows");
        Assert.True(rows.Count(r => r.Item1 == r.Item2) >= 11, "too few negatives");
        Assert.Contains(rows, r => r.Item2.Contains('党', StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Item2.Contains("习近平", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Line_is_unmasked_as_the_spec_says(int row, string input, string expected)
    {
        var cleaned = Clean(input);

        var line = Assert.Single(cleaned.Lines);
        Assert.True(expected == line.Text, $"unmask.tsv line {row}: '{input}' became '{line.Text}', expected '{expected}'");
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_restored_mask_is_logged_with_its_rule_and_count(int row, string input, string expected)
    {
        var cleaned = Clean(input);

        var entries = cleaned.Log.Where(e => e.Action == CleaningAction.Unmasked).ToList();
        var restoredParty = input.Count(c => c == 'D') - expected.Count(c => c == 'D');
        var restoredXi = input.Count(c => c == 'A') - expected.Count(c => c == 'A');
        Assert.True(restoredParty == entries.Where(e => e.Detail.StartsWith("D=", StringComparison.Ordinal)).Sum(e => e.Count), $"row {row}: D count");
        Assert.True(restoredXi == entries.Where(e => e.Detail.StartsWith("A=", StringComparison.Ordinal)).Sum(e => e.Count), $"row {row}: A count");
        Assert.All(entries, e => Assert.Equal(1, e.Line));
    }

    [Fact]
    public void Unmask_rules_come_from_the_rules_file_and_can_be_switched_off()
    {
        var rules = CleaningRules.FromYaml("disable: [D=党]\n", "input/rules.yaml");

        var cleaned = Clean("全面贯彻落实D的二十大精神，坚持以A新时代中国特色社会主义思想为指导", rules);

        Assert.Equal("全面贯彻落实D的二十大精神，坚持以习近平新时代中国特色社会主义思想为指导", cleaned.Lines[0].Text);
    }

    [Fact]
    public void An_archivist_can_add_a_mask()
    {
        var rules = CleaningRules.FromYaml("unmask:\n  - { name: Z=政府, pattern: '(?<=[区县])Z(?![A-Za-z])', replace: 政府 }\n", "input/rules.yaml");

        var cleaned = Clean("在区委、区Z的坚强领导下", rules);

        Assert.Equal("在区委、区政府的坚强领导下", cleaned.Lines[0].Text);
        Assert.Contains(cleaned.Log, e => e.Action == CleaningAction.Unmasked && e.Detail == "Z=政府");
    }

    [Fact]
    public void An_unmask_rule_without_a_replacement_is_rejected_naming_the_file_and_rule()
    {
        var ex = Assert.Throws<RuleFileException>(() =>
            CleaningRules.FromYaml("unmask:\n  - { name: broken, pattern: 'Q' }\n", "input/rules.yaml"));

        Assert.Contains("input/rules.yaml", ex.Message, StringComparison.Ordinal);
        Assert.Contains("broken", ex.Message, StringComparison.Ordinal);
    }
}
