using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Archive.Core;
using Archive.Ingest.Rules;
using Archive.Ingest.Splitting;
using Archive.Ingest.Structure;

namespace Archive.Ingest.Metadata;

/// <summary>
/// What metadata extraction needs to know about one report. <paramref name="TitleFromFileName"/>: no
/// title line names it (its facts come from the text); <see cref="TitleEvidence"/>: its title was then
/// composed from its text rather than taken from the file name.
/// </summary>
public sealed record MetadataInput(string File, string Title, bool TitleFromFileName, ImmutableArray<Block> Blocks)
{
    public string? TitleEvidence { get; init; }
}

/// <summary>
/// Step 7, <c>ExtractMetadata</c>: title, year and plan year, period, level, department,
/// organisation, date, regions, kinds and tags, each with where it came from. Sources are tried from
/// the most to the least explicit: the title, the signature, the body, then inference; when nothing
/// says, the value is 未知 / unknown, never a guess presented as fact.
/// </summary>
public sealed partial class ExtractMetadata(CleaningRules rules, DepartmentTable departments)
{
    /// <summary>Minimum topic score for inferring a department from the words of a report that calls itself 我局.</summary>
    public const int MinTopicScore = 8;

    private readonly TitleDetector _titles = new(rules);
    private readonly BylineLines _bylines = new(departments);

    public (ReportMetadata Metadata, ImmutableArray<string> Warnings) Apply(MetadataInput input)
    {
        var warnings = ImmutableArray.CreateBuilder<string>();
        var body = BodyText(input.Blocks);
        var lead = LeadText(input.Blocks);
        var signature = input.Blocks.OfType<SignatureBlock>().LastOrDefault();
        var title = input.Title;
        // A file named like a report (XX县林业局2023年工作总结.txt) tells what its title line would.
        var namedLikeATitle = input.TitleFromFileName && input.TitleEvidence is null && _titles.LooksLikeTitle(title);
        var titleForFacts = input.TitleFromFileName && !namedLikeATitle ? "" : FactsOf(title);

        var unit = TitleUnit(titleForFacts);
        var period = Period(titleForFacts, lead);
        var year = Year(titleForFacts, lead, signature, period.Value);
        var planYear = PlanYear(titleForFacts, year.Value, period.Value, warnings);
        var byline = BylineUnit(input.Blocks);
        var level = Level(titleForFacts, unit, signature, byline, body);
        var department = Department(titleForFacts, unit, signature, byline, body, lead, level.Value);

        var metadata = new ReportMetadata
        {
            Title = input.TitleEvidence is { } composed
                ? new Sourced<string>(title, FieldSource.Inferred, composed)
                : new Sourced<string>(title, input.TitleFromFileName ? FieldSource.FileName : FieldSource.Title),
            Year = year,
            PlanYear = planYear,
            Period = period,
            Level = level,
            Department = department,
            Organization = Organization(unit, signature, byline),
            // A signature dated to the month only (2023年12月) gives the year, never a made-up day.
            Date = signature?.Date is { } date && signature.HasDay
                ? new Sourced<DateOnly?>(date, FieldSource.Signature, signature.DateText)
                : DateUnderTitle(input.Blocks) is { Value: not null } underTitle ? underTitle : DateInTitle(title),
            Regions = Regions(signature?.Organization, unit),
            Kinds = Kinds(titleForFacts),
            Tags = Tags(titleForFacts),
        };
        if (namedLikeATitle)
        {
            metadata = metadata with
            {
                Year = FromFileName(metadata.Year),
                PlanYear = FromFileName(metadata.PlanYear),
                Period = FromFileName(metadata.Period),
                Level = FromFileName(metadata.Level),
                Department = FromFileName(metadata.Department),
                Organization = FromFileName(metadata.Organization),
            };
        }

        return (metadata, warnings.ToImmutable());
    }

    // A fact read from the title when the title is the file's name.
    private static Sourced<T> FromFileName<T>(Sourced<T> fact) =>
        fact.Source == FieldSource.Title ? fact with { Source = FieldSource.FileName } : fact;

    // A main title with a subtitle (凝心聚力谋发展——区财政局2023年工作总结): the facts are in whichever part
    // names a kind of report at its end; the subtitle when both do. A unit after the dash
    // (2023年上半年工作总结——XX街道) is no subtitle: the whole title holds the facts.
    private string FactsOf(string title)
    {
        var dash = title.LastIndexOf("——", StringComparison.Ordinal);
        if (dash < 0)
        {
            return title;
        }

        var (main, sub) = (title[..dash].Trim(), title[(dash + 2)..].Trim());
        return _titles.NamesKindAtEnd(sub) ? sub
            : _titles.NamesKindAtEnd(main) ? (departments.Match(sub) is not null ? title : main)
            : title;
    }

    // ---------------------------------------------------------------- period and year

    // 前三季度 / 前三个季度 / 前两个季度: the first quarters of the year.
    [GeneratedRegex(@"前\s*(?<n>[二两三23])\s*个?\s*季度")]
    private static partial Regex FirstQuarters();

    // 年中 right before the work reported on (2023年年中工作总结): the first half.
    [GeneratedRegex(@"年中(?=\s*(?:工作|$))")]
    private static partial Regex MidYear();

    // 1—3季度 / 一至三季度 / 1-2季度 / 三、四季度: a range of quarters.
    [GeneratedRegex(@"(?<from>[1-4一二三四])\s*[-—–~至到、]\s*(?<to>[1-4一二三四])\s*季度")]
    private static partial Regex QuarterRange();

    [GeneratedRegex(@"(?<![前\-—–~至到、])第?(?<q>[一二三四1-4])\s*季度")]
    private static partial Regex Quarter();

    // 上半年 / 下半年, and 半年 alone (2023年半年工作总结) for the first half; never 近半年, 每半年, 一年半.
    [GeneratedRegex(@"(?<h>[上下])半年|(?<![近多每大两一几前后])半年")]
    private static partial Regex HalfYear();

    // 1-6月 / 一至九月份 / 10—12月: a range of months.
    private const string MonthNumber = "(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])";

    [GeneratedRegex(@"(?<![\d一二三四五六七八九十])(?<from>" + MonthNumber + @")\s*(?:月份?)?\s*[-—–~至到]\s*(?<to>" + MonthNumber + @")\s*月份?")]
    private static partial Regex MonthRange();

    // A single month after a year (2023年11月工作总结): a monthly report, of no period the archive files by.
    [GeneratedRegex(@"(?<=年\s*)" + MonthNumber + @"\s*月份?(?!\s*(?:[\d一二三四五六七八九十]+\s*[日号]|底|末|初|[上中下]旬))")]
    private static partial Regex SingleMonth();

    [GeneratedRegex(@"年度|全年|年终|" + TextPatterns.YearNumber + @"\s*年|" + TextPatterns.MaskedYear + @"\s*年")]
    private static partial Regex AnnualWords();

    // An occasion or season after the year (2023年元旦春节期间… / 2023年汛期… / 2023年秋冬季…): a report
    // on that stretch of the year, of no period the archive files by.
    [GeneratedRegex(@"期间|汛期|春运|[春夏秋冬]季(?!度)|暑期|暑假|寒假|学期")]
    private static partial Regex Occasion();

    [GeneratedRegex(@"今年以来|今年来|本年度|全年")]
    private static partial Regex ThisYearWords();

    private static Sourced<string> Period(string title, string lead)
    {
        // The period reported on comes before the summary word: 第三季度工作总结和第四季度计划 → Q3.
        var summary = TextPatterns.SummaryWord().Match(title);
        var segment = summary.Success ? title[..summary.Index] : title;
        if (SubAnnual(segment) is { } fromTitle)
        {
            return fromTitle.Code == Periods.Unknown
                ? Sourced<string>.None(Periods.Unknown)
                : new Sourced<string>(fromTitle.Code, FieldSource.Title, fromTitle.Evidence);
        }

        if (MidYear().Match(segment) is { Success: true } midYear)
        {
            return new Sourced<string>(Periods.H1, FieldSource.Title, midYear.Value);
        }

        // A monthly report (2023年11月工作总结), or one on an occasion or season, is of no period: not
        // the year its title names.
        if (SingleMonth().IsMatch(segment) || Occasion().IsMatch(segment))
        {
            return Sourced<string>.None(Periods.Unknown);
        }

        if (AnnualWords().Match(segment) is { Success: true } annual)
        {
            return new Sourced<string>(Periods.Annual, FieldSource.Title, annual.Value);
        }

        if (SubAnnual(lead) is { Code: not Periods.Unknown } fromBody)
        {
            return new Sourced<string>(fromBody.Code, FieldSource.Body, fromBody.Evidence);
        }

        if (title.Length > 0 && ThisYearWords().Match(lead) is { Success: true } thisYear)
        {
            return new Sourced<string>(Periods.Annual, FieldSource.Inferred, $"no period in the title; the text opens with 「{thisYear.Value}」");
        }

        return Sourced<string>.None(Periods.Unknown);
    }

    /// <summary>
    /// A period shorter than a year, or <see cref="Periods.Unknown"/> for a span the archive files by no
    /// period (1-10月, 11月); null when the text names no span.
    /// </summary>
    private static (string Code, string Evidence)? SubAnnual(string text)
    {
        if (FirstQuarters().Match(text) is { Success: true } first)
        {
            return (first.Groups["n"].Value is "三" or "3" ? Periods.Q1ToQ3 : Periods.H1, first.Value);
        }

        // A range of quarters is the range of their months (三、四季度: 7–12月).
        if (QuarterRange().Match(text) is { Success: true } qr)
        {
            return (MonthsPeriod(3 * Numeral(qr, "from") - 2, 3 * Numeral(qr, "to")), qr.Value);
        }

        if (MonthRange().Match(text) is { Success: true } mr)
        {
            return (MonthsPeriod(Numeral(mr, "from"), Numeral(mr, "to")), mr.Value);
        }

        if (Quarter().Match(text) is { Success: true } q)
        {
            var code = Numeral(q, "q") switch
            {
                1 => Periods.Q1,
                2 => Periods.Q2,
                3 => Periods.Q3,
                _ => Periods.Q4,
            };
            return (code, q.Value);
        }

        if (HalfYear().Match(text) is { Success: true } h)
        {
            return (h.Groups["h"].Value == "下" ? Periods.H2 : Periods.H1, h.Value);
        }

        return null;
    }

    private static int Numeral(Match m, string group) => TextPatterns.ParseNumeral(m.Groups[group].Value);

    // The period months `from`–`to` make up, or Unknown for a span that is none (1-10月).
    private static string MonthsPeriod(int from, int to) => (from, to) switch
    {
        (1, 3) => Periods.Q1,
        (4, 6) => Periods.Q2,
        (7, 9) => Periods.Q3,
        (10, 12) => Periods.Q4,
        (1, 6) => Periods.H1,
        (7, 12) => Periods.H2,
        (1, 9) => Periods.Q1ToQ3,
        (1, 12) => Periods.Annual,
        _ => Periods.Unknown,
    };

    private static Sourced<int?> Year(string title, string lead, SignatureBlock? signature, string period)
    {
        if (TextPatterns.Year().Match(title) is { Success: true } fromTitle)
        {
            return new Sourced<int?>(TextPatterns.ParseYear(fromTitle.Groups["year"].Value), FieldSource.Title, fromTitle.Value);
        }

        if (TextPatterns.Year().Match(lead) is { Success: true } fromBody)
        {
            return new Sourced<int?>(TextPatterns.ParseYear(fromBody.Groups["year"].Value), FieldSource.Body, fromBody.Value);
        }

        if (signature?.Date is { } date)
        {
            // An annual summary signed in January or February reports on the year before.
            return period == Periods.Annual && date.Month <= 2
                ? new Sourced<int?>(date.Year - 1, FieldSource.Inferred, $"signed {signature.DateText}, early in the next year")
                : new Sourced<int?>(date.Year, FieldSource.Signature, signature.DateText);
        }

        return Sourced<int?>.None(null);
    }

    private static Sourced<int?> PlanYear(string title, int? year, string period, ImmutableArray<string>.Builder warnings)
    {
        var plan = TextPatterns.PlanWord().Match(title);
        if (!plan.Success)
        {
            return Sourced<int?>.None(null);
        }

        // The year written right before the plan word (within the same clause).
        var clauseStart = Math.Max(title.LastIndexOfAny(['和', '及', '暨', '与'], Math.Max(0, plan.Index - 1)), 0);
        var stated = TextPatterns.Year().Matches(title[..plan.Index]).LastOrDefault(m => m.Index >= clauseStart);
        var hasSummary = TextPatterns.SummaryWord().IsMatch(title);
        if (stated is not null)
        {
            var value = TextPatterns.ParseYear(stated.Groups["year"].Value);
            if (hasSummary && year is { } y && value == y && period == Periods.Annual)
            {
                warnings.Add($"title gives {value} for both the summary and the plan; trusting the summary year {y} (the first year named) and taking the plan as {y + 1}");
                return new Sourced<int?>(y + 1, FieldSource.Inferred,
                    $"title says {stated.Value} for the plan, the same year as the summary it follows; an annual plan is for the next year");
            }

            return new Sourced<int?>(value, FieldSource.Title, stated.Value);
        }

        if (year is not { } reported)
        {
            return Sourced<int?>.None(null);
        }

        var next = period is Periods.Annual or Periods.H2 or Periods.Q4;
        return new Sourced<int?>(next ? reported + 1 : reported, FieldSource.Inferred,
            next ? "the plan follows a summary of the whole year (or its last part)" : "the plan covers the rest of the same year");
    }

    // ---------------------------------------------------------------- level


    // A note in brackets: 2023年工作总结（街道）
    [GeneratedRegex(@"[（(](?<note>[^（()）]{1,8})[)）]")]
    private static partial Regex BracketNote();

    // The lowest party committee named: 省委…州委…县委 → the reporting body sits at the last level.
    [GeneratedRegex(@"(?<!团)(?<level>省|自治区|市|州|盟|县|旗|区)委(?![员会])")]
    private static partial Regex Committee();

    [GeneratedRegex(TextPatterns.UnitAfterDash + "$")]
    private static partial Regex TrailingUnit();

    // The unit in brackets at the end of a title: 2023年工作总结（县财政局）.
    [GeneratedRegex(@"[（(](?<unit>[^（()）\d]{2,20})[)）]$")]
    private static partial Regex UnitInBrackets();

    private string? TitleUnit(string title)
    {
        var m = TextPatterns.LeadingUnit().Match(title);
        if (m.Success)
        {
            // 【县水利局】2023年… / 县审计局：2023年…: the name inside its brackets, before its colon.
            return departments.WithoutPost(m.Groups["unit"].Value.Trim().TrimEnd('：', ':').Trim('【', '】', '[', ']', '〔', '〕').Trim());
        }

        // The unit after the time the title starts with: 2023年区财政局工作总结 / 2024年上半年XX镇安全生产工作总结
        // (the longest start of the words that names a known department: XX镇).
        var time = TextPatterns.LeadingTime().Match(title);
        var after = time.Success ? TextPatterns.LeadingUnit().Match(title[time.Length..]) : Match.Empty;
        if (!after.Success)
        {
            // The unit after a dash at the end: 2023年度工作总结-县审计局; or in brackets: 2023年工作总结（县财政局）.
            return TrailingUnit().Match(title) is { Success: true } trailing && departments.Match(trailing.Groups["unit"].Value) is not null
                ? trailing.Groups["unit"].Value
                : UnitInBrackets().Match(title) is { Success: true } bracketed && departments.Match(bracketed.Groups["unit"].Value) is { Listed: true }
                ? bracketed.Groups["unit"].Value
                : null;
        }

        var unit = departments.WithoutPost(after.Groups["unit"].Value.Trim());
        if (departments.Match(unit) is not null)
        {
            return unit;
        }

        for (var length = unit.Length - 1; length >= 1; length--)
        {
            if (departments.Match(unit[..length]) is { Listed: true })
            {
                return unit[..length];
            }
        }

        return null;
    }

    private Sourced<string> Level(string title, string? unit, SignatureBlock? signature, string? byline, string body)
    {
        // 1. The title: a note such as （街道）, or the level its unit name carries (区财政局, 团区委, 公路街办).
        foreach (Match note in BracketNote().Matches(title))
        {
            if (LevelOfNote(note.Groups["note"].Value) is { } fromNote)
            {
                return new Sourced<string>(fromNote, FieldSource.Title, note.Value);
            }
        }

        // A unit that is a place itself (XX县2023年政府工作报告) carries its place word's level.
        if (unit is not null && LevelOfName(unit) is { } fromUnit)
        {
            return new Sourced<string>(fromUnit, FieldSource.Title, unit);
        }

        // 2. The signature's organisation: XX市XX区发展和改革局 → 区.
        if (signature?.Organization is { } org && LevelOfName(org) is { } fromSignature)
        {
            return new Sourced<string>(fromSignature, FieldSource.Signature, org);
        }

        // The unit named under the title (关于…的报告 / 县司法局 / （2024年1月15日）).
        if (byline is not null && LevelOfName(byline) is { } fromByline)
        {
            return new Sourced<string>(fromByline, FieldSource.Body, UnderTitle(byline));
        }

        // 3. The body: weighted self-references (我区, 全县, 区委、区政府…) and the lowest committee named.
        var votes = new Dictionary<string, (int Score, List<string> Evidence)>(StringComparer.Ordinal);
        foreach (var reference in departments.SelfReferences)
        {
            var perLevel = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (Match m in reference.Pattern.Matches(body))
            {
                var group = m.Groups["level"];
                if (departments.LevelOfPlaceWord(group.Value) is not { } level || departments.IsNotPlaceAt(body, m.Index + m.Length)
                    || departments.IsTailOfLongerPlaceWord(body, group.Index, group.Length))
                {
                    continue;
                }

                perLevel[level] = perLevel.GetValueOrDefault(level) + 1;
                if (perLevel[level] <= 3)
                {
                    Vote(votes, level, reference.Weight, m.Value);
                }
            }
        }

        var committees = Committee().Matches(body)
            .Where(m => !departments.IsTailOfLongerPlaceWord(body, m.Groups["level"].Index, m.Groups["level"].Length))
            .Select(m => (m.Value, Level: departments.LevelOfPlaceWord(m.Groups["level"].Value)))
            .Where(c => c.Level is not null)
            .ToList();
        if (committees.Count > 0)
        {
            var lowest = committees.MaxBy(c => Levels.Rank(c.Level!));
            Vote(votes, lowest.Level!, 1, $"lowest committee named: {lowest.Value}");
        }

        if (votes.Count == 0)
        {
            return Sourced<string>.None(Levels.Unknown);
        }

        var ranked = votes.OrderByDescending(v => v.Value.Score).ThenByDescending(v => Levels.Rank(v.Key)).ToList();
        var best = ranked[0];
        var evidence = string.Join("、", best.Value.Evidence.GroupBy(e => e).Select(g => g.Count() > 1 ? $"{g.Key}×{g.Count()}" : g.Key));
        if (ranked.Count > 1 && ranked[1].Value.Score == best.Value.Score)
        {
            evidence += $" (tied with {ranked[1].Key}; the lower level wins)";
        }

        return new Sourced<string>(best.Key, FieldSource.Body, evidence);
    }

    private static void Vote(Dictionary<string, (int Score, List<string> Evidence)> votes, string level, int weight, string evidence)
    {
        if (!votes.TryGetValue(level, out var v))
        {
            v = (0, []);
        }

        v.Evidence.Add(evidence);
        votes[level] = (v.Score + weight, v.Evidence);
    }

    private string? LevelOfNote(string note)
    {
        // （镇乡） / （乡镇） / （街道） / （县区）: the first place word in the note.
        for (var i = 0; i < note.Length; i++)
        {
            for (var length = Math.Min(5, note.Length - i); length >= 1; length--)
            {
                if (departments.LevelOfPlaceWord(note.Substring(i, length)) is { } level)
                {
                    return level;
                }
            }
        }

        return null;
    }

    // ---------------------------------------------------------------- department

    [GeneratedRegex(@"(我|本)(?<self>局|委|办|中心|院|馆|队|所|站)(?!员)")]
    private static partial Regex SelfReference();

    [GeneratedRegex(@"(?<name>(xx|XX|××|[\p{IsCJKUnifiedIdeographs}]{2,4}))(?<area>街道|镇|乡)(办事处|党工委|人民政府|政府|党委)?(上下|始终|坚持|在|严格|紧紧|认真|以|全面|深入|牢牢|聚焦|围绕|立足|持续|积极)")]
    private static partial Regex AreaSubject();

    private Sourced<string> Department(string title, string? unit, SignatureBlock? signature, string? byline, string body, string lead, string level)
    {
        // 1. The title: its unit (区财政局, 团区委, 公路街办, 镇) or a note naming an area (（街道）).
        if (unit is not null && departments.Match(unit) is { } fromUnit)
        {
            return new Sourced<string>(fromUnit.Department.Name, FieldSource.Title, Evidence(unit, fromUnit));
        }

        foreach (Match note in BracketNote().Matches(title))
        {
            if (LevelOfNote(note.Groups["note"].Value) is { } noteLevel && AreaGovernment(noteLevel) is { } area)
            {
                return new Sourced<string>(area.Name, FieldSource.Title, note.Value);
            }
        }

        // 2. The signature's organisation.
        if (signature?.Organization is { } org && departments.Match(org) is { } fromSignature)
        {
            return new Sourced<string>(fromSignature.Department.Name, FieldSource.Signature, Evidence(org, fromSignature));
        }

        if (byline is not null && departments.Match(byline) is { } fromByline)
        {
            return new Sourced<string>(fromByline.Department.Name, FieldSource.Body, UnderTitle(Evidence(byline, fromByline)));
        }

        // 3. The body naming the department with a place word of the report's level (区经信局将…),
        //    the most named one first; a superior body (省林业局 in a 州 report) does not count.
        var mentions = departments.FindPlacedMentions(body)
            .Where(m => level == Levels.Unknown || m.Level == level)
            .GroupBy(m => m.Department.Name)
            .Select(g => (Name: g.Key, Count: g.Count(), First: g.Min(m => m.Index), Text: g.First().PlaceWord + g.First().Alias))
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.First)
            .ToList();
        if (mentions.Count > 0)
        {
            var top = mentions[0];
            return new Sourced<string>(top.Name, FieldSource.Body, top.Count > 1 ? $"{top.Text}×{top.Count}" : top.Text);
        }

        // An area reporting on itself: 「XX镇坚持…」, 「全镇上下…」.
        if (level is Levels.Subdistrict or Levels.Town && AreaGovernment(level) is { } self
            && (AreaSubject().Match(lead) is { Success: true } subject))
        {
            return new Sourced<string>(self.Name, FieldSource.Body, subject.Value);
        }

        // 4. Inference from topic words, only for a report that calls itself 我局/我委…, and only when one
        //    department's words clearly dominate.
        if (SelfReference().Match(body) is { Success: true } selfRef && InferFromTopics(body, selfRef.Groups["self"].Value) is { } inferred)
        {
            return inferred;
        }

        return Sourced<string>.None(Levels.Unknown);
    }

    private static string Evidence(string name, UnitMatch match) =>
        match.Listed ? name : $"{name} (not in the department table: named as written)";

    private Department? AreaGovernment(string level) =>
        departments.Departments.FirstOrDefault(d => d.IsArea && d.Level == level);

    private Sourced<string>? InferFromTopics(string body, string selfWord)
    {
        var scored = new List<(Department Department, int Score, string Evidence)>();
        foreach (var d in departments.Departments)
        {
            if (d.Topics.IsEmpty || !d.Name.EndsWith(selfWord, StringComparison.Ordinal) && !(selfWord == "委" && d.Name.EndsWith("委员会", StringComparison.Ordinal)))
            {
                continue;
            }

            var score = 0;
            var evidence = new List<string>();
            foreach (var topic in d.Topics)
            {
                var count = Count(body, topic);
                if (count > 0)
                {
                    score += Math.Min(count, 5);
                    evidence.Add(count > 1 ? $"{topic}×{count}" : topic);
                }
            }

            if (score > 0)
            {
                scored.Add((d, score, string.Join("、", evidence)));
            }
        }

        if (scored.Count == 0)
        {
            return null;
        }

        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        var best = scored[0];
        var runnerUp = scored.Count > 1 ? scored[1].Score : 0;
        if (best.Score < MinTopicScore || best.Score < 2 * runnerUp)
        {
            return null;
        }

        return new Sourced<string>(best.Department.Name, FieldSource.Inferred, $"calls itself 我{selfWord}; topic words {best.Evidence}");
    }

    private static int Count(string text, string word)
    {
        var count = 0;
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + word.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    // ---------------------------------------------------------------- the rest

    private Sourced<string?> Organization(string? unit, SignatureBlock? signature, string? byline)
    {
        if (signature?.Organization is { } org)
        {
            return new Sourced<string?>(org, FieldSource.Signature);
        }

        if (byline is not null && departments.Match(byline) is { } named && named.Matched.Length < byline.Length)
        {
            return new Sourced<string?>(byline, FieldSource.Body, UnderTitle(byline));
        }

        // The title's unit names an organisation when it says more than the bare department or area
        // (区财政局, 公路街办 — not 镇 or 财政局 alone).
        return unit is not null && departments.Match(unit) is { } match && match.Matched.Length < unit.Length
            ? new Sourced<string?>(unit, FieldSource.Title)
            : Sourced<string?>.None(null);
    }

    [GeneratedRegex(@"(?<name>[\p{IsCJKUnifiedIdeographs}]{2,8}?(省|自治区|自治州|市|州|盟|地区|自治县|县|旗|区|街道|镇|乡))")]
    private static partial Regex PlaceName();

    private ImmutableArray<string> Regions(string? organization, string? unit)
    {
        var regions = new List<string>();
        foreach (var text in new[] { organization, unit })
        {
            if (text is null)
            {
                continue;
            }

            foreach (Match m in PlaceName().Matches(text))
            {
                var name = m.Groups["name"].Value;
                if (name.Length >= 3 && !departments.IsNotPlaceAt(name, name.Length) && !name.StartsWith('全') && !name.StartsWith('我')
                    && departments.Find(name) is null && !regions.Contains(name))
                {
                    regions.Add(name);
                }
            }
        }

        return [.. regions];
    }

    private static ImmutableArray<string> Kinds(string title)
    {
        var kinds = ImmutableArray.CreateBuilder<string>(2);
        if (TextPatterns.SummaryWord().IsMatch(title) || title.Contains("报告", StringComparison.Ordinal) || title.Contains("情况", StringComparison.Ordinal))
        {
            kinds.Add("总结");
        }

        if (TextPatterns.PlanWord().IsMatch(title))
        {
            kinds.Add("计划");
        }

        return kinds.ToImmutable();
    }

    [GeneratedRegex(@"[“""「](?<q>[^”""」]{2,16})[”""」]")]
    private static partial Regex Quoted();

    private ImmutableArray<string> Tags(string title)
    {
        var tags = new List<string>();
        foreach (Match m in Quoted().Matches(title))
        {
            var tag = string.Concat(m.Groups["q"].Value.Where(c => !char.IsPunctuation(c) && !char.IsWhiteSpace(c)));
            if (tag.Length >= 2 && !tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        foreach (var rule in rules.Tags)
        {
            if (rule.Pattern.IsMatch(title) && !tags.Contains(rule.Name))
            {
                tags.Add(rule.Name);
            }
        }

        return [.. tags];
    }

    private static string BodyText(ImmutableArray<Block> blocks)
    {
        var sb = new StringBuilder(BlockText.Length(blocks));
        foreach (var block in blocks)
        {
            var text = block switch
            {
                HeadingBlock h => h.Text,
                ParagraphBlock p => p.Text,
                BylineBlock y => string.Join('\n', y.Texts),
                _ => null,
            };
            if (text is not null)
            {
                sb.Append(text).Append('\n');
            }
        }

        return sb.ToString();
    }

    // The date a title ends with in brackets, when it gives the day: 县财政局2023年工作总结（2024年1月5日）.
    private static Sourced<DateOnly?> DateInTitle(string title)
    {
        var trimmed = title.TrimEnd();
        var open = trimmed.LastIndexOfAny(['（', '(']);
        if (open >= 0 && trimmed[^1] is '）' or ')'
            && TextPatterns.DateLine().Match(trimmed[(open + 1)..^1].Trim()) is { Success: true, Groups: var g } date && g["d"].Success
            && TextPatterns.ParseDate(date) is { } value)
        {
            return new Sourced<DateOnly?>(value, FieldSource.Title, trimmed[open..]);
        }

        return Sourced<DateOnly?>.None(null);
    }

    // The date of the byline under the title (<see cref="BylineLines"/>), when it gives the day.
    private Sourced<DateOnly?> DateUnderTitle(ImmutableArray<Block> blocks)
    {
        foreach (var line in LeadingTexts(blocks).Take(BylineLines.MaxLines))
        {
            var text = line.Trim();
            if (BylineLines.DateText(text) is { } dated && TextPatterns.DateLine().Match(dated) is { Success: true, Groups: var g } date && g["d"].Success
                && TextPatterns.ParseDate(date) is { } value)
            {
                return new Sourced<DateOnly?>(value, FieldSource.Body, UnderTitle(text));
            }

            // Only the unit's own name may stand above the date.
            if (!_bylines.NamesUnitAlone(text))
            {
                break;
            }
        }

        return Sourced<DateOnly?>.None(null);
    }

    /// <summary>
    /// The unit a byline names under the title, alone or with the date (关于…的报告 / 县司法局 /
    /// （2024年1月15日）, or （县统计局 2024年1月5日）), perhaps with the post and name of the one who reports
    /// (县民政局局长 张三).
    /// </summary>
    private string? BylineUnit(ImmutableArray<Block> blocks)
    {
        foreach (var line in LeadingTexts(blocks).Take(BylineLines.MaxLines))
        {
            var text = BylineLines.BeforeDate(line.Trim()) ?? line.Trim();
            if (text.Length == 0)
            {
                continue; // a date alone
            }

            return _bylines.NamesUnitAlone(text) ? _bylines.UnitOf(text) : null;
        }

        return null;
    }

    // The level a unit's or an organisation's name carries: its department's, or its last place word's (XX市XX区发展和改革局 → 区).
    private string? LevelOfName(string name) => departments.Match(name)?.Level ?? departments.LastPlaceLevel(name, name.Length);

    // Evidence read from the byline under the title (the theme words it: 标题下的“…”).
    private static string UnderTitle(string text) => $"{text} under the title";

    // The first lines under the title: the byline's, then the paragraphs, up to anything else.
    private static IEnumerable<string> LeadingTexts(ImmutableArray<Block> blocks)
    {
        foreach (var block in blocks)
        {
            if (block is BylineBlock byline)
            {
                foreach (var text in byline.Texts)
                {
                    yield return text;
                }
            }
            else if (block is ParagraphBlock paragraph)
            {
                yield return paragraph.Text;
            }
            else
            {
                yield break;
            }
        }
    }

    // The opening of the body (first two paragraphs), where a report says what period it covers.
    private static string LeadText(ImmutableArray<Block> blocks) =>
        string.Join('\n', blocks.SelectMany(b => b switch { BylineBlock y => y.Texts, ParagraphBlock p => [p.Text], _ => [] })
            .Take(2).Select(p => p.Length > 300 ? p[..300] : p));
}
