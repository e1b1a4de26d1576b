using System.Buffers;
using System.Collections.Immutable;
using System.Text;

namespace Archive.Ingest.Reading;

/// <summary>
/// Decides how a text file is encoded from its bytes alone (never from its name): a byte-order
/// mark, else valid UTF-8, else UTF-8 with the damaged bytes replaced when the damage is small (a
/// truncated last character, a flipped byte in text full of valid UTF-8), else valid GB18030 (which
/// covers GBK and GB2312), else line by line (a file joined from UTF-8 and GB18030 parts, or GB18030
/// with a damaged line), else not text. Every guess short of clean decoding comes with a warning.
/// </summary>
public static class TextDecoder
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
    private static readonly Encoding LenientUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: false);
    private static readonly Lazy<Encoding> StrictGb18030 = new(() =>
        CodePages.Get("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback));

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
            return FromUtf16(bytes[2..], bigEndian: false);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return FromUtf16(bytes[2..], bigEndian: true);
        }

        if (bytes.IndexOf((byte)0) >= 0)
        {
            return (null, "binary", [], "contains NUL bytes: not a text file (UTF-16 needs a byte-order mark)");
        }

        return FromUtf8(bytes, "utf-8");
    }

    /// <summary>
    /// UTF-16 after its byte-order mark. Damage is decoded as U+FFFD, as the decoder does, but said:
    /// an odd byte count (a truncated last character) and unpaired surrogates (a damaged or cut pair).
    /// </summary>
    private static (string? Text, string Encoding, ImmutableArray<string> Warnings, string? NotText) FromUtf16(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        var name = bigEndian ? "utf-16be" : "utf-16le";
        var text = (bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(bytes);
        var warnings = ImmutableArray.CreateBuilder<string>(2);
        if (bytes.Length % 2 != 0)
        {
            warnings.Add("truncated: an odd number of bytes after the UTF-16 byte-order mark; the last byte was replaced by U+FFFD");
        }

        // The units, as decoded: a lone surrogate became U+FFFD in the text at the same position.
        var units = bytes.Length / 2;
        var (unpaired, first) = (0, -1);
        for (var i = 0; i < units; i++)
        {
            var unit = bigEndian ? (bytes[2 * i] << 8) | bytes[(2 * i) + 1] : bytes[2 * i] | (bytes[(2 * i) + 1] << 8);
            if (char.IsHighSurrogate((char)unit) && i + 1 < units)
            {
                var next = bigEndian ? (bytes[(2 * i) + 2] << 8) | bytes[(2 * i) + 3] : bytes[(2 * i) + 2] | (bytes[(2 * i) + 3] << 8);
                if (char.IsLowSurrogate((char)next))
                {
                    i++;
                    continue;
                }
            }

            if (char.IsSurrogate((char)unit))
            {
                unpaired++;
                first = first < 0 ? i : first;
            }
        }

        if (unpaired > 0 && unpaired * 100L > units)
        {
            // Random bytes after FF FE: one unit in 32 is a surrogate, nearly all of them unpaired.
            return (null, name, [], $"{unpaired} unpaired UTF-16 surrogates in {units} units: binary data behind a byte-order mark, not text");
        }

        if (unpaired > 0)
        {
            var line = 1 + text.AsSpan(0, Math.Min(first, text.Length)).Count('\n');
            warnings.Add($"invalid UTF-16: {unpaired} unpaired surrogate(s) (the first on line {line}), replaced by U+FFFD");
        }

        return Checked(text, name, warnings.ToImmutable());
    }

    private static (string? Text, string Encoding, ImmutableArray<string> Warnings, string? NotText) FromUtf8(ReadOnlySpan<byte> bytes, string name)
    {
        // Most files are valid UTF-8: validated while transcoded, in one pass.
        if (StrictUtf8Text(bytes) is { } valid)
        {
            return Checked(valid, name, []);
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
        // (Each damaged sequence becomes at least one U+FFFD, so more than three of them rule this out
        // without decoding the whole file leniently, which is slow for a GB18030 file.)
        string? text = null;
        var replaced = 0;
        if (InvalidUtf8Sequences(bytes, stopAfter: 4) <= 3)
        {
            text = LenientUtf8.GetString(bytes);
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
        }

        try
        {
            return Checked(StrictGb18030.Value.GetString(bytes), "gb18030", []);
        }
        catch (DecoderFallbackException)
        {
            // Not GB18030 either.
        }

        // A file put together from UTF-8 and GB18030 parts (or GB18030 with a damaged byte): decode line
        // by line. Line breaks are safe to cut at, since 0x0A and 0x0D never occur inside a UTF-8 or
        // GB18030 multi-byte character.
        if (ByLine(bytes, name) is { } mixed)
        {
            return mixed;
        }

        if (text is null)
        {
            text = LenientUtf8.GetString(bytes);
            replaced = text.AsSpan().Count('\uFFFD');
        }

        if (replaced * 100 <= text.Length)
        {
            return Checked(text, name, [$"invalid UTF-8: {replaced} damaged byte sequence(s) replaced by U+FFFD"]);
        }

        return (null, "unknown", [], "neither UTF-8 nor GB18030 text, not even line by line (unknown encoding or binary data)");
    }

    private static (string? Text, string Encoding, ImmutableArray<string> Warnings, string? NotText)? ByLine(ReadOnlySpan<byte> bytes, string name)
    {
        var sb = new StringBuilder(bytes.Length);
        int line = 1, gbLines = 0, utf8Lines = 0, damagedLines = 0, firstGb = 0, firstDamaged = 0;
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] is not (byte)'\n' and not (byte)'\r')
            {
                continue;
            }

            var segment = bytes[start..i];
            if (System.Text.Unicode.Utf8.IsValid(segment))
            {
                // Short GBK text can be valid UTF-8 too (目录 is C4 BF C2 BC, UTF-8 for Ŀ¼): when both
                // decodings are valid, take the one that reads as Chinese text.
                var decoded = StrictUtf8.GetString(segment);
                if (decoded.Any(c => c > '\u007F') && TryGb18030(segment) is { } gb && Implausible(gb) < Implausible(decoded))
                {
                    sb.Append(gb);
                    gbLines++;
                    firstGb = firstGb == 0 ? line : firstGb;
                }
                else
                {
                    sb.Append(decoded);
                    utf8Lines += decoded.Any(c => c > '\u007F') ? 1 : 0;
                }
            }
            else if (LooksLikeDamagedUtf8(segment, out var lenient))
            {
                sb.Append(lenient);
                damagedLines++;
                firstDamaged = firstDamaged == 0 ? line : firstDamaged;
            }
            else
            {
                try
                {
                    sb.Append(StrictGb18030.Value.GetString(segment));
                    gbLines++;
                    firstGb = firstGb == 0 ? line : firstGb;
                }
                catch (DecoderFallbackException)
                {
                    sb.Append(lenient);
                    damagedLines++;
                    firstDamaged = firstDamaged == 0 ? line : firstDamaged;
                }
            }

            if (i < bytes.Length)
            {
                sb.Append((char)bytes[i]);
                if (bytes[i] == '\n' || i + 1 >= bytes.Length || bytes[i + 1] != '\n')
                {
                    line++;
                }
            }

            start = i + 1;
        }

        if (gbLines == 0 || damagedLines > Math.Max(3, line / 100))
        {
            return null;
        }

        var warnings = ImmutableArray.CreateBuilder<string>(2);
        if (utf8Lines > 0)
        {
            warnings.Add($"mixed encodings: {gbLines} line(s) are GB18030 (the first is line {firstGb}), {utf8Lines} UTF-8; each line was decoded on its own");
        }

        if (damagedLines > 0)
        {
            warnings.Add($"invalid bytes: {damagedLines} line(s) (the first is line {firstDamaged}) had damaged byte sequences, replaced by U+FFFD");
        }

        return Checked(sb.ToString(), utf8Lines > 0 ? $"{name}+gb18030" : "gb18030", warnings.ToImmutable());
    }

    private static string? TryGb18030(ReadOnlySpan<byte> segment)
    {
        try
        {
            return StrictGb18030.Value.GetString(segment);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // Characters unusual in Chinese text: not ASCII, CJK, CJK or general punctuation, full-width forms,
    // circled or Roman numbers, or the few Latin-1 signs Chinese text uses (· ×).
    private static int Implausible(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            var usual = c <= '\u007F' || c is '\u00B7' or '\u00D7'
                || c is >= '\u2000' and <= '\u206F' or >= '\u2160' and <= '\u218F' or >= '\u2460' and <= '\u24FF'
                || c is >= '\u25A0' and <= '\u25FF' or >= '\u3000' and <= '\u303F' or >= '\u3400' and <= '\u4DBF'
                || c is >= '\u4E00' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF';
            count += usual ? 0 : 1;
        }

        return count;
    }

    // A line of UTF-8 with a damaged byte or two, rather than a line in another encoding.
    private static bool LooksLikeDamagedUtf8(ReadOnlySpan<byte> segment, out string lenient)
    {
        lenient = LenientUtf8.GetString(segment);
        int replaced = 0, multiByte = 0;
        foreach (var c in lenient)
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

        return replaced <= 3 && multiByte >= 10 * replaced;
    }

    // Control characters that do not occur in text (tab, line endings and form feed do).
    private static readonly SearchValues<char> ControlChars = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    private static (string? Text, string Encoding, ImmutableArray<string> Warnings, string? NotText) Checked(string text, string encoding, ImmutableArray<string> warnings)
    {
        if (text.AsSpan().IndexOfAny(ControlChars) < 0)
        {
            return (text, encoding, warnings, null);
        }

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

    private const int OnePassLimit = 16 * 1024 * 1024;

    // The text of valid UTF-8, or null at its first invalid sequence: one vectorised pass that checks
    // and transcodes (Encoding.GetString counts the characters in a pass of its own first).
    private static string? StrictUtf8Text(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > OnePassLimit)
        {
            // A big file: a buffer as long as its bytes would be twice their size in memory; decoding
            // through the character count allocates only the text.
            return IsValidUtf8(bytes) ? StrictUtf8.GetString(bytes) : null;
        }

        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length)); // never more UTF-16 units than UTF-8 bytes
        try
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes, buffer, out _, out var written, replaceInvalidSequences: false);
            return status == System.Buffers.OperationStatus.Done ? new string(buffer, 0, written) : null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    // How many damaged sequences lenient decoding would replace, counting no further than stopAfter.
    private static int InvalidUtf8Sequences(ReadOnlySpan<byte> bytes, int stopAfter)
    {
        Span<char> buffer = stackalloc char[2048];
        var count = 0;
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes, buffer, out var read, out _, replaceInvalidSequences: false);
            bytes = bytes[read..];
            if (status is OperationStatus.InvalidData or OperationStatus.NeedMoreData)
            {
                Rune.DecodeFromUtf8(bytes, out _, out var bad);
                bytes = bytes[Math.Max(1, bad)..];
                if (++count >= stopAfter)
                {
                    break;
                }
            }
        }

        return count;
    }

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
