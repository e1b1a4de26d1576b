using System.Text.RegularExpressions;
using Archive.Core;
using Archive.Ingest;
using Archive.Ingest.Rules;
using Archive.Site.Theme;

namespace Archive.Site.Tests.Theme;

/// <summary>Report pages word the build's English notes (cleaning log, warnings, metadata evidence) in the site's language, from the theme's notes.yaml.</summary>
public sealed partial class NoteWordingTests
{
    private const string Sample = """
        labels:
          paid-begin: 付费内容开始标记
          en-space: 半角宽空格
          nbsp: 不换行空格
        notes:
          - { match: 'removed marker \((?<rule>.+)\)', text: '去除{rule}' }
          - { match: 'normalised characters \((?<rules>.+)\)', text: '规范字符：{rules}' }
          - { match: 'continues line (?<line>\d+) \(broken mid-sentence\)', text: '与第 {line} 行相接（{missing}）' }
        """;

    private static NoteWording DefaultWording() =>
        NoteWording.Parse(File.ReadAllText(Path.Combine(TestPaths.Theme, "notes.yaml")), "theme/notes.yaml");

    [Fact]
    public void A_note_is_worded_by_the_first_pattern_matching_all_of_it_with_rule_names_given_their_labels()
    {
        var wording = NoteWording.Parse(Sample, "notes.yaml");

        Assert.Equal("去除付费内容开始标记", wording.Word("removed marker (paid-begin)"));
        Assert.Equal("规范字符：半角宽空格、不换行空格", wording.Word("normalised characters (en-space, nbsp)"));
        Assert.Equal("去除some-new-rule", wording.Word("removed marker (some-new-rule)"));
        Assert.Equal("与第 70 行相接（{missing}）", wording.Word("continues line 70 (broken mid-sentence)"));
    }

    [Fact]
    public void A_note_no_pattern_matches_whole_has_its_phrases_worded_where_they_stand()
    {
        var wording = NoteWording.Parse(
            """
            notes:
              - { match: 'calls itself (?<self>\S+)', text: '自称“{self}”' }
              - { match: 'lowest committee named: ', text: '所提最低一级党委：', anywhere: true }
              - { match: ' \(tied with (?<level>[^;()]+); the lower level wins\)', text: '（与“{level}”相同，取较低一级）', anywhere: true }
            """,
            "notes.yaml");

        Assert.Equal("我县×3、所提最低一级党委：县委（与“市”相同，取较低一级）", wording.Word("我县×3、lowest committee named: 县委 (tied with 市; the lower level wins)"));
        Assert.Equal("自称“我局”", wording.Word("calls itself 我局"));
    }

    [Fact]
    public void A_note_no_pattern_matches_whole_is_shown_as_the_build_wrote_it()
    {
        var wording = NoteWording.Parse(Sample, "notes.yaml");

        Assert.Equal("removed marker (paid-begin) twice", wording.Word("removed marker (paid-begin) twice"));
        Assert.Equal("a new kind of note", wording.Word("a new kind of note"));
        Assert.Equal("a new kind of note", NoteWording.None.Word("a new kind of note"));
    }

    [Theory]
    [InlineData(@"removed marker \((?<rule>.+)\)", "removed marker (", ")")]
    [InlineData(@"continues line (?<line>\d+) \(broken mid-sentence\)", "continues line ", " (broken mid-sentence)")]
    [InlineData(@"(?<date>.+) under the title", "", " under the title")]
    [InlineData("table of contents", "table of contents", "table of contents")]
    [InlineData(@"ab+c", "a", "c")]
    [InlineData(@"a\\b", @"a\b", @"a\b")]
    [InlineData("one|other", "", "")]
    [InlineData(@"\d+ lines", "", " lines")]
    public void A_pattern_is_tried_only_on_notes_with_the_plain_text_it_opens_and_closes_with(string pattern, string opening, string closing)
    {
        Assert.Equal(opening, NoteWording.LeadingText(pattern));
        Assert.Equal(closing, NoteWording.TrailingText(pattern));
    }

    [Theory]
    [InlineData("notes:\n  - { match: '(unclosed', text: x }", "not a regular expression")]
    [InlineData("notes:\n  - { text: x }", "needs a match and a text")]
    [InlineData("notes: [ {", "notes.yaml: line ")]
    public void A_broken_notes_file_names_itself_and_the_problem(string yaml, string problem)
    {
        var error = Assert.Throws<ThemeException>(() => NoteWording.Parse(yaml, "theme/notes.yaml"));

        Assert.Contains("theme/notes.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_built_in_cleaning_rule_has_a_label_in_the_default_theme()
    {
        var rules = CleaningRules.Default;
        var names = rules.Whitespace.Select(r => r.Name)
            .Concat(rules.LineBreaks.Select(r => r.Name))
            .Concat(rules.Markers.Select(r => r.Name))
            .Concat(rules.Drop.Select(r => r.Name))
            .Concat(rules.Header.Select(r => r.Name))
            .Concat(rules.Toc.Entries.Select(r => r.Name))
            .Distinct()
            .ToList();
        var wording = DefaultWording();

        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(wording.HasLabel(n), $"rule {n} has no label in theme/notes.yaml"));
    }

    [Fact]
    public void The_default_theme_words_in_Chinese_every_note_and_piece_of_evidence_ingest_writes_for_a_noisy_compilation_and_the_bundled_archive()
    {
        var files = Directory.EnumerateFiles(Path.Combine(TestPaths.Fixtures, "site", "notes"))
            .Concat(Directory.EnumerateFiles(TestPaths.Input, "*.txt"))
            .Select(path => new InputFile(path, Path.GetFileName(path)));
        var result = IngestPipeline.Default.Ingest(files);
        var notes = result.Files.SelectMany(f => f.Log.Select(e => (e.Action, e.Detail)))
            .Concat(result.Reports.SelectMany(r => r.Cleaning.Select(e => (e.Action, e.Detail))))
            .ToList();
        var warnings = result.Reports.SelectMany(r => r.Warnings).Distinct().ToList();
        var evidence = result.Reports.SelectMany(r => new[]
            {
                r.Metadata.Year.Evidence, r.Metadata.PlanYear.Evidence, r.Metadata.Period.Evidence, r.Metadata.Level.Evidence,
                r.Metadata.Department.Evidence, r.Metadata.Organization.Evidence, r.Metadata.Date.Evidence,
            })
            .OfType<string>().Distinct().ToList();
        var wording = DefaultWording();

        // The inputs give notes of every kind, and report warnings.
        Assert.Equal(Enum.GetValues<CleaningAction>().Length, notes.Select(n => n.Action).Distinct().Count());
        Assert.True(notes.Select(n => n.Detail).Distinct().Count() >= 10, string.Join("\n", notes.Select(n => n.Detail).Distinct()));
        Assert.NotEmpty(warnings);
        Assert.Contains(evidence, e => EnglishWord().IsMatch(e));
        var english = notes.Select(n => n.Detail).Concat(warnings).Concat(evidence).Distinct()
            .Select(n => (Note: n, Worded: wording.Word(n)))
            .Where(n => EnglishWord().IsMatch(n.Worded))
            .Select(n => $"{n.Note} → {n.Worded}");
        Assert.Empty(english);
    }

    [Fact]
    public void The_default_theme_words_in_Chinese_why_a_file_was_not_taken_in()
    {
        byte[] cfbHeader = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        var mhtWithoutPage = System.Text.Encoding.ASCII.GetBytes(
            "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n");
        var reasons = new (byte[] Bytes, string Name)[]
        {
            ([], "empty.txt"),
            ([0x41, 0x00, 0x42, 0x00, 0x43], "nul.txt"),
            ([.. Enumerable.Repeat((byte)0x01, 200)], "control.txt"),
            ([.. "PK\u0003\u0004"u8, .. new byte[64]], "bundle.zip"),
            ("区财政局2023年工作总结"u8.ToArray(), "table.xls"),
            (mhtWithoutPage, "page.mht"),
            ([.. cfbHeader, .. new byte[504]], "damaged.doc"),
            (File.ReadAllBytes(Path.Combine(TestPaths.Fixtures, "ingest", "doc", "sample.doc"))[..600], "truncated.doc"),
        }.Select(f => Archive.Ingest.Reading.SourceReader.Read(f.Bytes, f.Name).Skipped).ToList();
        var wording = DefaultWording();

        Assert.All(reasons, r => Assert.NotNull(r));
        var english = reasons.Select(r => (Reason: r!, Worded: wording.Word(r!)))
            .Where(r => !r.Worded.Any(c => c is >= '\u4E00' and <= '\u9FFF') || EnglishOutsideNames().IsMatch(r.Worded))
            .Select(r => $"{r.Reason} → {r.Worded}");
        Assert.Empty(english);
    }

    // An English word that is not a name (file formats and the like).
    [GeneratedRegex(@"(?!(?i:pdf|ocr|utf|gb18030|word|excel|powerpoint|office|mhtml|docx|doc|txt|xls|ppt|html|wps|rtf|md|input|zip)\b)\b[A-Za-z]{3,}")]
    private static partial Regex EnglishOutsideNames();

    // An English word left in a worded note (the names Markdown and &nbsp; are no English to a reader).
    [GeneratedRegex(@"(?!Markdown\b|nbsp\b)\b[A-Za-z]{3,}")]
    private static partial Regex EnglishWord();
}
