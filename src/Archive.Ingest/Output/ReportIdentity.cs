using System.Buffers;
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

    public static string Id(string title, string bodyText) => Id(title, [bodyText]);

    /// <summary>The id of a report whose body is <paramref name="bodyParts"/> concatenated (its lines), reading only its opening.</summary>
    public static string Id(string title, IEnumerable<string> bodyParts)
    {
        var body = Normalise(bodyParts, BodyPrefixLength);
        var key = body.Length >= MinBodyForId ? "b:" + body : "t:" + Normalise(title, int.MaxValue) + "\n" + body;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..IdLength];
    }

    /// <summary>SHA-256 (hex) over the report's whole normalised text: changes whenever its words do.</summary>
    public static string ContentHash(string title, string markdown)
    {
        // The UTF-8 of title + "\n" + markdown, encoded piece by piece into one pooled buffer.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(title.Length + 1 + markdown.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(title, buffer);
            buffer[length++] = (byte)'\n';
            length += Encoding.UTF8.GetBytes(markdown, buffer.AsSpan(length));
            return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Letters and digits only, lower-cased, at most <paramref name="max"/> of them.</summary>
    public static string Normalise(string text, int max) => Normalise([text], max);

    // The same over the concatenation of parts, without building it: a surrogate pair split between
    // two parts is put together again.
    private static string Normalise(IEnumerable<string> parts, int max)
    {
        var sb = new StringBuilder(Math.Min(max, 512));
        Span<char> lower = stackalloc char[2];
        var pendingHigh = '\0';
        foreach (var part in parts)
        {
            var text = part.AsSpan();
            if (text.IsEmpty)
            {
                continue;
            }

            if (pendingHigh != '\0')
            {
                if (char.IsLowSurrogate(text[0]))
                {
                    if (!Add(new Rune(pendingHigh, text[0]), sb, lower, max))
                    {
                        return sb.ToString();
                    }

                    text = text[1..];
                }
                else if (sb.Length >= max)
                {
                    return sb.ToString(); // a lone high surrogate: not a letter
                }

                pendingHigh = '\0';
            }

            if (!text.IsEmpty && char.IsHighSurrogate(text[^1]))
            {
                pendingHigh = text[^1];
                text = text[..^1];
            }

            while (!text.IsEmpty)
            {
                Rune.DecodeFromUtf16(text, out var rune, out var consumed);
                if (!Add(rune, sb, lower, max))
                {
                    return sb.ToString();
                }

                text = text[consumed..];
            }
        }

        return sb.ToString();
    }

    // Appends a letter or digit, lower-cased; false when the text is already long enough.
    private static bool Add(Rune rune, StringBuilder sb, Span<char> lower, int max)
    {
        if (sb.Length >= max)
        {
            return false;
        }

        if (Rune.IsLetterOrDigit(rune))
        {
            sb.Append(lower[..Rune.ToLowerInvariant(rune).EncodeToUtf16(lower)]);
        }

        return true;
    }
}
