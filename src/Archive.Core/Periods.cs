namespace Archive.Core;

/// <summary>Reporting periods. Codes are stable identifiers; labels are for display.</summary>
public static class Periods
{
    public const string Annual = "annual";
    public const string H1 = "H1";
    public const string H2 = "H2";
    public const string Q1 = "Q1";
    public const string Q2 = "Q2";
    public const string Q3 = "Q3";
    public const string Q4 = "Q4";
    public const string Q1ToQ3 = "Q1-Q3";
    public const string Unknown = "unknown";

    /// <summary>All codes in display order.</summary>
    public static IReadOnlyList<string> All { get; } = [Annual, H1, H2, Q1, Q2, Q3, Q4, Q1ToQ3, Unknown];

    public static string Label(string code) => code switch
    {
        Annual => "全年",
        H1 => "上半年",
        H2 => "下半年",
        Q1 => "第一季度",
        Q2 => "第二季度",
        Q3 => "第三季度",
        Q4 => "第四季度",
        Q1ToQ3 => "前三季度",
        _ => "未知",
    };

    public static string Slug(string code) => code.ToLowerInvariant();

    public static bool IsKnown(string code) => All.Contains(code, StringComparer.Ordinal);
}
