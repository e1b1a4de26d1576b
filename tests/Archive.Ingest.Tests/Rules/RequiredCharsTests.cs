using System.Text.RegularExpressions;
using Archive.Ingest.Rules;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Rules;

/// <summary>
/// A rule's regex runs only on lines holding one of the characters every match holds. The reading of
/// a pattern must be sound — a line the regex matches always passes the test — and should find such
/// characters for most built-in rules, or the test spares nothing.
/// </summary>
public sealed class RequiredCharsTests
{
    private static IEnumerable<PatternRule> BuiltInRules()
    {
        var rules = CleaningRules.Default;
        return [.. rules.Markers, .. rules.Drop, .. rules.Header, .. rules.Unmask, .. rules.Tags, .. rules.LineBreaks, .. rules.Toc.Entries];
    }

    [Theory]
    [InlineData("^口号[:：]", "口")]
    [InlineData("侵删|版权归原作者", "侵版")]
    [InlineData("(如有|若有)侵权.{0,16}(联系|删除)", "侵")]
    [InlineData("^[（(]?(全文|本文)(共计|共)\\s*\\d{2,6}\\s*字", "共")]
    [InlineData("a?b*c{0,3}d{1,2}e+", "d")]
    [InlineData("\\.docx?$", ".")]
    [InlineData("ICP备\\s*\\d|公网安备", "备公")]
    [InlineData("^\\p{IsCJKUnifiedIdeographs}{2,6}[|｜]", "|｜")]
    [InlineData("^\\p{IsCJKUnifiedIdeographs}{2,6}", null)]
    [InlineData("(?<![A-Za-z])[Xx]{2,3}(?=同志)", "同")]
    [InlineData("(?<![A-Za-z])[Xx]{2,3}$", "Xx")]
    [InlineData("[^Xx]y|[a-c]", null)]
    [InlineData("^(?:上一篇|下一篇)", "上下")]
    [InlineData("(本文|文章|本资料)(均)?(来源于|来自)(网络|互联网)", "来")]
    [InlineData("(?:修改|编辑)(?<=可(?:任意|自由)(?:修改|编辑))", "可")]
    [InlineData("^(?<unit>[^：:]{2,20})[：:]", "：:")]
    [InlineData("甲(?!乙)", "甲")]
    [InlineData("(?!乙)", null)]
    [InlineData("^(?i:end)$", null)]
    [InlineData("[a-z-[aeiou]]x", "x")]
    [InlineData("a{2,}?b??", "a")]
    [InlineData("(?i)end", null)]
    [InlineData("\\x41B", "A")]
    [InlineData("(?<=[。！？])(?:\\u3000\\s*\\u3000|\\u00A0\\s*\\u00A0)", "\u3000\u00A0")]
    [InlineData("\\cMx?", null)]
    [InlineData("[\\u3000\\u2003][\\t ]", "\u3000\u2003")]
    [InlineData("[a\\-b]", "a-b")]
    [InlineData("[\\s\\u3000]", null)]
    [InlineData("(a)\\1", null)]
    [InlineData("甲|(?:乙)", "甲乙")]
    [InlineData("甲|\\d+", null)]
    public void A_pattern_gives_one_character_per_alternative_that_every_match_holds(string pattern, string? chars)
    {
        Assert.Equal(chars, RequiredChars.Chars(pattern));
    }

    [Fact]
    public void Most_built_in_drop_and_marker_rules_have_characters_to_test_for()
    {
        var rules = CleaningRules.Default.Drop.Concat(CleaningRules.Default.Markers).ToList();

        var tested = rules.Count(r => RequiredChars.Chars(r.Pattern.ToString()) is not null);

        Assert.True(tested * 10 >= rules.Count * 7, $"{tested} of {rules.Count} rules");
    }

    [Fact]
    public void Every_line_a_built_in_rule_matches_in_the_corpus_passes_its_test()
    {
        var lines = Sources.Corpus.SelectMany(c => System.Text.Encoding.UTF8.GetString(c.Bytes).Split('\n')).Select(l => l.Trim()).ToList();

        foreach (var rule in BuiltInRules())
        {
            foreach (var line in lines.Where(l => rule.Pattern.IsMatch(l)))
            {
                Assert.True(rule with { MaxLength = int.MaxValue } is var open && open.Applies(line), $"{rule.Name} matches “{line}” but its test turns the line away");
            }
        }
    }

    [Fact]
    public void A_built_in_rule_never_matches_text_without_its_characters()
    {
        // Random text over the pattern's own characters (every literal it names, and common ones),
        // its required characters taken out: the regex must never match it.
        var random = new Random(2024);
        foreach (var rule in BuiltInRules())
        {
            var pattern = rule.Pattern.ToString();
            if (RequiredChars.Chars(pattern) is not { } required)
            {
                continue;
            }

            var alphabet = pattern.Concat("　 ，。、：:；（）()【】0123456789年月日县区市镇街道局工作总结计划abcXx-—").Distinct()
                .Where(c => !required.Contains(c) && !char.IsSurrogate(c)).ToArray();
            for (var n = 0; n < 400; n++)
            {
                var text = new string([.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
                Assert.False(rule.Pattern.IsMatch(text), $"{rule.Name} /{pattern}/ matches “{text}”, which holds none of {required}");
            }
        }
    }

    [Fact]
    public void A_rule_runs_only_on_lines_holding_one_of_its_characters()
    {
        var rule = new PatternRule("slogan", new Regex("口号[:：]"));

        Assert.False(rule.Applies("今年以来，全县经济平稳运行。"));
        Assert.True(rule.Applies("口号：加油干"));
    }
}
