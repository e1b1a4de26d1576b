using System.Text.RegularExpressions;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Rules;

namespace Archive.Ingest.Splitting;

/// <summary>A line that may be a report's title, with how strongly it looks like one.</summary>
public sealed record TitleCandidate(int Index, int Score, string Reason)
{
    /// <summary>Characters of numbering (1. / 一、) before the title itself on its line.</summary>
    public int Numbering { get; init; }

    /// <summary>A subtitle (——区财政局2023年工作总结): the line above may be its main title.</summary>
    public bool Subtitle { get; init; }

    /// <summary>A title broken in two (…2023年上半年工作总结和下半年工 / 作计划): it began on the line above.</summary>
    public bool Continued { get; init; }
}

/// <summary>
/// Decides which lines are report titles. A title is a short line without sentence punctuation,
/// not an outline heading, whose end names a kind of report (总结, 计划, 思路…); it gains weight from
/// a year or period, from standing after a blank line or noise, and from being followed by body text
/// or by the addressee an official report opens with (县委：).
/// </summary>
public sealed partial class TitleDetector(CleaningRules rules)
{
    /// <summary>Lowest score a line needs to count as a title.</summary>
    public const int Threshold = 3;

    [GeneratedRegex(@"(" + TextPatterns.YearNumber + @"|" + TextPatterns.MaskedYear + @")\s*年|季度|半年|年度|月份|前三季|全年")]
    private static partial Regex PeriodWords();

    // Trailing notes that may follow the kind word: （街道）, (定稿), 的报告, 材料, 范文, or the unit after a
    // dash (2023年度工作总结-县审计局).
    [GeneratedRegex(@"\s*([（(][^（()）]{1,16}[)）]|的(报告|汇报|总结|情况)|报告|汇报|材料|范文|发言|讲话|\d{1,3}|\s*" + TextPatterns.UnitAfterDash + @")$")]
    private static partial Regex TrailingNote();

    public TitleCandidate? Score(IReadOnlyList<CleanLine> lines, int index) => Score(lines, index, lines[index].Text);

    /// <summary>Scores the line at <paramref name="index"/> as if it read <paramref name="text"/> (a title without its numbering).</summary>
    public TitleCandidate? Score(IReadOnlyList<CleanLine> lines, int index, string text) => Score(lines, index, text, index);

    /// <summary>
    /// Scores the lines from <paramref name="index"/> to <paramref name="last"/> as one title reading
    /// <paramref name="text"/> (a title broken over two lines): what stands before the first and after the last counts.
    /// </summary>
    public TitleCandidate? Score(IReadOnlyList<CleanLine> lines, int index, string text, int last)
    {
        var line = lines[index];
        if (!LooksLikeTitle(text))
        {
            return null;
        }

        var score = 0;
        var reasons = new List<string>(4);
        if (PeriodWords().IsMatch(text))
        {
            score += 2;
            reasons.Add("year or period");
        }

        var previous = index > 0 ? lines[index - 1] : null;
        if (previous is null || previous.IsBlank || line.AfterNoise)
        {
            score += 2;
            reasons.Add("starts a block");
        }
        else if (TextPatterns.EndsClosed(previous.Text) || TextPatterns.DateLine().IsMatch(previous.Text))
        {
            score += 1;
            reasons.Add("after a finished paragraph");
        }

        if (NextText(lines, last) is { } next)
        {
            if (next.Length > 40 || TextPatterns.OutlineMarker().IsMatch(next) || TextPatterns.HasSentenceStop(next))
            {
                score += 1;
                reasons.Add("followed by body text");
            }
            else if (TextPatterns.Salutation().IsMatch(next))
            {
                score += 1;
                reasons.Add("followed by an addressee");
            }
        }

        return score >= Threshold ? new TitleCandidate(index, score, string.Join(", ", reasons)) : null;
    }

    /// <summary>The shape test alone: short, no sentence punctuation, not an outline heading, ends with a kind of report.</summary>
    public bool LooksLikeTitle(string text)
    {
        if (text.Length < 4 || text.Length > rules.Title.MaxLength)
        {
            return false;
        }

        if (text.AsSpan().IndexOfAny("。；！？!?;：:") >= 0 || TextPatterns.DateLine().IsMatch(text))
        {
            return false;
        }

        return !rules.Title.NotStart.IsMatch(text) && NamesKindAtEnd(text);
    }

    /// <summary>Whether a kind word (总结, 计划…) ends the text, possibly followed by notes: （街道）, 的报告, 材料…</summary>
    public bool NamesKindAtEnd(string text)
    {
        var core = text;
        for (var round = 0; round < 4 && core.Length > 0; round++)
        {
            if (EndsWithKind(core))
            {
                return true;
            }

            var note = TrailingNote().Match(core);
            if (!note.Success || note.Length == 0)
            {
                return false;
            }

            core = core[..note.Index];
        }

        return false;
    }

    private bool EndsWithKind(string text)
    {
        var from = Math.Max(0, text.Length - 8);
        for (var m = rules.Title.Kind.Match(text, from); m.Success; m = m.NextMatch())
        {
            if (m.Index + m.Length == text.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static string? NextText(IReadOnlyList<CleanLine> lines, int index)
    {
        for (var j = index + 1; j < lines.Count; j++)
        {
            if (!lines[j].IsBlank)
            {
                return lines[j].Text;
            }
        }

        return null;
    }
}
