using System.Text;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests;

/// <summary>
/// Step 8 and stable ids: a report found twice (a re-encoded copy, another compilation) is one report
/// listing both sources; its id comes from its own words, so it survives other files coming and going,
/// renaming, re-encoding and different line breaks; no two reports of the corpus share an id.
/// </summary>
public sealed class DuplicatesAndIdsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("archive-ids-");

    public void Dispose() => _dir.Delete(recursive: true);

    private const string Compilation = "003_d8b7eb1687d0ddd9.txt";

    private static string Text(string name) => Sources.CorpusText(name);

    private InputFile Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return new InputFile(path, name);
    }

    private InputFile Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    private static IngestResult Ingest(params InputFile[] files) => IngestPipeline.Default.Ingest(files);

    private static List<string> Ids(IngestResult result, string file) =>
        [.. result.Files.Single(f => f.File == file).Reports.Select(r => r.Report.Id)];

    [Fact]
    public void A_gbk_copy_beside_the_utf8_original_yields_the_same_reports_each_listing_both_sources()
    {
        var result = Ingest(
            Write("a.txt", Text(Compilation)),
            Write("a-gbk.txt", Sources.Gb18030.GetBytes(Text(Compilation))));

        Assert.Equal("gb18030", result.Files.Single(f => f.File == "a-gbk.txt").Encoding);
        var perFile = result.Files[0].Reports.Length;
        Assert.Equal(8, perFile);
        Assert.Equal(perFile, result.Reports.Length);
        Assert.All(result.Reports, r =>
        {
            Assert.Equal(["a-gbk.txt", "a.txt"], r.Sources.Select(s => s.File));
            Assert.Equal(r.Sources[0].Line, r.Sources[1].Line);
            Assert.Equal(r.Sources[0].LastLine, r.Sources[1].LastLine);
            Assert.DoesNotContain(r.Warnings, w => w.Contains("copies differ", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void A_report_found_in_two_compilations_at_different_lines_lists_both_places()
    {
        var lines = Text(Compilation).Split('\n');
        // Raw lines 121 (blank) to 180 hold 区民政局…总结 (title on line 122); in b.txt they start at line 4.
        var second = string.Join('\n', ["另一本汇编", "", "", .. lines[120..180]]);

        var result = Ingest(Write("a.txt", Text(Compilation)), Write("b.txt", second));

        var report = Assert.Single(result.Reports, r => r.Sources.Length == 2);
        Assert.Equal([("a.txt", 122), ("b.txt", 5)], report.Sources.Select(s => (s.File, s.Line)));
        Assert.Equal(8, result.Reports.Length);
    }

    [Fact]
    public void The_fullest_copy_is_published_and_a_difference_is_a_warning()
    {
        var lines = Text(Compilation).Split('\n');
        var shortened = string.Join('\n', lines[121..170]); // the same report, its end cut off

        var result = Ingest(Write("a.txt", Text(Compilation)), Write("b.txt", shortened));

        var report = Assert.Single(result.Reports, r => r.Sources.Length == 2);
        var full = result.Files.Single(f => f.File == "a.txt").Reports.Single(r => r.Report.Id == report.Id).Report;
        Assert.Equal(full.Markdown, report.Markdown);
        Assert.Contains(report.Warnings, w => w.Contains("copies differ", StringComparison.Ordinal) && w.Contains("a.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void Ids_do_not_change_when_other_files_are_added_or_removed()
    {
        var alone = Ingest(Write(Compilation, Text(Compilation)));
        var all = Ingest([.. Sources.Corpus.Select(c => Write(c.Name, c.Bytes))]);
        var fewer = Ingest(Write("000_284f6b41bf903856.txt", Text("000_284f6b41bf903856.txt")), Write(Compilation, Text(Compilation)));

        Assert.Equal(Ids(alone, Compilation), Ids(all, Compilation));
        Assert.Equal(Ids(alone, Compilation), Ids(fewer, Compilation));
        Assert.Equal(Ids(all, "000_284f6b41bf903856.txt"), Ids(fewer, "000_284f6b41bf903856.txt"));
    }

    [Fact]
    public void Ids_do_not_change_when_the_file_is_renamed()
    {
        var before = Ingest(Write(Compilation, Text(Compilation)));
        var after = Ingest(Write("sub/renamed 2023 第三季度.md", Text(Compilation)));

        Assert.Equal(Ids(before, Compilation), Ids(after, "sub/renamed 2023 第三季度.md"));
    }

    [Fact]
    public void Ids_do_not_change_when_line_endings_change()
    {
        var lf = Ingest(Write("a.txt", Text(Compilation)));
        var crlf = Ingest(Write("a.txt", Text(Compilation).Replace("\n", "\r\n", StringComparison.Ordinal)));

        Assert.Equal(Ids(lf, "a.txt"), Ids(crlf, "a.txt"));
    }

    [Fact]
    public void Ids_do_not_change_when_paragraphs_are_broken_differently_or_blank_lines_added()
    {
        var lines = Text(Compilation).Split('\n').ToList();
        var original = Ingest(Write("a.txt", string.Join('\n', lines)));

        // In every report, break its longest line in the middle of a sentence, and add blank lines
        // between paragraphs: the line numbers change, the words do not.
        var changed = new List<string>();
        var firstLines = original.Files[0].Reports.Select(r => r.Report.Sources[0].Line).ToHashSet();
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var report = original.Files[0].Reports.FirstOrDefault(r => r.Lines.Contains(number) && !firstLines.Contains(number));
            var longest = report?.Lines.MaxBy(n => lines[n - 1].Length);
            if (longest == number && lines[i].Length > 60)
            {
                var cut = lines[i].Length / 2;
                changed.Add(lines[i][..cut]);
                changed.Add(lines[i][cut..]);
            }
            else
            {
                changed.Add(lines[i]);
            }

            if (report is not null && lines[i].EndsWith('。') && number % 3 == 0)
            {
                changed.Add("");
            }
        }

        var rebroken = Ingest(Write("a.txt", string.Join('\n', changed)));

        Assert.True(changed.Count > lines.Count + 8, "the test changed too little");
        Assert.Equal(Ids(original, "a.txt"), Ids(rebroken, "a.txt"));
        Assert.NotEqual(
            original.Files[0].Reports.Select(r => r.Report.Sources[0].LastLine),
            rebroken.Files[0].Reports.Select(r => r.Report.Sources[0].LastLine));
    }

    [Fact]
    public void Ids_are_unique_across_the_corpus()
    {
        var result = IngestPipeline.Default.Ingest(InputFolder.Enumerate(RepoPaths.Input));

        var ids = result.Files.SelectMany(f => f.Reports).Select(r => r.Report.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Count, result.Reports.Length);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{10}$", id));
    }

    [Fact]
    public void Merged_reports_are_ordered_by_id()
    {
        var result = IngestPipeline.Default.Ingest(InputFolder.Enumerate(RepoPaths.Input));

        Assert.Equal(result.Reports.Select(r => r.Id).Order(StringComparer.Ordinal), result.Reports.Select(r => r.Id));
    }
}
