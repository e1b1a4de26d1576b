using System.Text;

namespace Archive.Site.Rendering;

/// <summary>Text safe for XML 1.0: characters XML forbids (stray control characters in bad input) are dropped.</summary>
public static class XmlSafe
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var ok = true;
        foreach (var c in text)
        {
            if (!IsValid(c))
            {
                ok = false;
                break;
            }
        }

        if (ok)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (IsValid(c) && !char.IsSurrogate(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool IsValid(char c) =>
        c is '\t' or '\n' or '\r' || (c >= ' ' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD') || char.IsSurrogate(c);
}
