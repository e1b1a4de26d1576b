using System.Text.RegularExpressions;
using Archive.Ingest.Rules;
using Archive.Ingest.Splitting;

namespace Archive.Ingest.Structure;

/// <summary>
/// The byline some reports carry under the title, read the same by structure (which sets it apart)
/// and metadata (which reads its date and unit): a date, perhaps in brackets, perhaps after the unit
/// (（2023年12月20日） / （县统计局 2024年1月5日） / 县司法局 （2024年1月15日） / 县林业局 2024年1月9日); the unit alone, perhaps with the
/// post and name of the one who reports (县司法局 / 县民政局局长 张三); or a speech's subtitle opening with
/// its day (——2024年1月8日在XX县第十八届人民代表大会第三次会议上).
/// </summary>
public sealed partial class BylineLines(DepartmentTable departments)
{
    /// <summary>At most this many lines under the title make a byline.</summary>
    public const int MaxLines = 2;

    /// <summary>Whether a line under the title is a byline's: a date, a unit, or a dated subtitle.</summary>
    public bool IsBylineLine(string text)
    {
        text = text.Trim();
        return DateText(text) is not null || NamesUnitAlone(text);
    }

    /// <summary>The date as a byline line writes it (perhaps after the unit, or in a subtitle), or null.</summary>
    public static string? DateText(string text) =>
        BylineDate(text) is { } date ? date.Value
        : SubtitleDate().Match(text) is { Success: true } said ? said.Groups["date"].Value
        : null;

    /// <summary>What stands before the date on a byline line (（县统计局 2024年1月5日） → 县统计局), or null.</summary>
    public static string? BeforeDate(string text) =>
        BylineDate(text) is { } date ? text[..date.Index].Trim().Trim('（', '(').Trim() : null;

    // The date group of a byline line (a date, perhaps in brackets, perhaps after the unit), or null.
    private static Group? BylineDate(string text) =>
        Byline().Match(text) is { Success: true } m && TextPatterns.DateLine().IsMatch(m.Groups["date"].Value) ? m.Groups["date"] : null;

    /// <summary>Whether a line is a unit's name alone (县司法局), perhaps with a post and a name (县民政局局长 张三).</summary>
    public bool NamesUnitAlone(string text) =>
        text.Length is > 0 and <= 24 && !TextPatterns.HasSentenceStop(text) && text[^1] is not ('：' or ':') && NamesUnit(text);

    /// <summary>The unit such a line names (县民政局局长 张三 → 县民政局).</summary>
    public string UnitOf(string text)
    {
        var space = text.LastIndexOf(' ');
        return departments.Match(text) is not null || space < 0 ? text : departments.WithoutPost(text[..space].TrimEnd());
    }

    private bool NamesUnit(string text)
    {
        if (departments.Match(text) is not null)
        {
            return true;
        }

        var space = text.LastIndexOf(' ');
        return space > 0 && PersonName().IsMatch(text.AsSpan(space + 1))
            && departments.Match(departments.WithoutPost(text[..space].TrimEnd())) is not null;
    }

    // A speech's subtitle opening with the day it was given: ——2024年1月8日在XX县第十八届人民代表大会第三次会议上.
    [GeneratedRegex(@"^(?:——|—|－－|--)\s*(?<date>(?:(?:19|20)\d{2}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])(?=\s*在)")]
    private static partial Regex SubtitleDate();

    // A person's name after the unit and post in a byline: 张三 / 欧阳晓明.
    [GeneratedRegex(@"^\p{IsCJKUnifiedIdeographs}{2,4}$")]
    private static partial Regex PersonName();

    // （2023年12月20日） / （县统计局 2024年1月5日） / 县司法局 （2024年1月15日） / 县林业局 2024年1月9日.
    [GeneratedRegex(@"^(?:(?:[^（()）\s\d]{2,24}\s*)?[（(]\s*(?:[^（()）\s\d]{2,24}\s+)?(?<date>[^（()）]{6,20}?)\s*[)）]|(?:[^（()）\s\d]{2,24}\s+)?(?<date>[^（()）\s][^（()）]{5,19}?))$")]
    private static partial Regex Byline();
}
