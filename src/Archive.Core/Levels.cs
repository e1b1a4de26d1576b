namespace Archive.Core;

/// <summary>Administrative levels a report can belong to, from the highest to the lowest.</summary>
public static class Levels
{
    public const string Province = "省";
    public const string City = "市";
    public const string County = "县";
    public const string District = "区";
    public const string Subdistrict = "街道";
    public const string Town = "镇";
    public const string Unknown = "未知";

    /// <summary>All levels in display order (highest first), <see cref="Unknown"/> last.</summary>
    public static IReadOnlyList<string> All { get; } = [Province, City, County, District, Subdistrict, Town, Unknown];

    /// <summary>Rank used for "lowest mentioned" comparisons; larger is lower in the hierarchy.</summary>
    public static int Rank(string level) => level switch
    {
        Province => 0,
        City => 1,
        County => 2,
        District => 2,
        Subdistrict => 3,
        Town => 3,
        _ => -1,
    };

    /// <summary>Stable ASCII slug for URLs.</summary>
    public static string Slug(string level) => level switch
    {
        Province => "province",
        City => "city",
        County => "county",
        District => "district",
        Subdistrict => "subdistrict",
        Town => "town",
        _ => "unknown",
    };
}
