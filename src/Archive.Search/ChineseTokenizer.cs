using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Archive.Search;

/// <summary>Receives one token at a time; the span is only valid during the call.</summary>
public delegate void TokenAction(ReadOnlySpan<char> token);

/// <summary>Receives one token at a time; the span is only valid during the call.</summary>
public interface ITokenSink
{
    void OnToken(scoped ReadOnlySpan<char> token);
}

/// <summary>
/// Tokenizer for mixed Chinese/Latin text. The browser uses the same algorithm
/// (theme/assets/js/tokenizer.js); both are checked against
/// tests/fixtures/search/tokenizer-vectors.json, so change them together.
/// <list type="number">
/// <item>Lone surrogates and U+FFFE become U+FFFD, then the text is NFKC-normalised
/// (full-width letters and digits become ASCII).</item>
/// <item>A run of Han code points (<see cref="IsHan"/>) yields its overlapping bigrams
/// (一个中心 → 一个, 个中, 中心); a run of one Han code point yields that code point.</item>
/// <item>A run of other letters, marks and numbers (Unicode categories L*, M*, N*)
/// yields one word, lower-cased code point by code point with the invariant simple
/// case mapping (a mapping to more than one code point, i.e. U+0130, keeps the code point).</item>
/// <item>Anything else separates runs.</item>
/// </list>
/// </summary>
public static class ChineseTokenizer
{
    /// <summary>Han code-point ranges; tokenizer.js has the same list.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsHan(int codePoint) =>
        codePoint is >= 0x4E00 and <= 0x9FFF                 // Unified Ideographs (first: nearly every Han character)
        || codePoint == 0x3007                               // 〇
        || codePoint is >= 0x3400 and <= 0x4DBF              // Extension A
        || codePoint is >= 0xF900 and <= 0xFAFF              // Compatibility Ideographs
        || codePoint is >= 0x20000 and <= 0x2FA1F            // Extensions B–F, I, Compatibility Supplement
        || codePoint is >= 0x30000 and <= 0x323AF;           // Extensions G–H

    /// <summary>Returns the tokens of <paramref name="text"/> in order (duplicates kept).</summary>
    public static IReadOnlyList<string> Tokenize(string? text)
    {
        var sink = new ListSink(new List<string>());
        Tokenize(text, ref sink);
        return sink.Tokens;
    }

    /// <summary>Streams the tokens of <paramref name="text"/> without allocating a string per token.</summary>
    public static void Tokenize(string? text, TokenAction onToken)
    {
        ArgumentNullException.ThrowIfNull(onToken);
        var sink = new DelegateSink(onToken);
        Tokenize(text, ref sink);
    }

    /// <summary>
    /// Streams the tokens of <paramref name="text"/> into a sink; with a struct sink the calls are
    /// not virtual. This is the core used by <see cref="LunrIndexBuilder"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: skip tier-0 on the one-shot build
    public static void Tokenize<TSink>(string? text, ref TSink sink)
        where TSink : ITokenSink, allows ref struct
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        char[]? rented = null;
        try
        {
            TokenizeNormalized(Normalize(text, ref rented), ref sink);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: skip tier-0 on the one-shot build
    private static void TokenizeNormalized<TSink>(scoped ReadOnlySpan<char> s, ref TSink sink)
        where TSink : ITokenSink, allows ref struct
    {
        Span<char> word = stackalloc char[128];
        var i = 0;
        while (i < s.Length)
        {
            var cp = ReadCodePoint(s, i, out var width);
            if (IsHan(cp))
            {
                // Han run: emit overlapping bigrams straight from the normalised text
                // (no case mapping applies to Han).
                var prevStart = i;
                i += width;
                var emitted = false;
                while (i < s.Length)
                {
                    if (s[i] is >= '\u4E00' and <= '\u9FFF')
                    {
                        width = 1; // the common case, without decoding
                    }
                    else if (!IsHan(ReadCodePoint(s, i, out width)))
                    {
                        break;
                    }

                    sink.OnToken(s[prevStart..(i + width)]);
                    emitted = true;
                    prevStart = i;
                    i += width;
                }

                if (!emitted)
                {
                    sink.OnToken(s[prevStart..i]);
                }
            }
            else if (IsWordCodePoint(cp))
            {
                // Word run: collect, lower-cased, into a scratch buffer.
                var length = 0;
                do
                {
                    var lower = ToLower(cp);
                    var needed = lower > 0xFFFF ? 2 : 1;
                    if (length + needed > word.Length)
                    {
                        var bigger = new char[word.Length * 2];
                        word[..length].CopyTo(bigger);
                        word = bigger;
                    }

                    length += new Rune(lower).EncodeToUtf16(word[length..]);
                    i += width;
                    if (i >= s.Length)
                    {
                        break;
                    }

                    cp = ReadCodePoint(s, i, out width);
                }
                while (!IsHan(cp) && IsWordCodePoint(cp));

                sink.OnToken(word[..length]);
            }
            else
            {
                i += width;
            }
        }
    }

    /// <summary>
    /// Lone surrogates and U+FFFE → U+FFFD (normalisation throws on them; both are separators
    /// either way), then NFKC, into a buffer rented from the shared pool (<paramref name="rented"/>,
    /// for the caller to return) rather than a new string.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<char> Normalize(string text, scoped ref char[]? rented)
    {
        var span = text.AsSpan();

        // ASCII is already NFKC; skip the ICU call for it.
        if (!span.ContainsAnyExceptInRange('\0', '\u007F'))
        {
            return span;
        }

        if (span.ContainsAnyInRange('\uD800', '\uDFFF') || span.Contains('\uFFFE'))
        {
            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(chars[i]) || chars[i] == '\uFFFE')
                {
                    chars[i] = '\uFFFD';
                }
            }

            span = chars;
        }

        // NFKC may lengthen the text (U+FDFA becomes 18 characters); usually it does not.
        rented = ArrayPool<char>.Shared.Rent(Math.Max(256, span.Length + (span.Length / 4)));
        if (!span.TryNormalize(rented, out var written, NormalizationForm.FormKC))
        {
            ArrayPool<char>.Shared.Return(rented);
            rented = ArrayPool<char>.Shared.Rent(span.GetNormalizedLength(NormalizationForm.FormKC));
            if (!span.TryNormalize(rented, out written, NormalizationForm.FormKC))
            {
                throw new InvalidOperationException("NFKC normalisation did not fit its own length.");
            }
        }

        return rented.AsSpan(0, written);
    }

    /// <summary>Whether <paramref name="text"/> has a surrogate that is not part of a pair.</summary>
    internal static bool HasLoneSurrogate(string text)
    {
        for (var i = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0 && i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadCodePoint(ReadOnlySpan<char> s, int i, out int width)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, s[i + 1]);
        }

        width = 1;
        return c; // lone surrogates were replaced during normalisation
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsWordCodePoint(int cp)
    {
        if (cp < 0x80)
        {
            return (uint)((cp | 0x20) - 'a') <= 'z' - 'a' || (uint)(cp - '0') <= 9;
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(cp))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Invariant simple lower-case mapping of one code point (U+0130 stays U+0130).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ToLower(int cp)
    {
        if (cp < 0x80)
        {
            return (uint)(cp - 'A') <= 'Z' - 'A' ? cp | 0x20 : cp;
        }

        return Rune.ToLowerInvariant(new Rune(cp)).Value;
    }

    private readonly struct ListSink(List<string> tokens) : ITokenSink
    {
        public List<string> Tokens { get; } = tokens;

        public void OnToken(scoped ReadOnlySpan<char> token) => Tokens.Add(token.ToString());
    }

    private readonly struct DelegateSink(TokenAction action) : ITokenSink
    {
        public void OnToken(scoped ReadOnlySpan<char> token) => action(token);
    }
}
