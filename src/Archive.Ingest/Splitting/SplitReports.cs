using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Archive.Core;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Rules;

namespace Archive.Ingest.Splitting;

/// <summary>One report cut out of a raw file, before repair and structure.</summary>
/// <param name="File">The raw file.</param>
/// <param name="TitleLine">1-based raw line of the title (the first of them when a title spans two lines).</param>
/// <param name="Title">The title text (for a report without a title line: derived from the file name).</param>
/// <param name="TitleFromFileName">True when no title line was found and the title was made from the file name.</param>
/// <param name="TitleLines">Raw lines that make up the title line(s); empty for a title from the file name.</param>
/// <param name="Body">Kept lines after the title up to the report's last line, blank lines inside included.</param>
public sealed record ReportDraft(
    string File,
    int TitleLine,
    string Title,
    bool TitleFromFileName,
    ImmutableArray<int> TitleLines,
    ImmutableArray<CleanLine> Body)
{
    /// <summary>1-based raw line of the report's last non-blank line.</summary>
    public int LastLine => Body.IsEmpty ? TitleLine : Body[^1].Number;

    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>Set when no title line names the report and its title was composed from its text: how.</summary>
    public string? TitleEvidence { get; init; }

    /// <summary>
    /// Raw lines of the body that head its parts (2023年工作总结 / 2024年工作计划 under
    /// 县财政局2023年工作总结及2024年工作计划): shaped like titles, read as headings of this report.
    /// </summary>
    public ImmutableArray<int> PartHeadings { get; init; } = [];
}

/// <summary>Archivist corrections to how one file is split (from <c>input/overrides.yaml</c>).</summary>
public sealed record SplitOverride(ImmutableArray<int> TitleLines, ImmutableArray<int> NotTitleLines)
{
    public static SplitOverride None { get; } = new([], []);
}

/// <summary>The reports of one file, the lines dropped between them, and doubts about the split.</summary>
public sealed record SplitResult(
    CleanedSource Source,
    ImmutableArray<ReportDraft> Reports,
    ImmutableArray<CleaningEntry> Log,
    ImmutableArray<string> Warnings);

/// <summary>
/// Step 3, <c>SplitReports</c>: finds each report's title line and cuts the file there. The count
/// declared in the header (（8篇）) and the table of contents are cross-checked, with a warning when
/// they disagree; when more candidate titles than declared reports are found, the weakest go.
/// A signature block (organisation and date lines) stays with the report above it.
/// </summary>
public sealed partial class SplitReports(CleaningRules rules, DepartmentTable departments)
{
    private readonly TitleDetector _titles = new(rules);
    private readonly SignatureLines _signatures = new(departments);

    public SplitResult Apply(CleanedSource source, SplitOverride? split = null)
    {
        split ??= SplitOverride.None;
        var lines = source.Lines;
        var log = source.Log.ToBuilder();
        var warnings = ImmutableArray.CreateBuilder<string>();

        var candidates = new List<TitleCandidate>();
        for (var i = 0; i < lines.Length; i++)
        {
            var number = lines[i].Number;
            if (lines[i].IsBlank || split.NotTitleLines.Contains(number))
            {
                continue;
            }

            // Shaped like a title as it stands (most lines are not: the test runs once for them).
            var shaped = _titles.LooksLikeTitle(lines[i].Text);
            if (split.TitleLines.Contains(number))
            {
                candidates.Add(new TitleCandidate(i, int.MaxValue, "override"));
            }
            else if (shaped && _titles.Score(lines, i) is { } candidate)
            {
                candidates.Add(candidate);
            }
            else if (NumberedTitle(lines[i].Text) is { } numbering && _titles.Score(lines, i, lines[i].Text[numbering..]) is { } numbered)
            {
                candidates.Add(numbered with { Numbering = numbering });
            }
            else if (UnitColon().Match(lines[i].Text) is { Success: true } colon && departments.Match(colon.Groups["unit"].Value) is { Listed: true }
                && _titles.Score(lines, i, lines[i].Text[colon.Length..]) is { } afterUnit)
            {
                candidates.Add(afterUnit);
            }
            else if (SubtitleDash().Match(lines[i].Text) is { Success: true } dash && _titles.Score(lines, i, lines[i].Text[dash.Length..]) is { } subtitle)
            {
                candidates.Add(subtitle with { Numbering = dash.Length, Subtitle = true });
            }
            else if (shaped && TitleStart(lines, i) == i - 1 && _titles.Score(lines, i - 1, lines[i].Text, i) is { } underUnit)
            {
                // Under its unit's name on a line of its own (县人力资源和社会保障局 / 2023年工作总结): what
                // stands before the unit counts.
                candidates.Add(underUnit with { Index = i });
            }
            else if ((candidates.Count == 0 || candidates[^1].Index != i - 1) && BrokenTitle(lines, i) is { } joined
                && _titles.Score(lines, i - 1, joined, i) is { } broken)
            {
                candidates.Add(broken with { Index = i, Continued = true });
            }
        }

        (candidates, var parts) = DropParts(lines, candidates);

        foreach (var missing in split.TitleLines.Where(n => !lines.Any(l => l.Number == n && !l.IsBlank)))
        {
            warnings.Add($"override names line {missing} as a title, but that line is blank or was dropped as noise");
        }

        // More title-like lines than declared reports: the weakest are headings that look like titles,
        // as long as they are a few. Far more (over twice as many) says the header counts only a part
        // of the file (several compilations glued together, one with a header): then none is dropped.
        if (source.DeclaredCount is { } tooMany && tooMany > 0 && candidates.Count > 2 * tooMany)
        {
            warnings.Add($"{candidates.Count} title-like lines for {tooMany} declared reports: the declared count is not applied (the file may join several compilations)");
        }
        else if (source.DeclaredCount is { } declared && candidates.Count > declared && declared > 0)
        {
            var keep = candidates
                .OrderByDescending(c => c.Score)
                .ThenBy(c => c.Index)
                .Take(declared)
                .ToHashSet();
            var dropped = candidates.Where(c => !keep.Contains(c)).ToList();
            warnings.Add($"{candidates.Count} title-like lines for {declared} declared reports; kept the {declared} strongest, not lines {string.Join(", ", dropped.Select(c => lines[c.Index].Number))}");
            candidates = [.. candidates.Where(keep.Contains)];
        }

        var reports = ImmutableArray.CreateBuilder<ReportDraft>(candidates.Count + 1);
        var firstTitle = candidates.Count > 0 ? candidates[0].Index : lines.Length;
        var titleStart = candidates.Select(c => c.Continued ? c.Index - 1 : c.Subtitle ? MainTitleStart(lines, c.Index) : TitleStart(lines, c.Index)).ToList();

        // Text before the first title.
        var preambleEnd = candidates.Count > 0 ? titleStart[0] : lines.Length;
        var preamble = lines[..preambleEnd].Where(l => !l.IsBlank).ToList();
        if (preamble.Count > 0 && (candidates.Count == 0 || preamble.Count >= 3 || preamble.Sum(l => l.Text.Length) >= 200))
        {
            var body = Trim(lines[..preambleEnd], log, source.File);
            var first = body.IndexOf(body.First(l => !l.IsBlank));
            // Opening with an official document's title (the notice a compilation opens with): titled by it.
            var document = rules.Title.Document.IsMatch(body[first].Text) && body[(first + 1)..].Any(l => !l.IsBlank);
            var draft = document
                ? new ReportDraft(source.File, body[first].Number, body[first].Text, false, [body[first].Number], body[(first + 1)..])
                : new ReportDraft(source.File, body[first].Number, TitleFromFileName(source.File), true, [], body);
            var named = document ? "its first line" : "the file";
            // Untitled reports glued together (a compilation whose titles are only in its contents) are
            // cut at their signatures like those after a titled report.
            reports.AddRange(SplitUntitled(source.File, draft with
            {
                Warnings = [candidates.Count == 0
                    ? $"no report title recognised: the text is kept as one report titled after {named}"
                    : $"text before the first title (lines {body[0].Number}–{body[^1].Number}) is kept as a report titled after {named}"],
            }));
        }
        else
        {
            foreach (var l in lines[..preambleEnd])
            {
                log.Add(new CleaningEntry(source.File, l.Number, CleaningAction.Dropped,
                    l.IsBlank ? "blank line outside reports" : "text before the first report title"));
            }

            if (preamble.Count > 0)
            {
                warnings.Add($"dropped {preamble.Count} short line(s) before the first title (line {preamble[0].Number}); see the cleaning log");
            }
        }

        for (var k = 0; k < candidates.Count; k++)
        {
            var index = candidates[k].Index;
            var start = titleStart[k];
            var end = k + 1 < candidates.Count ? titleStart[k + 1] : lines.Length;
            var titleLines = lines[start..(index + 1)];
            // A subtitle under its main title keeps its dash (主标题——副标题); alone, it loses it like a number.
            var numbering = candidates[k].Subtitle && start < index ? 0 : candidates[k].Numbering;
            var title = string.Concat(titleLines[..^1].Select(l => l.Text)) + lines[index].Text[numbering..];
            if (numbering > 0)
            {
                log.Add(new CleaningEntry(source.File, lines[index].Number, CleaningAction.Trimmed, $"report numbering '{lines[index].Text[..numbering].Trim()}' cut off the title"));
            }

            var body = Trim(lines[(index + 1)..end], log, source.File);
            // A title with no text before the next title (or the end) is no report: a heading the
            // cleaning rules did not know, or a title cut in two. Logged and named, never published empty.
            if (body.IsEmpty)
            {
                foreach (var l in titleLines)
                {
                    log.Add(new CleaningEntry(source.File, l.Number, CleaningAction.Dropped, "title without text"));
                }

                warnings.Add($"line {titleLines[0].Number} ({title}) looks like a title but has no text before {(k + 1 < candidates.Count ? $"the next title (line {lines[candidates[k + 1].Index].Number})" : "the end of the file")}: not published (an override in overrides.yaml can say otherwise)");
                continue;
            }

            var headings = parts.Where(n => n > lines[index].Number && (body.IsEmpty || n <= body[^1].Number)).ToImmutableArray();
            reports.AddRange(SplitUntitled(source.File, new ReportDraft(source.File, titleLines[0].Number, title, false, [.. titleLines.Select(l => l.Number)], body) { PartHeadings = headings }));
        }

        TitleFromContents(source, reports);
        CrossCheck(source, reports, warnings);
        return new SplitResult(source, reports.ToImmutable(), log.ToImmutable(), warnings.ToImmutable());
    }

    /// <summary>
    /// A compilation whose reports have no title lines, only entries in its table of contents
    /// (目录 / 1.XX街道2023年工作总结 / 2.… then the texts, each signed): when the contents list the reports
    /// in order — as many titled entries as reports, each report with a title line matching its entry —
    /// each report without a title line is titled by its entry.
    /// </summary>
    private static void TitleFromContents(CleanedSource source, ImmutableArray<ReportDraft>.Builder reports)
    {
        var entries = source.Toc.Where(e => !string.IsNullOrWhiteSpace(e.Title)).ToList();
        if (entries.Count < 2 || entries.Count != source.Toc.Length || entries.Count != reports.Count
            || reports.All(r => !r.TitleFromFileName)
            || Enumerable.Range(0, reports.Count).Any(k => !reports[k].TitleFromFileName && !SameTitle(reports[k].Title, entries[k].Title!)))
        {
            return;
        }

        for (var k = 0; k < reports.Count; k++)
        {
            var (entry, draft) = (entries[k], reports[k]);
            if (!draft.TitleFromFileName)
            {
                continue;
            }

            reports[k] = draft with
            {
                Title = entry.Title!,
                TitleFromFileName = false,
                TitleEvidence = $"no title line: titled by entry {k + 1} of the table of contents (line {entry.Line})",
                Warnings = [$"no title line: titled 「{entry.Title}」 by entry {k + 1} of the table of contents (line {entry.Line})"],
            };
        }
    }

    // Whether a title and a contents entry name the same report (one holds the other, letters and digits only).
    private static bool SameTitle(string title, string entry)
    {
        var (a, b) = (Normalise(title), Normalise(entry));
        return a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal);
    }

    /// <summary>
    /// A report without a title line glued to the one above: after the signature of the report above
    /// (an organisation, then a date) the text goes on with the opening of another report
    /// (2023年，县妇联在县委的坚强领导下…) rather than an attachment or a postscript. It is cut off as a
    /// report of its own, titled from its text: its own signature's organisation and the time its
    /// opening names (县妇联2023年工作总结), or, without them, after the file.
    /// </summary>
    private IEnumerable<ReportDraft> SplitUntitled(string file, ReportDraft draft)
    {
        var body = draft.Body;
        for (var date = 1; date < body.Length; date++)
        {
            // A date (rare: looked for first) with the organisation on its line or the line above, text
            // after. (A signature with no text above it is a byline under the title: 县民政局 / 2024年1月5日.)
            if (_signatures.ReadDate(body[date].Text) is not { } signed
                || (signed.Organisation is not null ? date : PreviousText(body, date - 1)) is not { } i
                || (signed.Organisation is null && !_signatures.IsOrganisation(body[i].Text)) || NextText(body, date + 1) is not { } start
                || !body[..i].Any(l => TextPatterns.HasSentenceStop(l.Text)))
            {
                continue;
            }

            var opening = UntitledOpening().Match(body[start].Text);
            var rest = body[start..];
            if (!opening.Success || rest.Count(l => !l.IsBlank) < 3 || rest.Sum(l => l.Text.Length) < 100)
            {
                continue;
            }

            yield return draft with { Body = body[..(date + 1)] };
            var (title, evidence) = ComposeTitle(rest, opening);
            var untitled = new ReportDraft(file, rest[0].Number, title ?? TitleFromFileName(file), true, [], rest)
            {
                TitleEvidence = evidence,
                Warnings = [$"no title line: this text follows the signature of the report above (line {body[i].Number}) and opens another report; "
                    + (title is null ? "titled after the file" : $"titled 「{title}」 from its text")],
            };
            foreach (var more in SplitUntitled(file, untitled))
            {
                yield return more;
            }

            yield break;
        }

        yield return draft;
    }

    // The title of a report without a title line: its signature's organisation, the time its opening
    // names (or its signature's year), and 工作总结; null without an organisation or a year.
    private (string? Title, string? Evidence) ComposeTitle(ImmutableArray<CleanLine> body, Match opening)
    {
        var last = PreviousText(body, body.Length - 1) ?? 0;
        var signed = last > 0 ? _signatures.ReadDate(body[last].Text) : null;
        var organisation = signed?.Organisation
            ?? (signed is not null && PreviousText(body, last - 1) is { } o ? _signatures.Organisation(body[o].Text) : null);
        var time = opening.Groups["year"].Success
            ? opening.Groups["year"].Value + "年" + opening.Groups["span"].Value
            : signed is not null && TextPatterns.Year().Match(signed.Text) is { Success: true } y ? y.Groups["year"].Value + "年" : null;
        return organisation is null || time is null
            ? (null, null)
            : ($"{organisation}{time}工作总结", $"no title line: composed from its signature ({organisation}) and the time it reports on ({time})");
    }

    private static int? PreviousText(ImmutableArray<CleanLine> body, int from)
    {
        for (var i = from; i >= 0; i--)
        {
            if (!body[i].IsBlank)
            {
                return i;
            }
        }

        return null;
    }

    private static int? NextText(ImmutableArray<CleanLine> body, int from)
    {
        for (var i = from; i < body.Length; i++)
        {
            if (!body[i].IsBlank)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// The parts of a report on two things (县财政局2023年工作总结及2024年工作计划) may stand under headings
    /// shaped like titles (2023年工作总结 / 2024年工作计划): a title-like line whose words the title above
    /// holds, as one of its two or more kinds, before that report has signed (no date line between), is
    /// a heading of that report; so is a plan for the next steps or year that names no unit under a
    /// report on work done (县民政局2023年工作总结 … 2024年工作安排). A repeated title (区民政局2023年工作总结 …
    /// 2023年工作总结) starts a report.
    /// </summary>
    private (List<TitleCandidate> Kept, List<int> PartLines) DropParts(ImmutableArray<CleanLine> lines, List<TitleCandidate> candidates)
    {
        var kept = new List<TitleCandidate>(candidates.Count);
        var parts = new List<int>();
        foreach (var candidate in candidates)
        {
            if (kept.Count > 0 && candidate.Score != int.MaxValue && candidate.Numbering == 0 && !candidate.Continued && !candidate.Subtitle
                && IsPartOf(lines, kept[^1], candidate))
            {
                parts.Add(lines[candidate.Index].Number);
                continue;
            }

            kept.Add(candidate);
        }

        return (kept, parts);
    }

    private bool IsPartOf(ImmutableArray<CleanLine> lines, TitleCandidate above, TitleCandidate candidate)
    {
        var whole = Compact(above.Continued ? lines[above.Index - 1].Text + lines[above.Index].Text : lines[above.Index].Text);
        var part = Compact(lines[candidate.Index].Text);
        var named = part.Length >= 4 && part.Length < whole.Length && whole.Contains(part, StringComparison.Ordinal) && rules.Title.Kind.Count(whole) >= 2;
        if (!named && !IsNextSteps(whole, part))
        {
            return false;
        }

        for (var i = above.Index + 1; i < candidate.Index; i++)
        {
            if (_signatures.ReadDate(lines[i].Text) is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A report on work done (县民政局2023年工作总结) may close with its plans under a title-shaped heading
    /// (下一步工作打算 / 2024年工作安排): a plan naming no unit, for the next steps or the next year. (A title
    /// with a note in brackets, 2024年工作计划（街道）, is a compilation's title.)
    /// </summary>
    private bool IsNextSteps(string whole, string part)
    {
        if (!TextPatterns.SummaryWord().IsMatch(whole) || TextPatterns.PlanWord().IsMatch(whole)
            || !TextPatterns.PlanWord().IsMatch(part) || TextPatterns.SummaryWord().IsMatch(part)
            || part.StartsWith("关于", StringComparison.Ordinal) || part[^1] is '）' or ')'
            || LeadingDepartment(part) is not null)
        {
            return false;
        }

        if (NextSteps().IsMatch(part))
        {
            return true;
        }

        var (year, yearAbove) = (TextPatterns.Year().Match(part), TextPatterns.Year().Match(whole));
        return !year.Success || (yearAbove.Success
            && TextPatterns.ParseYear(year.Groups["year"].Value) == TextPatterns.ParseYear(yearAbove.Groups["year"].Value) + 1);
    }

    // What a report's closing plans are for: 下一步 / 下步 / 下阶段 / 今后 / 明年 / 下半年 / 下季度.
    [GeneratedRegex(@"下一步|下步|下阶段|下一阶段|今后|明年|下半年|下季度|下一年")]
    private static partial Regex NextSteps();

    private static string Compact(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    // How a report opens: 2023年，… / 2023年上半年，… / 今年以来，… (never 附件 or a list).
    [GeneratedRegex(@"^(?:(?<year>" + TextPatterns.YearNumber + @")\s*年\s*(?<span>上半年|下半年|前三季度|第?[一二三四]季度|度)?(?:以来)?\s*[，,]|今年以来\s*[，,]|今年上半年\s*[，,]|上半年以来\s*[，,])\S{10,}")]
    private static partial Regex UntitledOpening();

    /// <summary>
    /// A title numbered like an outline heading (1.区教育局2023年工作总结 / 一、区卫健局2023年工作总结 /
    /// （一）区文旅局2023年工作总结):
    /// the length of its numbering, when what follows starts with a known department before the year —
    /// a heading inside a report (一、2023年工作总结) names none.
    /// </summary>
    private int? NumberedTitle(string text)
    {
        var marker = TextPatterns.OutlineMarker().Match(text);
        if (!marker.Success || marker.Groups["l4"].Success)
        {
            return null;
        }

        var rest = text[marker.Length..].TrimStart();
        return LeadingDepartment(rest) is { Listed: true } ? text.Length - rest.Length : null;
    }

    // The department the unit at the head of a title names (县财政局2023年… → 财政局), a post cut off first.
    private UnitMatch? LeadingDepartment(string text) =>
        TextPatterns.LeadingUnit().Match(text) is { Success: true } unit ? departments.Match(departments.WithoutPost(unit.Groups["unit"].Value.Trim())) : null;

    /// <summary>
    /// A title broken in two by a line break (区市场监督管理局2023年上半年工作总结和下半年工 / 作计划): the line
    /// at <paramref name="index"/> is a short fragment right under a line that opens like a title (a unit
    /// or a year first) and has no punctuation at all (a paragraph wrapped at a fixed width has its
    /// commas). Returns the two joined, for the title test.
    /// </summary>
    private static string? BrokenTitle(ImmutableArray<CleanLine> lines, int index)
    {
        if (index == 0 || lines[index].AfterNoise || lines[index - 1].IsBlank)
        {
            return null;
        }

        var (head, fragment) = (lines[index - 1].Text, lines[index].Text);
        return fragment.Length <= 12 && head.Length >= 6 && head.Length + fragment.Length <= 48
            && head.AsSpan().IndexOfAny("，,、") < 0 && fragment.AsSpan().IndexOfAny("，,、") < 0
            && !TextPatterns.HasSentenceStop(head) && !TextPatterns.EndsClosed(head) && !TextPatterns.OutlineMarker().IsMatch(fragment)
            && (TextPatterns.LeadingUnit().IsMatch(head) || TextPatterns.LeadingTime().IsMatch(head))
            ? head + fragment
            : null;
    }

    // A unit and a colon before a title: 县审计局：2023年工作总结.
    [GeneratedRegex(@"^(?<unit>[^：:，,。；;\s]{2,20})[：:]\s*(?=\S)")]
    private static partial Regex UnitColon();

    // A subtitle line: ——区财政局2023年工作总结 (under a main title such as 凝心聚力谋发展 砥砺奋进开新局).
    [GeneratedRegex(@"^(——|—|－－|--|-)\s*(?=\S)")]
    private static partial Regex SubtitleDash();

    /// <summary>
    /// The main title above a subtitle: the line before it when that line stands alone, is short and
    /// has no sentence punctuation (凝心聚力谋发展 砥砺奋进开新局 / ——区财政局2023年工作总结).
    /// </summary>
    private static int MainTitleStart(ImmutableArray<CleanLine> lines, int index) =>
        StartsWithLineAbove(lines, index, 40, text => !TextPatterns.DateLine().IsMatch(text)) ? index - 1 : index;

    /// <summary>
    /// A title may begin one line early with the organisation's name alone (区民政局 / 2023年…总结) — not a
    /// title that names its own unit (a name above 县财政局2023年工作总结 signs the report before it).
    /// </summary>
    private int TitleStart(ImmutableArray<CleanLine> lines, int index) =>
        StartsWithLineAbove(lines, index, 24, text => departments.Match(text) is { Listed: true }) && LeadingDepartment(lines[index].Text) is null ? index - 1 : index;

    // Whether the line above the title at `index` belongs to it: a short line without sentence
    // punctuation or outline marker that stands alone — after a blank line, noise, or the end of the
    // report above (its signature date or a finished sentence) — and passes `fits`.
    private static bool StartsWithLineAbove(ImmutableArray<CleanLine> lines, int index, int maxLength, Func<string, bool> fits)
    {
        if (index == 0 || lines[index].AfterNoise)
        {
            return false;
        }

        var previous = lines[index - 1];
        var beforePrevious = index >= 2 ? lines[index - 2] : null;
        var isolated = beforePrevious is null || beforePrevious.IsBlank || previous.AfterNoise
            || TextPatterns.DateLine().IsMatch(beforePrevious.Text) || TextPatterns.EndsClosed(beforePrevious.Text);
        return !previous.IsBlank && isolated && previous.Text.Length <= maxLength
            && !TextPatterns.HasSentenceStop(previous.Text)
            && !TextPatterns.OutlineMarker().IsMatch(previous.Text)
            && fits(previous.Text);
    }

    // Blank lines at the end of a report lie between reports: they go to the log.
    private static ImmutableArray<CleanLine> Trim(ImmutableArray<CleanLine> body, ImmutableArray<CleaningEntry>.Builder log, string file)
    {
        var end = body.Length;
        while (end > 0 && body[end - 1].IsBlank)
        {
            end--;
        }

        for (var i = end; i < body.Length; i++)
        {
            log.Add(new CleaningEntry(file, body[i].Number, CleaningAction.Dropped, "blank line outside reports"));
        }

        return body[..end];
    }

    private static void CrossCheck(CleanedSource source, ImmutableArray<ReportDraft>.Builder reports, ImmutableArray<string>.Builder warnings)
    {
        var found = reports.Count(r => !r.TitleFromFileName);
        if (source.DeclaredCount is { } declared && declared != found)
        {
            warnings.Add($"the header declares {declared} reports but {found} titles were found");
        }

        if (source.Toc.IsEmpty)
        {
            return;
        }

        if (source.Toc.Length != found)
        {
            warnings.Add($"the table of contents lists {source.Toc.Length} entries but {found} titles were found");
        }

        foreach (var entry in source.Toc.Where(e => !string.IsNullOrEmpty(e.Title)))
        {
            if (!reports.Any(r => SameTitle(r.Title, entry.Title!)))
            {
                warnings.Add($"table of contents entry '{entry.Title}' (line {entry.Line}) matches no report title");
            }
        }
    }

    private static string Normalise(string text) =>
        string.Concat(text.Where(c => char.IsLetterOrDigit(c)));

    private static string TitleFromFileName(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file).Replace('_', ' ').Trim();
        return name.Length == 0 ? file : name;
    }
}
