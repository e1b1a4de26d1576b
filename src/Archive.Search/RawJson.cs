using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Archive.Search;

/// <summary>
/// A growable UTF-8 buffer into which a segment of the index's JSON is formatted by hand: the
/// millions of term indexes, scores and posting entries are written here byte by byte, without
/// culture lookups, format strings or per-value allocations. Strings are escaped exactly as
/// <see cref="Utf8JsonWriter"/> would escape them with <see cref="Encoder"/>.
/// </summary>
internal sealed class RawJson
{
    /// <summary>
    /// Escapes HTML-sensitive characters (&lt; &gt; &amp; ' + `), controls and non-BMP characters,
    /// so the JSON is safe inside &lt;script&gt; or an attribute, but writes CJK text as is rather
    /// than as \uXXXX (half the size). Not UnsafeRelaxedJsonEscaping.
    /// </summary>
    public static JavaScriptEncoder Encoder { get; } = JavaScriptEncoder.Create(UnicodeRanges.All);

    /// <summary>
    /// Bit c is set when the BMP character c (not a surrogate) is written as its plain UTF-8 bytes
    /// by <see cref="Encoder"/>, i.e. <c>!Encoder.WillEncode(c)</c>. A string made of such
    /// characters only is copied as UTF-8; any other goes through the encoder.
    /// </summary>
    private static readonly ulong[] PlainBmp = BuildPlainBmp();

    /// <summary>".d", ".dd" or ".ddd" for fractions 1 … 999 (thousandths, trailing zeros dropped), little-endian; 0 for 0.</summary>
    private static readonly uint[] Fractions = BuildFractions();

    /// <summary>The same followed by ',' (just "," for 0), little-endian.</summary>
    private static readonly ulong[] FractionsAndComma = BuildFractionsAndComma();

    private byte[] buffer;

    public RawJson(int capacity = 1 << 16) => buffer = LargeArrays.Uninitialized<byte>(capacity);

    /// <summary>The bytes written so far; formatters that reserve room write into <see cref="Buffer"/> and set it.</summary>
    public int Length { get; set; }

    /// <summary>The underlying array (replaced when it grows: read it after <see cref="Reserve"/>).</summary>
    public byte[] Buffer => buffer;

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

    /// <summary>Per-buffer scratch for the formatter (a field's entries, sorted): buffers are used by one thread at a time.</summary>
    public long[] Scratch { get; set; } = [];

    public void Clear() => Length = 0;

    /// <summary>The UTF-8 bytes of <c>"name":</c>, escaped.</summary>
    public static byte[] PropertyName(string name) => [.. StringBytes(name), (byte)':'];

    /// <summary>The UTF-8 bytes of the JSON string <paramref name="value"/>, quotes included.</summary>
    public static byte[] StringBytes(ReadOnlySpan<char> value)
    {
        var bytes = new byte[MaxStringBytes(value.Length)];
        return bytes[..WriteString(bytes, 0, value)];
    }

    /// <summary>The most bytes <see cref="AppendString"/> writes for <paramref name="length"/> UTF-16 units.</summary>
    public static int MaxStringBytes(int length) => (length * 6) + 2; // each unit escaped as \uXXXX at worst

    /// <summary>Makes room for <paramref name="count"/> more bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Reserve(int count)
    {
        if (buffer.Length - Length < count)
        {
            Grow(count);
        }
    }

    public void Append(byte value)
    {
        Reserve(1);
        buffer[Length++] = value;
    }

    public void Append(ReadOnlySpan<byte> value)
    {
        Reserve(value.Length);
        value.CopyTo(buffer.AsSpan(Length));
        Length += value.Length;
    }

    public void AppendInteger(long value)
    {
        Reserve(20);
        var at = Length;
        if (value < 0)
        {
            buffer[at++] = (byte)'-';
            Length = WriteInteger(buffer, at, (ulong)-value); // long.MinValue: -value wraps to 2⁶³, which is right as ulong
            return;
        }

        Length = WriteInteger(buffer, at, (ulong)value);
    }

    /// <summary>
    /// Appends <paramref name="thousandths"/> / 1000, for an integral double, exactly as JavaScript's
    /// <c>JSON.stringify</c> prints the quotient (lunr stores scores as Math.round(score * 1000) / 1000).
    /// See <see cref="WriteThousandths"/>.
    /// </summary>
    public void AppendThousandths(double thousandths)
    {
        Reserve(MaxNumberBytes);
        Length = WriteThousandths(buffer, Length, thousandths);
    }

    /// <summary>The most bytes <see cref="WriteThousandths"/> writes ("-1.7976931348623157e+308" is 24).</summary>
    public const int MaxNumberBytes = 32;

    /// <summary>
    /// Appends a JSON string, escaped as <see cref="Utf8JsonWriter"/> escapes it with <see cref="Encoder"/>.
    /// <paramref name="value"/> must not hold lone surrogates (the encoder would write U+FFFD for them,
    /// the fast path could not).
    /// </summary>
    public void AppendString(ReadOnlySpan<char> value)
    {
        Reserve(MaxStringBytes(value.Length));
        Length = WriteString(buffer, Length, value);
    }

    /// <summary>Writes <paramref name="value"/> as a JSON string at <paramref name="at"/>; room for <see cref="MaxStringBytes"/> is the caller's job.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteString(byte[] buffer, int at, ReadOnlySpan<char> value)
    {
        // Fast path: Han bigrams and other plain text are their UTF-8 bytes between quotes.
        var plain = PlainBmp;
        foreach (var c in value)
        {
            if ((plain[c >> 6] & (1UL << c)) == 0)
            {
                return WriteEscapedString(buffer, at, value);
            }
        }

        buffer[at++] = (byte)'"';
        if (value.Length == 2 && value[0] >= 0x800 && value[1] >= 0x800)
        {
            // Two three-byte characters (every BMP Han bigram), hand-encoded.
            WriteThreeByteUtf8(buffer, at, value[0]);
            WriteThreeByteUtf8(buffer, at + 3, value[1]);
            at += 6;
        }
        else
        {
            at += Encoding.UTF8.GetBytes(value, buffer.AsSpan(at));
        }

        buffer[at++] = (byte)'"';
        return at;
    }

    private static void WriteThreeByteUtf8(byte[] buffer, int at, char c)
    {
        buffer[at] = (byte)(0xE0 | (c >> 12));
        buffer[at + 1] = (byte)(0x80 | ((c >> 6) & 0x3F));
        buffer[at + 2] = (byte)(0x80 | (c & 0x3F));
    }

    private static int WriteEscapedString(byte[] buffer, int at, ReadOnlySpan<char> value)
    {
        var utf8Length = Encoding.UTF8.GetByteCount(value);
        var utf8 = ArrayPool<byte>.Shared.Rent(utf8Length);
        try
        {
            Encoding.UTF8.GetBytes(value, utf8);
            buffer[at++] = (byte)'"';
            var status = Encoder.EncodeUtf8(utf8.AsSpan(0, utf8Length), buffer.AsSpan(at), out _, out var written);
            if (status != OperationStatus.Done)
            {
                throw new InvalidOperationException($"Could not escape {value}: {status}.");
            }

            at += written;
            buffer[at++] = (byte)'"';
            return at;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Writes the decimal digits of <paramref name="value"/> at <paramref name="at"/> (room for 20 is the caller's job); returns the new end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteInteger(byte[] buffer, int at, ulong value)
    {
        if (value < 10)
        {
            buffer[at] = (byte)('0' + value);
            return at + 1;
        }

        _ = buffer[at + CountDigits(value) - 1]; // bounds check once, then unchecked stores
        return WriteUInt64(ref MemoryMarshal.GetArrayDataReference(buffer), at, value);
    }

    /// <summary>Writes the decimal digits of <paramref name="value"/> with unchecked stores; returns the new end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WriteUInt64(ref byte output, int at, ulong value)
    {
        if (value <= uint.MaxValue)
        {
            return WriteUInt32(ref output, at, (uint)value);
        }

        // At most 20 digits: peel off 9 at a time into the uint path, zero-padded below the top.
        Span<uint> parts = stackalloc uint[3];
        var count = 0;
        while (value > uint.MaxValue)
        {
            (value, var low) = Math.DivRem(value, 1_000_000_000UL);
            parts[count++] = (uint)low;
        }

        at = WriteUInt32(ref output, at, (uint)value);
        while (count > 0)
        {
            var part = parts[--count];
            for (var i = at + 8; i >= at; i--)
            {
                Unsafe.Add(ref output, i) = (byte)('0' + (part % 10));
                part /= 10;
            }

            at += 9;
        }

        return at;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WriteUInt32(ref byte output, int at, uint value)
    {
        var end = at + CountDigits(value);
        var i = end;
        ref var pairs = ref MemoryMarshal.GetReference(DigitPairs);
        while (value >= 100)
        {
            var (quotient, remainder) = Math.DivRem(value, 100);
            i -= 2;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, i), Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref pairs, (int)remainder * 2)));
            value = quotient;
        }

        if (value >= 10)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, i - 2), Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref pairs, (int)value * 2)));
        }
        else
        {
            Unsafe.Add(ref output, i - 1) = (byte)('0' + value);
        }

        return end;
    }

    /// <summary>The number of decimal digits of <paramref name="value"/> (1 for 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CountDigits(ulong value) =>
        value <= uint.MaxValue ? CountDigits((uint)value)
        : value < 10_000_000_000UL ? 10
        : 10 + CountDigits(value / 10_000_000_000UL);

    /// <summary>The number of decimal digits of <paramref name="value"/> (1 for 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CountDigits(uint value)
    {
        // Lemire's method ("computing the number of digits of an integer even faster", 2021), as
        // System.Buffers.Text uses it: one table load indexed by log2, one add, one shift.
        ReadOnlySpan<long> table =
        [
            4294967296, 8589934582, 8589934582, 8589934582, 12884901788, 12884901788, 12884901788,
            17179868184, 17179868184, 17179868184, 21474826480, 21474826480, 21474826480, 21474826480,
            25769703776, 25769703776, 25769703776, 30063771072, 30063771072, 30063771072, 34349738368,
            34349738368, 34349738368, 34349738368, 38554705664, 38554705664, 38554705664, 41949672960,
            41949672960, 41949672960, 42949672960, 42949672960,
        ];
        return (int)((value + table[(int)uint.Log2(value)]) >> 32);
    }

    /// <summary>
    /// Writes <paramref name="thousandths"/> / 1000 as JavaScript's <c>JSON.stringify</c> does (room
    /// for <see cref="MaxNumberBytes"/> is the caller's job); returns the new end.
    /// </summary>
    /// <remarks>
    /// <para>
    /// lunr stores a score as <c>Math.round(score * 1000) / 1000</c>: for the integral
    /// k = <paramref name="thousandths"/> the value written is q = fl(k / 1000), the double
    /// nearest to the real k / 1000, and JSON.stringify prints it as <c>Number::toString(q)</c>:
    /// the shortest digit string s (fewest significant digits; among those, the closest to q)
    /// that reads back as q, laid out in plain decimal notation when 10⁻⁶ ≤ |q| &lt; 10²¹.
    /// </para>
    /// <para>
    /// Claim: for |k| &lt; 10¹⁵ that string is the decimal expansion of k / 1000 itself, trailing
    /// zeros dropped, i.e. the integer k / 1000, then (when k mod 1000 ≠ 0) '.' and the three
    /// digits of |k| mod 1000 without trailing zeros: 1200 → "1.2", 5 → "0.005", 12000 → "12",
    /// -500 → "-0.5", 0 → "0" (also for -0: JSON.stringify(-0) is "0").
    /// </para>
    /// <para>
    /// Proof. (1) r = k / 1000 has at most 15 significant digits, since |k| &lt; 10¹⁵; and r reads
    /// back as q by definition of q, so r is a candidate and the shortest one has at most as
    /// many digits. (2) No other decimal r′ ≠ r with at most 15 significant digits reads back as
    /// q: let E = ⌊log₁₀ min(|r|, |r′|)⌋. Both are integer multiples of 10^(E−14) (each has at
    /// most 15 significant digits, the leading one at 10^E or above), so
    /// |r − r′| ≥ 10^(E−14) &gt; 10⁻¹⁵ · min(|r|, |r′|). But if both round to q, both lie in q's
    /// rounding interval, which is at most one ulp wide, and ulp(q) ≤ 2⁻⁵² |q|, so
    /// |r − r′| ≤ 2⁻⁵² (1 + 2⁻⁵²) min(|r|, |r′|) &lt; 2.3 · 10⁻¹⁶ · min(|r|, |r′|): a contradiction.
    /// So s is r's digits, and unique (no tie to break). (3) For k ≠ 0, 10⁻³ ≤ |q| &lt; 10¹², inside
    /// the plain-notation range, where Number::toString writes the digits with the decimal point
    /// in place ("0." and zeros first when |q| &lt; 1, no exponent). Both sides print the same. ∎
    /// </para>
    /// <para>
    /// Outside that range (never for realistic scores: they are a few units times the boosts),
    /// and for NaN and ±∞ (which JSON.stringify writes as null), <see cref="JsSemantics.NumberToString"/>
    /// lays out .NET's shortest round-trip digits as JavaScript does.
    /// Tests check all of this against double.ToString("R") and against node itself.
    /// </para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteThousandths(byte[] buffer, int at, double thousandths)
    {
        if (thousandths is >= 0 and < 1e15)
        {
            var k = (ulong)thousandths;
            var whole = k / 1000;
            var fraction = (uint)(k - (whole * 1000));
            at = WriteInteger(buffer, at, whole);
            if (fraction != 0)
            {
                var packed = Fractions[fraction];
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(at, 4), packed);
                at += 4 - (BitOperations.LeadingZeroCount(packed) >> 3);
            }

            return at;
        }

        return WriteThousandthsSlow(buffer, at, thousandths);
    }

    private static int WriteThousandthsSlow(byte[] buffer, int at, double thousandths)
    {
        if (thousandths is < 0 and > -1e15)
        {
            buffer[at++] = (byte)'-';
            return WriteThousandths(buffer, at, -thousandths);
        }

        var value = thousandths / 1000;
        var text = double.IsFinite(value) ? JsSemantics.NumberToString(value) : "null";
        return at + Encoding.ASCII.GetBytes(text, buffer.AsSpan(at));
    }

    private void Grow(int count) =>
        Array.Resize(ref buffer, (int)Math.Min(Array.MaxLength, Math.Max((long)buffer.Length * 2, (long)Length + count)));

    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    private static ulong[] BuildPlainBmp()
    {
        var bits = new ulong[65536 / 64];
        for (var c = 0; c < 65536; c++)
        {
            if (!char.IsSurrogate((char)c) && !Encoder.WillEncode(c))
            {
                bits[c >> 6] |= 1UL << c;
            }
        }

        return bits;
    }

    /// <summary>
    /// Writes <paramref name="thousandths"/> / 1000 as <see cref="WriteThousandths"/> does, for
    /// thousandths &lt; 10¹⁵, then a comma, with unchecked stores (8-byte ones: room for
    /// <see cref="MaxNumberBytes"/> + 8 is the caller's job). Little-endian only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteThousandthsAndComma(ref byte output, int at, ulong thousandths)
    {
        var whole = thousandths / 1000;
        var fraction = (int)(thousandths - (whole * 1000));
        if (whole < 10)
        {
            Unsafe.Add(ref output, at++) = (byte)('0' + (int)whole);
        }
        else if (whole < 100)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, at), Unsafe.ReadUnaligned<ushort>(in DigitPairs[(int)whole * 2]));
            at += 2;
        }
        else
        {
            at = WriteUInt64(ref output, at, whole);
        }

        var packed = FractionsAndComma[fraction];
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, at), packed);
        return at + 8 - (BitOperations.LeadingZeroCount(packed) >> 3);
    }

    private static ulong[] BuildFractionsAndComma()
    {
        var table = new ulong[1000];
        for (var f = 0; f < 1000; f++)
        {
            var text = (f == 0 ? "" : $".{f:000}".TrimEnd('0')) + ",";
            ulong packed = 0;
            for (var i = text.Length - 1; i >= 0; i--)
            {
                packed = (packed << 8) | text[i];
            }

            table[f] = packed;
        }

        return table;
    }

    private static uint[] BuildFractions()
    {
        var table = new uint[1000];
        for (var f = 1; f < 1000; f++)
        {
            var digits = $".{f:000}".TrimEnd('0');
            uint packed = 0;
            for (var i = digits.Length - 1; i >= 0; i--)
            {
                packed = (packed << 8) | digits[i];
            }

            table[f] = packed;
        }

        return table;
    }
}
