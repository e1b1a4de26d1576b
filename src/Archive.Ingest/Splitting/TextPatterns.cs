using System.Text.RegularExpressions;

namespace Archive.Ingest.Splitting;

/// <summary>Shapes of lines that every stage agrees on: dates, signatures, sentence ends, outline markers.</summary>
public static partial class TextPatterns
{
    /// <summary>
    /// A date line such as <c>2023年10月19日</c> (or …19号), <c>二〇二三年十月十九日</c>, or in digits with one separator
    /// throughout: <c>2023.12.25</c>, <c>2023/12/25</c>, <c>2023-12-25</c>.
    /// </summary>
    [GeneratedRegex(@"^(?:(?<y>(19|20)\d{2}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(?<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*((?<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])?|(?<y>(19|20)\d{2})\s*(?<sep>[./\-－])\s*(?<m>\d{1,2})\s*\k<sep>\s*(?<d>\d{1,2})\s*[日号]?)$")]
    public static partial Regex DateLine();

    /// <summary>Characters that end a sentence or a clause cleanly.</summary>
    public const string ClosingPunctuation = "。！？；：…!?;:”’」』》";

    /// <summary>Sentence-ending punctuation inside a line (a heading has none).</summary>
    public const string SentenceStops = "。！？；!?;";

    /// <summary>Outline markers: 一、 / （一） / 1. 1、 / （1） or 1） before Chinese text, captured as level 1 to 4.</summary>
    [GeneratedRegex(@"^(?:(?<l1>[一二三四五六七八九十百]+\s*(?:、|[．.](?![0-9])))|(?<l2>[（(]\s*[一二三四五六七八九十百]+\s*[)）]\s*[、．.]?)|(?<l3>\d{1,2}\s*(?:、|[．.](?![0-9])))|(?<l4>[（(]\s*\d{1,2}\s*[)）]\s*[、．.]?|\d{1,2}\s*[)）](?=\s*\p{IsCJKUnifiedIdeographs})))")]
    public static partial Regex OutlineMarker();

    /// <summary>
    /// The addressee line that opens an official report under its title: 县委： / 县委、县政府： /
    /// 尊敬的各位领导、同志们： (a short line of words ending with a colon, no other punctuation).
    /// </summary>
    [GeneratedRegex(@"^[\p{IsCJKUnifiedIdeographs}xX×*＊、·]{2,30}[：:]$")]
    public static partial Regex Salutation();

    /// <summary>Words of a report on work done: 总结 / 小结 / 汇报 / 述职.</summary>
    [GeneratedRegex(@"总结|小结|汇报|述职")]
    public static partial Regex SummaryWord();

    /// <summary>Words of a plan: 计划 / 思路 / 安排 / 打算 / 谋划 / 要点 / 举措.</summary>
    [GeneratedRegex(@"计划|思路|安排|打算|谋划|要点|举措")]
    public static partial Regex PlanWord();

    /// <summary>Enumerated lead-ins that stay paragraphs: 一是… 二是…, 第一，…</summary>
    [GeneratedRegex(@"^([一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，、,是]|其[一二三四五六七八九十]+[，、,是])")]
    public static partial Regex LeadIn();

    /// <summary>A year in digits (2023) or Chinese numerals (二〇二三, 一九九八), without the 年.</summary>
    public const string YearNumber = @"(?:(?:19|20)\d{2}|一九[〇零○Ｏ一二三四五六七八九]{2}|二[〇零○Ｏ][〇零○Ｏ一二三四五六七八九]{2})";

    /// <summary>A year the distributor masked: 20xx / 20XX / xxxx / ××××, without the 年.</summary>
    public const string MaskedYear = @"(?:(?:19|20)[xX×]{2}|[xX×]{4})";

    /// <summary>A year as written in titles and text: 2023年 or 二〇二三年 (or the school year 2023—2024学年 ends in).</summary>
    [GeneratedRegex(@"(?<![\d〇零○Ｏ一二三四五六七八九十])(?<year>" + YearNumber + @")\s*学?年")]
    public static partial Regex Year();

    /// <summary>
    /// The unit named at the head of a title (group <c>unit</c>): 区财政局2023年… / 商务局关于… / 公路街办2023年… /
    /// 关于区财政局2023年… / 区审计局2022—2023年… / 县教育局2023—2024学年…, perhaps with another name in
    /// brackets after it (县教育局（县体育局）2023年…). A year in Chinese numerals (二〇二三年度…) is no unit.
    /// </summary>
    [GeneratedRegex(@"^(?:关于\s*)?(?!" + YearNumber + @")(?<unit>[^\d（(“""《]{1,24}?)(?:\s*[（(][^（()）\d]{1,12}[)）]\s*)?(关于|" + YearNumber + @"(\s*[-—–－~至到]\s*" + YearNumber + @")?\s*学?年|" + MaskedYear + @"\s*年|上半年|下半年|前三季度|第?[一二三四]季度|年度|工作)")]
    public static partial Regex LeadingUnit();

    /// <summary>The time a title may start with: 2023年 / 2023年度 / 2024年上半年 / 2023年第三季度 / 2023年1-9月.</summary>
    [GeneratedRegex(@"^" + YearNumber + @"(\s*[-—–－~至到]\s*" + YearNumber + @")?\s*年\s*度?\s*(上半年|下半年|前三季度|全年|第?[一二三四1-4]\s*季度|(\d{1,2}\s*[-—－至~]\s*)?\d{1,2}\s*月份?)?\s*")]
    public static partial Regex LeadingTime();

    /// <summary>A unit named after a dash at the end of a title (group <c>unit</c>): 2023年度工作总结-县审计局 / …——XX街道.</summary>
    public const string UnitAfterDash = @"[-—－–]{1,2}\s*(?<unit>[\p{IsCJKUnifiedIdeographs}xX×]{2,20})";

    /// <summary>The value of a year matched by <see cref="YearNumber"/>.</summary>
    public static int ParseYear(string year) => ParseNumber(year, isYear: true) ?? throw new FormatException($"not a year: {year}");

    /// <summary>A number from 1 to 99 written in digits or Chinese numerals (3, 十, 十二, 二十三).</summary>
    public static int ParseNumeral(string text) => ParseNumber(text, isYear: false) ?? throw new FormatException($"not a number: {text}");

    /// <summary>Converts a date written with Chinese numerals or digits.</summary>
    public static DateOnly? ParseDate(Match m)
    {
        var y = ParseNumber(m.Groups["y"].Value, isYear: true);
        var mo = ParseNumber(m.Groups["m"].Value, isYear: false);
        var d = m.Groups["d"].Success ? ParseNumber(m.Groups["d"].Value, isYear: false) : 1;
        if (y is null or < 1900 or > 2100 || mo is null or < 1 or > 12 || d is null or < 1)
        {
            return null;
        }

        return d > DateTime.DaysInMonth(y.Value, mo.Value) ? null : new DateOnly(y.Value, mo.Value, d.Value);
    }

    private static int? ParseNumber(string s, bool isYear)
    {
        if (int.TryParse(s, out var n))
        {
            return n;
        }

        const string digits = "〇一二三四五六七八九";
        if (isYear)
        {
            var value = 0;
            foreach (var c in s)
            {
                var d = c is '零' or '○' or 'Ｏ' ? 0 : digits.IndexOf(c);
                if (d < 0)
                {
                    return null;
                }

                value = value * 10 + d;
            }

            return value;
        }

        // 十, 十二, 二十, 二十三
        var ten = s.IndexOf('十');
        if (ten < 0)
        {
            return s.Length == 1 && digits.IndexOf(s[0]) > 0 ? digits.IndexOf(s[0]) : null;
        }

        var tens = ten == 0 ? 1 : digits.IndexOf(s[0]);
        var ones = ten == s.Length - 1 ? 0 : digits.IndexOf(s[^1]);
        return tens < 1 || ones < 0 ? null : tens * 10 + ones;
    }

    /// <summary>Whether the text ends with punctuation that closes a sentence or clause.</summary>
    public static bool EndsClosed(string text) =>
        text.Length > 0 && ClosingPunctuation.Contains(text[^1], StringComparison.Ordinal);

    /// <summary>Whether the text has sentence-ending punctuation anywhere.</summary>
    public static bool HasSentenceStop(string text) => text.AsSpan().IndexOfAny(SentenceStops) >= 0;
}
