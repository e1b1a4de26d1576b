using System.Text.RegularExpressions;
using Archive.Core;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Rules;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Cleaning;

/// <summary>The archivist extends cleaning from input/rules.yaml; a broken file is reported with its name and line.</summary>
public sealed class CleaningRulesFileTests
{
    private static CleanedSource Strip(CleaningRules rules, params string[] lines) =>
        new StripNoise(rules).Apply(Sources.Text("noise.txt", lines));

    [Fact]
    public void An_added_drop_rule_drops_matching_lines_with_its_name()
    {
        var rules = CleaningRules.FromYaml("drop:\n  - { name: slogan, pattern: '^口号[:：]' }\n", "input/rules.yaml");

        var cleaned = Strip(rules, "正文。", "口号：撸起袖子加油干", "正文。");

        var entry = Assert.Single(cleaned.Log);
        Assert.Equal((2, CleaningAction.Dropped, "slogan"), (entry.Line, entry.Action, entry.Detail));
        Assert.Equal(2, cleaned.Lines.Length);
    }

    [Fact]
    public void Built_in_patterns_run_without_a_time_limit_and_an_archivists_with_one()
    {
        var rules = CleaningRules.FromYaml("drop:\n  - { name: slogan, pattern: '^口号[:：]' }\n", "input/rules.yaml");

        Assert.All(CleaningRules.Default.Drop.Concat(CleaningRules.Default.Markers), r => Assert.Equal(Regex.InfiniteMatchTimeout, r.Pattern.MatchTimeout));
        Assert.Equal(YamlFiles.UserPatternTimeout, rules.Drop.Single(r => r.Name == "slogan").Pattern.MatchTimeout);
        Assert.All(rules.Drop.Where(r => r.Name != "slogan"), r => Assert.Equal(Regex.InfiniteMatchTimeout, r.Pattern.MatchTimeout));
        var table = DepartmentTable.FromYaml("departments:\n  - { name: 林草局, patterns: ['^林草(?:局|中心)$'] }\n");
        Assert.Equal(YamlFiles.UserPatternTimeout, Assert.Single(table.Departments.Single(d => d.Name == "林草局").Patterns).MatchTimeout);
        Assert.All(table.Departments.Where(d => d.Name == "共青团").SelectMany(d => d.Patterns), p => Assert.Equal(Regex.InfiniteMatchTimeout, p.MatchTimeout));
    }

    [Fact]
    public void Built_in_patterns_that_take_title_kinds_an_archivist_changed_get_the_time_limit()
    {
        var rules = CleaningRules.FromYaml("title:\n  kind: '总结|计划|通报'\n", "input/rules.yaml");

        var withKinds = rules.Markers.Concat(rules.Drop).Where(r => r.Pattern.ToString().Contains("通报", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(withKinds);
        Assert.All(withKinds, r => Assert.Equal(YamlFiles.UserPatternTimeout, r.Pattern.MatchTimeout));
        Assert.Equal(YamlFiles.UserPatternTimeout, rules.Title.Kind.MatchTimeout);
    }

    [Fact]
    public void A_fragment_stands_for_its_text_in_patterns_and_in_the_fragments_after_it()
    {
        var rules = CleaningRules.FromYaml(
            "fragments:\n  unit: '(?:局|办)'\n  office: '县[^，。]{1,8}{unit}'\ndrop:\n  - { name: office-line, pattern: '^{office}$' }\n", "input/rules.yaml");

        var cleaned = Strip(rules, "正文。", "县财政局", "县政府办", "县财政局召开会议。");

        Assert.Equal(["dropped 2 office-line", "dropped 3 office-line"], cleaned.Log.Where(e => e.Action == CleaningAction.Dropped).Select(e => $"dropped {e.Line} {e.Detail}"));
        Assert.Equal("^县[^，。]{1,8}(?:局|办)$", rules.Drop.Single(r => r.Name == "office-line").Pattern.ToString());
    }

    [Fact]
    public void Built_in_patterns_that_use_a_fragment_an_archivist_changed_get_the_time_limit()
    {
        // gap uses gap-ahead: changing gap-ahead changes every rule that uses gap.
        var rules = CleaningRules.FromYaml("fragments:\n  gap-ahead: '[ \\t]*\\u3000{3}'\n", "input/rules.yaml");

        var usingGap = rules.LineBreaks.Where(r => r.Name.StartsWith("paragraph-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(usingGap);
        Assert.All(usingGap, r => Assert.Equal(YamlFiles.UserPatternTimeout, r.Pattern.MatchTimeout));
        Assert.All(usingGap, r => Assert.Contains("\\u3000{3}", r.Pattern.ToString(), StringComparison.Ordinal));
        Assert.Equal(Regex.InfiniteMatchTimeout, rules.LineBreaks.Single(r => r.Name == "html-line-break").Pattern.MatchTimeout);
        Assert.All(CleaningRules.Default.LineBreaks, r => Assert.Equal(Regex.InfiniteMatchTimeout, r.Pattern.MatchTimeout));
    }

    [Theory]
    [InlineData("drop:\n  - { name: x, pattern: '^{no-such}$' }\n", "drop rule 'x': no fragment is called {no-such}")]
    [InlineData("fragments:\n  a: '{b}'\n  b: 'x'\n", "fragment 'a': no fragment is called {b}")]
    [InlineData("fragments:\n  Gap: 'x'\n", "fragment 'Gap': a fragment's name is lower-case letters and hyphens")]
    [InlineData("fragments:\n  kind: 'x'\n", "fragment 'kind'")]
    public void An_unknown_or_misnamed_fragment_names_the_file_and_the_rule(string yaml, string message)
    {
        var ex = Assert.Throws<RuleFileException>(() => CleaningRules.FromYaml(yaml, "input/rules.yaml"));

        Assert.Contains("input/rules.yaml", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void A_pattern_from_input_that_backtracks_without_end_stops_its_file_with_a_message_not_the_build()
    {
        var rules = CleaningRules.FromYaml("drop:\n  - { name: runaway, pattern: '^(a+)+$' }\n", "input/rules.yaml");
        var pipeline = new IngestPipeline(new IngestOptions { Rules = rules });
        var stopped = Sources.Text("runaway.txt", "县民政局2023年工作总结", "", "今年以来，我局扎实推进各项工作。", new string('a', 40) + "b");
        var fine = Sources.Text("fine.txt", "县民政局2023年工作总结", "", "今年以来，我局扎实推进各项工作。");

        var (file, skipped) = pipeline.TryIngestFile(stopped);

        Assert.Null(file);
        Assert.Equal("runaway.txt", skipped!.File);
        Assert.Contains("^(a+)+$", skipped.Reason, StringComparison.Ordinal);
        Assert.NotNull(pipeline.TryIngestFile(fine).File);
    }

    [Fact]
    public void A_file_the_tool_fails_on_is_skipped_with_the_error_named_and_the_others_are_ingested()
    {
        var broken = new Archive.Ingest.Reading.SourceText("broken.txt", "utf-8", default, "0000"); // no lines at all: the steps fail on it
        var fine = Sources.Text("fine.txt", "县民政局2023年工作总结", "", "今年以来，我局扎实推进各项工作。");

        var (file, skipped) = IngestPipeline.Default.TryIngestFile(broken);

        Assert.Null(file);
        Assert.Equal("broken.txt", skipped!.File);
        Assert.StartsWith("internal error while ingesting it", skipped.Reason, StringComparison.Ordinal);
        Assert.NotNull(IngestPipeline.Default.TryIngestFile(fine).File);
    }

    [Fact]
    public void A_line_break_rule_with_line_holds_cuts_only_lines_holding_enough_of_it()
    {
        var rules = CleaningRules.FromYaml(
            "line-breaks:\n  - { name: slash-items, pattern: ' / ', line-holds: '[。；] / ', at-least: 2 }\n", "input/rules.yaml");

        var cleaned = Strip(rules, "一是完成造林。 / 二是建成公园； / 三是开展巡护 / 四是宣传", "甲 / 乙 / 丙。");

        Assert.Equal(["一是完成造林。", "二是建成公园；", "三是开展巡护", "四是宣传", "甲 / 乙 / 丙。"], cleaned.Lines.Select(l => l.Text));
        Assert.Contains(cleaned.Log, e => e.Line == 1 && e.Detail == "line cut in 4 at line breaks (slash-items)");
        Assert.NotEqual(Regex.InfiniteMatchTimeout, rules.LineBreaks.Single(r => r.Name == "slash-items").LineHolds!.MatchTimeout);
    }

    [Theory]
    [InlineData("drop:\n  - { name: x, pattern: 'a', line-holds: 'b' }\n", "line-holds and at-least are read only in line-breaks")]
    [InlineData("line-breaks:\n  - { name: x, pattern: 'a', at-least: 2 }\n", "at-least needs line-holds")]
    [InlineData("line-breaks:\n  - { name: x, pattern: 'a', line-holds: 'b', at-least: 0 }\n", "at-least needs line-holds and a count of 1 or more")]
    public void Line_holds_where_it_is_not_read_or_without_a_pattern_names_the_file_and_the_rule(string yaml, string message)
    {
        var ex = Assert.Throws<RuleFileException>(() => CleaningRules.FromYaml(yaml, "input/rules.yaml"));

        Assert.Contains("input/rules.yaml", ex.Message);
        Assert.Contains("'x'", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void No_built_in_pattern_slows_down_on_a_line_a_million_characters_long()
    {
        // Built-in patterns run without a time limit, so none may take long on any line: here lines a
        // million characters long of what they look at — runs of spaces, gaps after text, dates and
        // headings before gaps, paragraphs run together, masks, markers, numbers, punctuation. A
        // pattern that backtracks over a run, or looks back to the start of the line at each place it
        // tries, takes minutes on some of them (the first paragraph rules did); under a time limit here
        // it stops and fails the test. A rule with a maximum length never sees such a line.
        const int length = 1_000_000;
        string Repeat(string piece) => string.Concat(Enumerable.Repeat(piece, length / piece.Length));
        string[] lines =
        [
            "正文" + new string('\u3000', length), "正文。" + Repeat("\u00A0 "), "正文。" + new string(' ', length) + "结束",
            Repeat("表格\u3000\u3000"), Repeat("一、标题\u3000\u3000"), Repeat("2023年1月5日\u3000 \u3000 "),
            Repeat("县财政局2023年工作总结\u3000\u3000今年以来，我局认真落实各项部署，取得积极成效。\u3000\u3000"),
            Repeat("今年以来我局认真落实各项部署取得积极成效"), Repeat("XX"), Repeat("xx县"), Repeat("第1页 "), Repeat("<p>"), Repeat("……"),
            Repeat("1."), Repeat("（一）"), Repeat("*"), Repeat("-"), Repeat(" a"), Repeat("【"), Repeat("D"), Repeat("A新时代"), Repeat("\t"),
            Repeat("，"), Repeat("０"), Repeat("http://a.b/"), Repeat("总结"),
        ];
        var rules = CleaningRules.Default;
        var patterns = rules.LineBreaks.Concat(rules.Markers).Concat(rules.Drop).Concat(rules.Header).Concat(rules.Toc.Entries).Concat(rules.Unmask).Concat(rules.Tags)
            .Where(r => r.MaxLength >= length)
            .SelectMany(r => new[] { (r.Name, (Regex?)r.Pattern), (r.Name + " (line-holds)", r.LineHolds) })
            .Concat([("toc heading", rules.Toc.Heading), ("title kind", rules.Title.Kind), ("title not-start", rules.Title.NotStart), ("title document", rules.Title.Document)])
            .Where(p => p.Item2 is not null)
            .ToList();
        Assert.True(patterns.Count > 40, $"only {patterns.Count} patterns");
        foreach (var (name, pattern) in patterns)
        {
            var limited = new Regex(pattern!.ToString(), pattern.Options, TimeSpan.FromSeconds(10));
            foreach (var line in lines)
            {
                var ex = Record.Exception(() => limited.Matches(line).Count);
                Assert.True(ex is null, $"{name}: {ex?.GetType().Name} on a line of {line[..12]}…");
            }
        }
    }

    [Fact]
    public void A_rule_with_a_maximum_length_looks_only_at_lines_that_short()
    {
        var rules = CleaningRules.FromYaml("drop:\n  - { name: slogan, pattern: '口号', max-length: 12 }\n", "input/rules.yaml");

        var cleaned = Strip(rules, "正文。", "口号：加油干", "我们提出了响亮的口号，全体干部职工干劲十足。");

        var entry = Assert.Single(cleaned.Log);
        Assert.Equal((2, CleaningAction.Dropped, "slogan"), (entry.Line, entry.Action, entry.Detail));
    }

    [Fact]
    public void Rules_that_recognise_a_dressed_title_know_the_kinds_of_report_the_archive_declares()
    {
        var defaults = Strip(CleaningRules.Default, "正文。", "《县民政局2023年工作通报》");
        var extended = Strip(CleaningRules.FromYaml("title:\n  kind: '(总结|计划|通报)'\n", "input/rules.yaml"), "正文。", "《县民政局2023年工作通报》");

        Assert.Equal("《县民政局2023年工作通报》", defaults.Lines[1].Text);
        Assert.Equal("县民政局2023年工作通报", extended.Lines[1].Text);
    }

    [Fact]
    public void Added_rules_extend_the_defaults_rather_than_replace_them()
    {
        var rules = CleaningRules.FromYaml("drop:\n  - { name: slogan, pattern: '^口号[:：]' }\n", "input/rules.yaml");

        var cleaned = Strip(rules, "正文。", "【哒哒素材库】——每天更新材料", "正文。");

        Assert.Equal("advertising", Assert.Single(cleaned.Log).Detail);
    }

    [Fact]
    public void Disabling_a_default_rule_by_name_keeps_what_it_used_to_drop()
    {
        var rules = CleaningRules.FromYaml("disable: [advertising]\n", "input/rules.yaml");

        var cleaned = Strip(rules, "正文。", "【哒哒素材库】——每天更新材料", "正文。");

        Assert.Empty(cleaned.Log);
        Assert.Equal("【哒哒素材库】——每天更新材料", cleaned.Lines[1].Text);
        Assert.Equal(5, CleaningRules.Default.Drop.Count(r => r.Name == "advertising"));
        Assert.DoesNotContain(rules.Drop, r => r.Name == "advertising");
    }

    [Fact]
    public void An_added_whitespace_rule_applies()
    {
        var rules = CleaningRules.FromYaml("whitespace:\n  - { name: figure-space, char: \"\\u2007\", replace: \" \" }\n", "input/rules.yaml");

        var cleaned = Strip(rules, "全年\u2007完成");

        Assert.Equal("全年 完成", cleaned.Lines[0].Text);
    }

    [Fact]
    public void A_whitespace_table_makes_each_of_its_characters_the_one_at_the_same_place_in_replace_each()
    {
        var rules = CleaningRules.FromYaml("whitespace:\n  - { name: old-forms, chars: \"甲乙\", replace-each: \"丙𠀀\" }\n", "input/rules.yaml");

        var cleaned = Strip(rules, "甲乙甲");

        Assert.Equal("丙𠀀丙", cleaned.Lines[0].Text);
        Assert.Equal("normalised characters (old-forms)", Assert.Single(cleaned.Log).Detail);
    }

    [Theory]
    [InlineData("{ name: uneven, chars: \"甲乙\", replace-each: \"丙\" }")]
    [InlineData("{ name: uneven, chars: \"甲乙\" }")]
    [InlineData("{ name: uneven, chars: \"甲\", replace-each: \"丙\", replace: \"丁\" }")]
    public void A_whitespace_table_of_uneven_length_or_mixed_with_a_single_replacement_names_the_file_and_the_rule(string rule)
    {
        var ex = Assert.Throws<RuleFileException>(() => CleaningRules.FromYaml($"whitespace:\n  - {rule}\n", "input/rules.yaml"));

        Assert.StartsWith("input/rules.yaml:2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("uneven", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_title_shape_can_be_changed()
    {
        var rules = CleaningRules.FromYaml("title:\n  max-length: 10\n", "input/rules.yaml");

        Assert.Equal(10, rules.Title.MaxLength);
        Assert.Equal(CleaningRules.Default.Title.Kind.ToString(), rules.Title.Kind.ToString());
    }

    [Fact]
    public void Malformed_yaml_names_the_file_and_the_line()
    {
        const string yaml = "# archive rules\ndrop:\n  - name: slogan\n    pattern: '^口号'\n  - name: 'unclosed\n";

        var ex = Assert.Throws<RuleFileException>(() => CleaningRules.FromYaml(yaml, "input/rules.yaml"));

        Assert.Equal("input/rules.yaml", ex.File);
        Assert.NotNull(ex.Line);
        Assert.InRange(ex.Line!.Value, 5, 6); // the unclosed quote opens on line 5; the file ends on line 6
        Assert.StartsWith($"input/rules.yaml:{ex.Line}:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_names_the_file_and_its_line()
    {
        const string yaml = "drop:\n  - name: slogan\n    patern: '^口号'\n";

        var ex = Assert.Throws<RuleFileException>(() => CleaningRules.FromYaml(yaml, "input/rules.yaml"));

        Assert.Equal(3, ex.Line);
        Assert.StartsWith("input/rules.yaml:3:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("patern", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_of_the_wrong_shape_names_the_file_and_its_line()
    {
        const string yaml = "markers: []\n\ndrop: not-a-list\n";

        var ex = Assert.Throws<RuleFileException>(() => CleaningRules.FromYaml(yaml, "input/rules.yaml"));

        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void An_invalid_pattern_names_the_file_and_the_rule()
    {
        var ex = Assert.Throws<RuleFileException>(() =>
            CleaningRules.FromYaml("drop:\n  - { name: broken-rule, pattern: '([' }\n", "input/rules.yaml"));

        Assert.Contains("input/rules.yaml", ex.Message, StringComparison.Ordinal);
        Assert.Contains("broken-rule", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_pattern_found_after_reading_still_names_its_line()
    {
        const string yaml = "# archive rules\ndrop:\n  - name: fine\n    pattern: '^口号'\n  - name: broken-rule\n    pattern: '(['\n";

        var ex = Assert.Throws<RuleFileException>(() => CleaningRules.FromYaml(yaml, "input/rules.yaml"));

        Assert.Equal(6, ex.Line);
        Assert.StartsWith("input/rules.yaml:6: rule 'broken-rule' has an invalid pattern", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_level_in_the_departments_file_names_its_line()
    {
        const string yaml = "departments:\n  - name: 档案局\n    aliases: [档案馆]\n    level: 省会\n";

        var ex = Assert.Throws<RuleFileException>(() => DepartmentTable.FromYaml(yaml, "input/departments.yaml"));

        Assert.Equal(4, ex.Line);
        Assert.Contains("省会", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whitespace_rule_must_name_one_character()
    {
        var ex = Assert.Throws<RuleFileException>(() =>
            CleaningRules.FromYaml("whitespace:\n  - { name: two, char: \"ab\" }\n", "input/rules.yaml"));

        Assert.Contains("exactly one character", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_load_from_an_archive_folder_and_a_broken_file_there_is_reported_by_its_display_name()
    {
        var dir = Directory.CreateTempSubdirectory("archive-rules-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "rules.yaml"), "drop:\n  - { name: slogan, pattern: '^口号' }\n");
            var options = InputFolder.LoadOptions(dir.FullName);
            Assert.Contains(options.Rules.Drop, r => r.Name == "slogan");

            File.WriteAllText(Path.Combine(dir.FullName, "rules.yaml"), "drop:\n  - { name: slogan, pattern: '^口号' \n");
            var ex = Assert.Throws<RuleFileException>(() => InputFolder.LoadOptions(dir.FullName));
            Assert.Equal("input/rules.yaml", ex.File);
            Assert.NotNull(ex.Line);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
