using System.Collections.Immutable;
using System.Text;

namespace Archive.Ingest.Reading;

/// <summary>
/// Decides how a text file is encoded from its bytes alone (never from its name): a byte-order
/// mark, else valid UTF-8, else valid GB18030 (which covers GBK and GB2312), else UTF-8 with the
/// damaged bytes replaced when the damage is small (a truncated last character), else not text.
/// </summary>
public static class TextDecoder
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
    private static readonly Encoding LenientUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: false);
    private static readonly Lazy<Encoding> StrictGb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>Decodes <paramref name="bytes"/>; returns null with a reason when they are not text.</summary>
    public static (string? Text, string Encoding, ImmutableArray<string> Warnings, string? NotText) Decode(ReadOnlySpan<byte> bytes)
    {
        // Not "\xEF\xBB\xBF"u8: in a C# string \xEF is the character U+00EF, which u8 encodes as two bytes.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return FromUtf8(bytes[3..], "utf-8-bom");
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return (Encoding.Unicode.GetString(bytes[2..]), "utf-16le", [], null);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be", [], null);
        }

        if (bytes.IndexOf((byte)0) >= 0)
        {
            return (null, "binary", [], "contains NUL bytes: not a text file (UTF-16 needs a byte-order mark)");
        }

        return FromUtf8(bytes, "utf-8");
    }

    private static (string? Text, string Encoding, ImmutableArray<string> Warnings, string? NotText) FromUtf8(ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            return Checked(StrictUtf8.GetString(bytes), name, []);
        }
        catch (DecoderFallbackException)
        {
            // Not valid UTF-8: try GB18030 next.
        }

        // Small damage in otherwise valid UTF-8 (a cut-off last character, a flipped byte) is UTF-8:
        // decoding it as GB18030 would turn the whole file into nonsense.
        var validTail = bytes.Length - TrailingIncompleteUtf8(bytes);
        if (validTail < bytes.Length && IsValidUtf8(bytes[..validTail]))
        {
            return Checked(StrictUtf8.GetString(bytes[..validTail]), name, [$"truncated UTF-8: the last {bytes.Length - validTail} byte(s) are an incomplete character and were dropped"]);
        }

        // A flipped byte or two in UTF-8 text (text with real multi-byte characters) stays UTF-8. More
        // damage than that, or "damage" in text with hardly any valid multi-byte character (GBK bytes
        // among ASCII), is more likely a GB18030/GBK file, which strict decoding confirms.
        var text = LenientUtf8.GetString(bytes);
        var replaced = 0;
        var multiByte = 0;
        foreach (var c in text)
        {
            if (c == '\uFFFD')
            {
                replaced++;
            }
            else if (c > '\u007F')
            {
                multiByte++;
            }
        }

        if (replaced <= 3 && replaced * 1000 <= text.Length && multiByte >= 10 * replaced)
        {
            return Checked(text, name, [$"invalid UTF-8: {replaced} damaged byte sequence(s) replaced by U+FFFD"]);
        }

        try
        {
            return Checked(StrictGb18030.Value.GetString(bytes), "gb18030", []);
        }
        catch (DecoderFallbackException)
        {
            // Not GB18030 either.
        }

        if (replaced * 100 <= text.Length)
        {
            return Checked(text, name, [$"invalid UTF-8: {replaced} damaged byte sequence(s) replaced by U+FFFD"]);
        }

        return (null, "unknown", [], "neither UTF-8 nor GB18030 text (unknown encoding or binary data)");
    }

    private static (string? Text, string Encoding, ImmutableArray<string> Warnings, string? NotText) Checked(string text, string encoding, ImmutableArray<string> warnings)
    {
        var control = 0;
        foreach (var c in text)
        {
            if ((c < ' ' && c is not '\t' and not '\n' and not '\r' and not '\f') || c == '\u007F')
            {
                control++;
            }
        }

        if (control > 0 && control * 100 > text.Length)
        {
            return (null, encoding, warnings, $"{control} control characters: binary data, not text");
        }

        return (text, encoding, warnings, null);
    }

    private static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    // Length of an incomplete multi-byte UTF-8 sequence at the very end (0 if none).
    private static int TrailingIncompleteUtf8(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // continuation byte: keep looking for the lead byte
            }

            var need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return need > back ? back : 0;
        }

        return 0;
    }
}
