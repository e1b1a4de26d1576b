using System.Buffers;
using System.Collections.Immutable;
using System.Net;
using System.Text;
using Archive.Core;
using Archive.Ingest.Reading;
using Archive.Ingest.Rules;
using Archive.Ingest.Splitting;

namespace Archive.Ingest.Cleaning;

/// <summary>
/// Step 2, <c>StripNoise</c>: normalises odd whitespace, removes paid-content markers, and drops
/// advertising, page numbers, the compilation header and tables of contents, logging each line it
/// drops with the rule that dropped it. Every raw line ends up either kept or in the log.
/// </summary>
public sealed class StripNoise(CleaningRules rules)
{
    // Characters a whitespace rule changes (tabs and printable ASCII are never odd), and what the
    // first rule for each character makes of it.
    private readonly SearchValues<char> _odd = SearchValues.Create(string.Concat(rules.Whitespace
        .Where(r => (r.Char > '~' || (r.Char < ' ' && r.Char != '\t')) && r.Replacement != r.Char.ToString())
        .Select(r => r.Char).Distinct()));

    private readonly TitleDetector _titles = new(rules);

    // The drop rules that read a page number: a running head or foot stands next to one.
    private readonly ImmutableArray<PatternRule> _pageNumbers = [.. rules.Drop.Where(r => r.Name == "page-number")];

    // The characters the line-break rules that tell theirs (RequiredChars) require, all together: a line
    // holding none of them spares those rules at one look instead of one look per rule.
    private readonly SearchValues<char> _breakChars = SearchValues.Create(string.Concat(rules.LineBreaks.SelectMany(r => r.Required ?? "").Distinct()));

    private readonly Dictionary<char, WhitespaceRule> _replacement = rules.Whitespace
        .GroupBy(r => r.Char).ToDictionary(g => g.Key, g => g.First());

    public CleanedSource Apply(SourceText source)
    {
        var kept = ImmutableArray.CreateBuilder<CleanLine>(source.Lines.Length);
        var log = ImmutableArray.CreateBuilder<CleaningEntry>();
        var counts = ImmutableArray.CreateBuilder<int>();
        var toc = ImmutableArray.CreateBuilder<TocEntry>();
        var inToc = false;
        var tocStart = 0; // the first entry of the contents in hand
        var afterNoise = false;
        var seenContent = false;
        var number = 0;
        int? lastHeaderCount = null;
        var afterHeader = false;
        var takenFrom = 0; // the log's length when the line (or part) in hand was taken up
        var plain = Plain(source.Lines);
        var doubleSpaced = DoubleSpacedBlanks(plain);
        var running = RunningLines(plain);

        for (var i = 0; i < source.Lines.Length; i++)
        {
            number = i + 1;
            takenFrom = log.Count;
            var raw = source.Lines[i];
            if (rules.HtmlCharacterReferences && raw.Contains('&') && WebUtility.HtmlDecode(raw) is var decoded && decoded != raw)
            {
                raw = decoded;
                log.Add(new CleaningEntry(source.File, number, CleaningAction.Trimmed, "read HTML character references"));
            }

            if (Breaks(rules.LineBreaks, _breakChars, raw) is { } breaks)
            {
                // A line holding several (a web page's <p>…</p><p>…</p>, a page copied without its line
                // breaks): each part is read as a line of its own; a break at the very end only goes.
                var parts = Parts(raw, breaks.Cuts);
                log.Add(new CleaningEntry(source.File, number, CleaningAction.Trimmed,
                    parts.Count > 1 ? $"line cut in {parts.Count} at line breaks ({breaks.Names})" : $"removed marker ({breaks.Names})"));
                foreach (var part in parts)
                {
                    Take(part, i, cut: parts.Count > 1);
                }
            }
            else
            {
                Take(raw, i, cut: false);
            }
        }

        return new CleanedSource(source, kept.ToImmutable(), log.ToImmutable(), counts.ToImmutable(), toc.ToImmutable());

        // Cleans one line (or one part of a raw line cut at line breaks) and keeps, drops or files it.
        // A part left empty by its markers (a <p> between two breaks) is a blank line between the others.
        void Take(string line, int i, bool cut)
        {
            if (cut)
            {
                takenFrom = log.Count;
            }

            // The raw line as it stands was normalised once already, for the scans above.
            var (text, normalised) = ReferenceEquals(line, source.Lines[i]) ? plain[i] : NormaliseWhitespace(line);
            string? markerName = null;
            var removedText = false; // a marker took words out, not only spaces (县 民 政 局 → 县民政局)
            foreach (var marker in rules.Markers)
            {
                if (marker.Applies(text) && marker.Pattern.IsMatch(text))
                {
                    var before = text;
                    text = marker.Pattern.Replace(text, marker.Replacement ?? "").Trim();
                    markerName ??= marker.Name;
                    removedText |= !SameLetters(before, text);
                    log.Add(new CleaningEntry(source.File, number, CleaningAction.Trimmed, $"removed marker ({marker.Name})"));
                }
            }

            if (normalised is not null && text.Length > 0)
            {
                log.Add(new CleaningEntry(source.File, number, CleaningAction.Trimmed, $"normalised characters ({normalised})"));
            }

            var hadMarker = markerName is not null;
            if (text.Length == 0)
            {
                if (hadMarker && !cut)
                {
                    Drop($"marker line ({markerName})");
                    afterNoise = true;
                }
                else if (!cut && !hadMarker && doubleSpaced.Contains(i))
                {
                    Drop("blank line of a double-spaced text");
                }
                else
                {
                    kept.Add(new CleanLine(number, ""));
                }

                return;
            }

            if (inToc)
            {
                if (MatchToc(text, number) is { } entry && !StartsOver(entry, toc, tocStart))
                {
                    toc.Add(entry);
                    Drop("table of contents");
                    return;
                }

                inToc = false;
            }

            if (!cut && running.Contains(i))
            {
                Drop("running head or foot (page-number)");
                afterNoise = true;
                return;
            }

            // A number alone right above a title (05 / 5 / 第5篇's bare form): the distributor's
            // numbering of its reports, or a page number before a report that starts a page.
            if (!cut && text.Length <= 3 && IsBareNumber(text) && NextText(plain, i) is { } next && _titles.LooksLikeTitle(next))
            {
                Drop("marker line (report-ordinal)");
                afterNoise = true;
                return;
            }

            if (Matching(rules.Drop, text) is { } drop)
            {
                Drop(drop.Name);
                afterNoise = true;
                return;
            }

            // The compilation's header: a line declaring a count (（8篇）) anywhere; a collection name
            // without a count (…汇编, …汇总) only where a compilation starts — before any text or right
            // after noise — since inside a report such a line (问题汇总) is text.
            if (text.Length <= 80 && !rules.Title.NotStart.IsMatch(text) && MatchingHeader(text, !seenContent || afterNoise) is var (header, declared))
            {
                // A count line right after a header that already declared one repeats it (…汇编（4篇） / （4篇）).
                if (declared is { } n && !(lastHeaderCount == n && afterHeader))
                {
                    counts.Add(n);
                }

                lastHeaderCount = declared ?? lastHeaderCount;
                Drop($"compilation header ({header.Name})");
                afterHeader = true;
                afterNoise = true;
                return;
            }

            afterHeader = false;
            if (text.Length <= 12 && rules.Toc.Heading.IsMatch(text))
            {
                inToc = true;
                tocStart = toc.Count;
                Drop("table of contents");
                afterNoise = true;
                return;
            }

            // A table of contents without a heading: two or more titles with page numbers before any text.
            if (!seenContent && IsPagedEntry(text) && NextText(plain, i) is { } following && IsPagedEntry(following))
            {
                inToc = true;
                tocStart = toc.Count;
                toc.Add(MatchToc(text, number)!);
                Drop("table of contents");
                afterNoise = true;
                return;
            }

            kept.Add(new CleanLine(number, text, afterNoise || removedText));
            afterNoise = false;
            seenContent = true;
        }

        void Drop(string reason)
        {
            // A line dropped after being trimmed is only logged once, as dropped (a part of a cut line:
            // that part's trimming only).
            while (log.Count > takenFrom && log[^1].Line == number && log[^1].Action == CleaningAction.Trimmed)
            {
                log.RemoveAt(log.Count - 1);
            }

            log.Add(new CleaningEntry(source.File, number, CleaningAction.Dropped, reason));
        }
    }

    /// <summary>
    /// The single blank lines (0-based) of the double-spaced stretches of a text (a blank line after every
    /// line, as text copied from some web pages is): where, in the 24 lines before or after, lines almost
    /// never follow each other directly. There a single blank line says nothing, not even where a
    /// paragraph ends — a sentence broken over two lines has one between its halves too — so it goes, and
    /// the lines are read as if they followed each other; two or more blank lines in a row still
    /// separate. Judged by stretch, so that a file joined from a double-spaced and a plain part keeps the
    /// plain part's blank lines.
    /// </summary>
    internal HashSet<int> DoubleSpacedBlanks(ImmutableArray<string> lines) => DoubleSpacedBlanks(Plain(lines));

    private static HashSet<int> DoubleSpacedBlanks((string Text, string? Rules)[] plain)
    {
        const int Reach = 24;
        var n = plain.Length;
        var blank = new bool[n];
        for (var i = 0; i < n; i++)
        {
            blank[i] = plain[i].Text.Length == 0;
        }

        // A blank line between two lines of text.
        bool IsSingleBlank(int i) => i > 0 && i + 1 < n && blank[i] && !blank[i - 1] && !blank[i + 1];

        // Prefix sums: text lines, text lines right after a text line, single blank lines.
        var text = new int[n + 1];
        var adjacent = new int[n + 1];
        var single = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            text[i + 1] = text[i] + (blank[i] ? 0 : 1);
            adjacent[i + 1] = adjacent[i] + (!blank[i] && i > 0 && !blank[i - 1] ? 1 : 0);
            single[i + 1] = single[i] + (IsSingleBlank(i) ? 1 : 0);
        }

        bool DoubleSpaced(int from, int to)
        {
            var (t, a, g) = (text[to] - text[from], adjacent[to] - adjacent[from], single[to] - single[from]);
            return t >= 6 && a * 20 <= t && g * 10 >= (t - 1) * 8;
        }

        var blanks = new HashSet<int>();
        for (var i = 0; i < n; i++)
        {
            if (!IsSingleBlank(i))
            {
                continue;
            }

            // The stretch before it or the one after it (a blank line at the edge of a double-spaced part
            // has the other part on one side).
            if (DoubleSpaced(Math.Max(0, i - Reach), i + 1) || DoubleSpaced(i, Math.Min(n, i + Reach + 1)))
            {
                blanks.Add(i);
            }
        }

        return blanks;
    }

    private static bool IsBareNumber(string text) => text.Length > 0 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    // The next line with text after line `i` (0-based), as normalised.
    private static string? NextText((string Text, string? Rules)[] plain, int i)
    {
        for (var j = i + 1; j < plain.Length; j++)
        {
            if (plain[j].Text.Length > 0)
            {
                return plain[j].Text;
            }
        }

        return null;
    }

    /// <summary>Whether two texts differ in their whitespace only.</summary>
    private static bool SameLetters(string a, string b)
    {
        var (i, j) = (0, 0);
        while (true)
        {
            while (i < a.Length && char.IsWhiteSpace(a[i]))
            {
                i++;
            }

            while (j < b.Length && char.IsWhiteSpace(b[j]))
            {
                j++;
            }

            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }

            if (a[i++] != b[j++])
            {
                return false;
            }
        }
    }

    /// <summary>Every line as cleaning first reads it: after the whitespace rules, trimmed (and the rules' names).</summary>
    private (string Text, string? Rules)[] Plain(ImmutableArray<string> lines)
    {
        var plain = new (string, string?)[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            plain[i] = NormaliseWhitespace(lines[i]);
        }

        return plain;
    }

    /// <summary>
    /// A paged document's running head or foot (0-based lines): a short line that stands next to a page
    /// number (the nearest line of text above or below it) at least twice with the same text — the
    /// compilation's or a report's name printed on every page (XX县2023年部门工作总结汇编 / 第 2 页 共 6 页).
    /// The text's first line in the file stays (a title or the header, which the other rules judge), as do
    /// outline headings and sentences, which a page break can put next to a page number by chance; a line
    /// shaped like a title must stand in the file three times.
    /// </summary>
    private HashSet<int> RunningLines((string Text, string? Rules)[] normalised)
    {
        const int MaxLength = 60;
        var running = new HashSet<int>();
        var pages = new List<int>();
        for (var i = 0; i < normalised.Length; i++)
        {
            // (A page number written in digits: most short lines are passed over without a regular expression.)
            var text = normalised[i].Text;
            if (text.Length is > 0 and <= 24 && text.AsSpan().IndexOfAnyInRange('0', '9') >= 0 && Matching(_pageNumbers, text) is not null)
            {
                pages.Add(i);
            }
        }

        if (pages.Count < 2)
        {
            return running;
        }

        var plain = Array.ConvertAll(normalised, l => l.Text);

        var near = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            foreach (var step in (ReadOnlySpan<int>)[-1, 1])
            {
                var j = page + step;
                while (j >= 0 && j < plain.Length && plain[j].Length == 0)
                {
                    j += step;
                }

                if (j < 0 || j >= plain.Length || plain[j].Length > MaxLength || pages.BinarySearch(j) >= 0
                    || TextPatterns.OutlineMarker().IsMatch(plain[j]) || TextPatterns.SentenceStops.Contains(plain[j][^1], StringComparison.Ordinal))
                {
                    continue;
                }

                if (!near.TryGetValue(plain[j], out var lines))
                {
                    near[plain[j]] = lines = [];
                }

                lines.Add(j);
            }
        }

        foreach (var (text, lines) in near)
        {
            // A line shaped like a title needs a third time in the file: the same report twice in a
            // compilation, each copy starting a page, is no running head.
            if (lines.Count >= 2 && (!_titles.LooksLikeTitle(text) || plain.Count(l => l == text) >= 3))
            {
                var first = Array.IndexOf(plain, text);
                running.UnionWith(lines.Where(j => j != first));
            }
        }

        return running;
    }

    // Where the line-break rules cut a line (their matches, in order, overlaps merged) and their
    // names, or null when none matches.
    private static (List<(int Start, int End)> Cuts, string Names)? Breaks(ImmutableArray<PatternRule> rules, SearchValues<char> required, string line)
    {
        // A line's indentation is no place to cut it: the rules look from its first character of text
        // on (so an indented line spares the paragraph rules, whose gaps are made of indentation).
        var text = line.AsSpan().IndexOfAnyExcept(Indentation) is var first and >= 0 ? first : line.Length;
        var holdsRequired = line.AsSpan(text).IndexOfAny(required) >= 0;
        List<(int Start, int End)>? cuts = null;
        List<string>? names = null;
        foreach (var rule in rules)
        {
            if ((rule.Required is not null && !holdsRequired) || !rule.Applies(line.AsSpan(text)) || !rule.Holds(line))
            {
                continue;
            }

            var before = cuts?.Count ?? 0;
            for (var m = rule.Pattern.Match(line, text); m.Success; m = m.NextMatch())
            {
                (cuts ??= []).Add((m.Index, m.Index + m.Length));
            }

            if ((cuts?.Count ?? 0) > before)
            {
                (names ??= []).Add(rule.Name);
            }
        }

        if (cuts is null || names is null)
        {
            return null;
        }

        cuts.Sort();
        var merged = new List<(int Start, int End)>(cuts.Count);
        foreach (var cut in cuts)
        {
            if (merged.Count > 0 && cut.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, cut.End));
            }
            else
            {
                merged.Add(cut);
            }
        }

        return (merged, string.Join(", ", names));
    }

    private static readonly SearchValues<char> Indentation = SearchValues.Create(" \t\u3000\u2003\u2002\u00A0");

    // The text between a line's cuts, without the empty parts after the last text.
    private static List<string> Parts(string line, List<(int Start, int End)> cuts)
    {
        var parts = new List<string>();
        var from = 0;
        foreach (var (start, end) in cuts)
        {
            parts.Add(line[from..start]);
            from = end;
        }

        parts.Add(line[from..]);
        while (parts.Count > 1 && string.IsNullOrWhiteSpace(parts[^1]))
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return parts;
    }

    private static PatternRule? Matching(ImmutableArray<PatternRule> patterns, string text)
    {
        foreach (var rule in patterns)
        {
            if (rule.Applies(text) && rule.Pattern.IsMatch(text))
            {
                return rule;
            }
        }

        return null;
    }

    private (PatternRule Rule, int? Count)? MatchingHeader(string text, bool atCompilationStart)
    {
        foreach (var rule in rules.Header)
        {
            var match = rule.Pattern.Match(text);
            if (!match.Success)
            {
                continue;
            }

            if (match.Groups["count"] is { Success: true } count && int.TryParse(count.ValueSpan, out var declared))
            {
                return (rule, declared);
            }

            if (atCompilationStart)
            {
                return (rule, null);
            }
        }

        return null;
    }

    private TocEntry? MatchToc(string text, int line)
    {
        foreach (var entry in rules.Toc.Entries)
        {
            var m = entry.Pattern.Match(text);
            if (!m.Success)
            {
                continue;
            }

            int? num = m.Groups["num"] is { Success: true } n && int.TryParse(n.ValueSpan, out var v) ? v : null;
            var title = m.Groups["title"] is { Success: true } t ? t.Value.Trim() : null;
            return new TocEntry(line, num, title);
        }

        return null;
    }

    /// <summary>
    /// Whether a line shaped like an entry of the contents in hand (from <paramref name="start"/>) is the
    /// first report's title instead: its number starts the count over (1、 after 1、2、3、) or its title is
    /// one the contents already listed.
    /// </summary>
    private static bool StartsOver(TocEntry entry, ImmutableArray<TocEntry>.Builder toc, int start)
    {
        if (entry.Title is null)
        {
            return false; // a number alone (1.) is no title
        }

        for (var k = start; k < toc.Count; k++)
        {
            if (toc[k].Title == entry.Title)
            {
                return true;
            }
        }

        return entry.Number is { } n && toc.Count > start && toc[^1].Number is { } last && n <= last;
    }

    private bool IsPagedEntry(string text) =>
        rules.Toc.Entries.Any(e => e.Name == "paged-title" && e.Pattern.IsMatch(text));

    /// <summary>
    /// Applies the whitespace rules and trims; tabs survive inside a line (they separate page numbers).
    /// Returns the names of the rules that changed a character, or null.
    /// </summary>
    private (string Text, string? Rules) NormaliseWhitespace(string line)
    {
        if (line.AsSpan().IndexOfAny(_odd) < 0)
        {
            return (line.Trim(), null);
        }

        var sb = new StringBuilder(line.Length);
        var names = new List<string>(2);
        foreach (var c in line)
        {
            if (_replacement.TryGetValue(c, out var rule))
            {
                sb.Append(rule.Replacement);
                if (rule.Replacement != c.ToString() && !names.Contains(rule.Name))
                {
                    names.Add(rule.Name);
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return (sb.ToString().Trim(), string.Join(", ", names));
    }
}
