using System.Collections.Immutable;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Output;
using Archive.Ingest.Rules;
using Archive.Ingest.Structure;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Structure;

/// <summary>
/// The structure spec (tests/fixtures/ingest/structure.spec.txt), in the style of the CommonMark and
/// Markdig specs: body lines in, Markdown out, through StructureOutline and MarkdownText.Write.
/// </summary>
public sealed class StructureSpecTests
{
    private const string Fence = "````````````````````````````````";

    /// <summary>One example of the spec.</summary>
    public sealed record SpecExample(string Section, int Number, int Line, ImmutableArray<string> Input, string Expected)
    {
        public override string ToString() => $"{Section} #{Number} (line {Line})";
    }

    public static IReadOnlyList<SpecExample> Parse(string path)
    {
        var examples = new List<SpecExample>();
        var lines = File.ReadAllLines(path);
        var section = "";
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                section = lines[i][3..].Trim();
                continue;
            }

            if (!lines[i].StartsWith(Fence + " example", StringComparison.Ordinal))
            {
                continue;
            }

            var start = i + 1;
            var dot = Array.IndexOf(lines, ".", start);
            var end = Array.IndexOf(lines, Fence, start);
            if (dot < 0 || end < 0 || dot > end)
            {
                throw new FormatException($"structure.spec.txt line {i + 1}: example without '.' separator or closing fence");
            }

            static string Tabs(string s) => s.Replace('→', '\t');
            var input = lines[start..dot].Select(Tabs).ToImmutableArray();
            var expected = string.Concat(lines[(dot + 1)..end].Select(l => Tabs(l) + "\n"));
            examples.Add(new SpecExample(section, examples.Count(e => e.Section == section) + 1, i + 1, input, expected));
            i = end;
        }

        return examples;
    }

    private static readonly IReadOnlyList<SpecExample> Examples = Parse(Sources.Fixture("structure.spec.txt"));

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var e in Examples)
        {
            data.Add(e.ToString());
        }

        return data;
    }

    private static (ImmutableArray<Block> Blocks, string Markdown) Render(SpecExample example)
    {
        var body = example.Input.Select((l, i) => new CleanLine(i + 1, l)).ToImmutableArray();
        var (blocks, _) = new StructureOutline(DepartmentTable.Default).Apply("spec.txt", body);
        return (blocks, MarkdownText.Write(blocks));
    }

    [Fact]
    public void The_spec_has_examples_for_every_section()
    {
        Assert.True(Examples.Count >= 15, $"only {Examples.Count} examples");
        Assert.Equal(
            ["Outline headings", "Numbered lines that are not headings", "Repairing broken lines", "Byline", "Signature", "Tables", "Hostile text is escaped"],
            Examples.Select(e => e.Section).Distinct());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Example_renders_as_the_spec_says(string name)
    {
        var example = Examples.Single(e => e.ToString() == name);

        var (_, markdown) = Render(example);

        Assert.Equal(example.Expected, markdown);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_non_blank_body_line_ends_up_in_a_block(string name)
    {
        var example = Examples.Single(e => e.ToString() == name);

        var (blocks, _) = Render(example);

        var expected = example.Input.Select((l, i) => (l, i + 1)).Where(x => x.l.Length > 0).Select(x => x.Item2);
        Assert.Equal(expected, blocks.SelectMany(b => b.Lines).Distinct().Order());
    }

    [Fact]
    public void Joined_lines_are_logged_as_joins()
    {
        var body = Sources.CleanLines("该项目在全市综合考评中表现突出，获得2022", "年度优秀项目称号。");

        var (_, log) = new StructureOutline(DepartmentTable.Default).Apply("spec.txt", body);

        var entry = Assert.Single(log);
        Assert.Equal((2, Core.CleaningAction.Joined), (entry.Line, entry.Action));
        Assert.Contains("continues line 1", entry.Detail, StringComparison.Ordinal);
    }
}
