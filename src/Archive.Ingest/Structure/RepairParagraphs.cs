using System.Collections.Immutable;
using Archive.Core;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Splitting;

namespace Archive.Ingest.Structure;

/// <summary>
/// Step 4, <c>RepairParagraphs</c>: joins lines that text extraction broke mid-sentence (a line
/// without closing punctuation continued on the next: <c>…获得2022</c> + <c>年度…</c>) while real
/// paragraph and heading breaks stay. Each join is logged.
/// </summary>
public static class RepairParagraphs
{
    public static (ImmutableArray<SourceParagraph> Paragraphs, ImmutableArray<CleaningEntry> Log) Apply(string file, IReadOnlyList<CleanLine> lines)
    {
        var paragraphs = ImmutableArray.CreateBuilder<SourceParagraph>(lines.Count);
        var log = ImmutableArray.CreateBuilder<CleaningEntry>();
        string? text = null;
        var numbers = new List<int>(4);

        foreach (var line in lines)
        {
            if (line.IsBlank)
            {
                Flush();
                continue;
            }

            if (text is not null && ShouldJoin(text, line.Text))
            {
                text += line.Text;
                numbers.Add(line.Number);
                log.Add(new CleaningEntry(file, line.Number, CleaningAction.Joined, $"continues line {numbers[^2]} (broken mid-sentence)"));
                continue;
            }

            Flush();
            text = line.Text;
            numbers.Add(line.Number);
        }

        Flush();
        return (paragraphs.ToImmutable(), log.ToImmutable());

        void Flush()
        {
            if (text is not null)
            {
                paragraphs.Add(new SourceParagraph(text, [.. numbers]));
            }

            text = null;
            numbers.Clear();
        }
    }

    /// <summary>Whether <paramref name="next"/> continues the sentence that <paramref name="previous"/> left open.</summary>
    public static bool ShouldJoin(string previous, string next)
    {
        if (EndsSentence(previous) || IsHeading(previous) || IsSubtitle(previous) || previous.Contains('\t') || next.Contains('\t'))
        {
            return false;
        }

        if (TextPatterns.OutlineMarker().IsMatch(next) || TextPatterns.LeadIn().IsMatch(next)
            || TextPatterns.DateLine().IsMatch(next) || TextPatterns.DateLine().IsMatch(previous)
            || IsBracketedNote(previous) || IsBracketedNote(next) || EndsWithBracketedDate(previous))
        {
            return false;
        }

        // A short line without closing punctuation is a line of its own (a heading, a name), unless
        // it visibly stops mid-clause.
        var openClause = previous[^1] is '，' or '、' or ',' or '（' or '(' or '“' or '《';
        return previous.Length >= 16 || openClause;
    }

    /// <summary>
    /// Whether a line ends a sentence. A closing quote or title mark ends one only after a stop
    /// (<c>…“不忘初心。”</c>); after words it closes a phrase the sentence goes on from
    /// (<c>…围绕“兜底线、织密网、建机制”</c> + <c>的工作要求，…</c>).
    /// </summary>
    private static bool EndsSentence(string text)
    {
        const string closers = "”’」』》";
        if (!TextPatterns.EndsClosed(text))
        {
            return false;
        }

        var inner = text.AsSpan().TrimEnd(closers);
        return inner.Length == text.Length || inner.Length == 0 || TextPatterns.ClosingPunctuation.Contains(inner[^1], StringComparison.Ordinal);
    }

    // A line closing with a date in brackets (县司法局 （2024年1月15日）: a byline) is a line of its own.
    private static bool EndsWithBracketedDate(string text)
    {
        if (text.Length < 8 || text[^1] is not ('）' or ')'))
        {
            return false;
        }

        var open = text.AsSpan().LastIndexOfAny('（', '(');
        return open >= 0 && TextPatterns.DateLine().IsMatch(text[(open + 1)..^1].Trim());
    }

    // A line that is one bracketed note, a line of its own: （县统计局 2024年1月5日） / （讨论稿） / （县政办发〔2023〕12号）.
    private static bool IsBracketedNote(string text) =>
        text.Length >= 3 && text[0] is '（' or '(' && text[^1] is '）' or ')' && text.AsSpan(1, text.Length - 2).IndexOfAny("（()）") < 0;

    // A line opening with a dash and without a sentence stop is a subtitle or a byline under a title, a line
    // of its own: ——在全县2024年工作会议上的发言 / ——区财政局2023年工作总结.
    private static bool IsSubtitle(string text) =>
        text.Length > 2 && text[0] is '—' or '－' or '-' && text[1] is '—' or '－' or '-' && !TextPatterns.HasSentenceStop(text);

    /// <summary>An outline-numbered line without sentence punctuation is a heading.</summary>
    public static bool IsHeading(string text) =>
        TextPatterns.OutlineMarker().IsMatch(text) && !TextPatterns.HasSentenceStop(text[..^1]);
}
