using System.Security.Cryptography;
using System.Text;
using Archive.Core;

namespace Archive.Ingest.Output;

/// <summary>
/// Step 11, stable ids: a report's id (also its URL slug) derives from the report's own words, never
/// from file names, file order or build order, so adding, removing or renaming other files (or this
/// one) never moves it. The id is 10 hex digits of SHA-256 over the opening of the body with
/// punctuation, spacing and case removed, so a re-encoded copy, a copy with other line breaks or a
/// copy under another title is the same report. A report too short to be told by its body alone is
/// told by its title and body together. Nothing rule-dependent (year, department…) enters the id, so
/// improving the extraction rules never moves a URL either.
/// </summary>
public static class ReportIdentity
{
    /// <summary>Normalised characters of the body that identify a report.</summary>
    public const int BodyPrefixLength = 400;

    /// <summary>Below this many normalised body characters, the title takes part in the id.</summary>
    public const int MinBodyForId = 120;

    /// <summary>Hex digits in an id (40 bits: a collision is unlikely below millions of reports).</summary>
    public const int IdLength = 10;

    public static string Id(string title, string bodyText)
    {
        var body = Normalise(bodyText, BodyPrefixLength);
        var key = body.Length >= MinBodyForId ? "b:" + body : "t:" + Normalise(title, int.MaxValue) + "\n" + body;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..IdLength];
    }

    /// <summary>SHA-256 (hex) over the report's whole normalised text: changes whenever its words do.</summary>
    public static string ContentHash(string title, string markdown) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(title + "\n" + markdown)));

    /// <summary>Letters and digits only, lower-cased, at most <paramref name="max"/> of them.</summary>
    public static string Normalise(string text, int max)
    {
        var sb = new StringBuilder(Math.Min(text.Length, max));
        foreach (var rune in text.EnumerateRunes())
        {
            if (sb.Length >= max)
            {
                break;
            }

            if (Rune.IsLetterOrDigit(rune))
            {
                sb.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }

        return sb.ToString();
    }
}
