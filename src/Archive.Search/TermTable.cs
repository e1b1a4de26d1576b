using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Archive.Search;

/// <summary>
/// What <see cref="LunrIndexBuilder.Add"/> keeps per term, in one 16-byte slot so that a token
/// touches one cache line: with ~10⁶ terms every separate per-term array (term frequencies,
/// posting counts) cost a cache miss per token.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TermSlot
{
    /// <summary>Short terms: the packed UTF-16 units (0 marks an empty slot). Unused for long terms.</summary>
    public uint Key;

    /// <summary>The term index (lunr's posting <c>_index</c>), in order of first appearance.</summary>
    public int Term;

    /// <summary>The number of document fields holding the term (lunr's documentsWithTerm, summed over fields).</summary>
    public int Postings;

    /// <summary>The builder's running number of the term's latest field entry; -1 if none. See LunrIndexBuilder.</summary>
    public int LastEntry;
}

/// <summary>
/// Term → <see cref="TermSlot"/>, assigning term indexes 0, 1, 2… in order of first lookup, without
/// allocating on lookups. Tokens of one or two UTF-16 units (every BMP Han bigram, i.e. nearly all
/// tokens) live in an open-addressing table keyed by the two units packed into a uint; longer
/// tokens use an ordinal dictionary. Tokens never contain U+0000, so the packed units are unique
/// and never 0. The terms' text is kept in one char array (no string per term).
/// </summary>
internal sealed class TermTable
{
    private TermSlot[] slots = new TermSlot[1 << 16];
    private int shift = 64 - 16; // Fibonacci hashing: the top log2(slots.Length) bits of key * 2⁶⁴/φ
    private int shortCount;

    private readonly Dictionary<string, int> longTerms = new(StringComparer.Ordinal); // term → index in longSlots
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> longLookup;
    private TermSlot[] longSlots = new TermSlot[64];

    private char[] chars = new char[1 << 16];
    private int charCount;
    private int[] starts = new int[1 << 16]; // term t is chars[starts[t] .. starts[t + 1]]

    public TermTable() => longLookup = longTerms.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The number of terms.</summary>
    public int Count { get; private set; }

    /// <summary>The text of term <paramref name="term"/>.</summary>
    public ReadOnlySpan<char> this[int term]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => chars.AsSpan(starts[term], (term + 1 < Count ? starts[term + 1] : charCount) - starts[term]);
    }

    /// <summary>The slot of <paramref name="token"/>, added (Postings 0, LastEntry -1) if new. Valid until the next call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TermSlot GetOrAdd(ReadOnlySpan<char> token)
    {
        if (token.Length > 2)
        {
            return ref GetOrAddLong(token);
        }

        return ref GetOrAddShort(ShortKey(token));
    }

    /// <summary>The key of a token of one or two UTF-16 units: the units packed, first low.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ShortKey(ReadOnlySpan<char> token) => token.Length == 2 ? token[0] | ((uint)token[1] << 16) : token[0];

    /// <summary>Asks the CPU to fetch the slot where the short token with <paramref name="key"/> is (or would go).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchShort(uint key) => Prefetch.Read(ref slots[Slot(key)]);

    /// <summary>The slot of the short token with <paramref name="key"/> (see <see cref="ShortKey"/>), added if new. Valid until the next call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TermSlot GetOrAddShort(uint key)
    {
        var table = slots;
        var mask = table.Length - 1;
        for (var slot = Slot(key); ; slot = (slot + 1) & mask)
        {
            ref var entry = ref table[slot];
            if (entry.Key == key)
            {
                return ref entry;
            }

            if (entry.Key == 0)
            {
                return ref AddShort(key);
            }
        }
    }

    /// <summary>Sets every slot's <see cref="TermSlot.LastEntry"/> to -1 (the builder renumbers its entries).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ResetLastEntries()
    {
        foreach (ref var slot in slots.AsSpan())
        {
            slot.LastEntry = -1;
        }

        foreach (ref var slot in longSlots.AsSpan(0, longTerms.Count))
        {
            slot.LastEntry = -1;
        }
    }

    /// <summary>Postings per term (documentsWithTerm), indexed by term.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int[] PostingsByTerm()
    {
        var postings = LargeArrays.Zeroed<int>(Count);
        foreach (var slot in slots)
        {
            if (slot.Key != 0)
            {
                postings[slot.Term] = slot.Postings;
            }
        }

        foreach (var slot in longSlots.AsSpan(0, longTerms.Count))
        {
            postings[slot.Term] = slot.Postings;
        }

        return postings;
    }

    /// <summary>
    /// The terms in the order of <c>Object.keys(invertedIndex).sort()</c>: by UTF-16 code units,
    /// i.e. ordinal. Each is sortKey &lt;&lt; 32 | term index, where the sort key of a term of one
    /// or two units is first unit &lt;&lt; 16 | second unit (0 if none, which sorts a one-unit term
    /// before its extensions) and that of a longer term is 0 (its text is in the table).
    /// Short terms are radix-sorted by key, long ones sorted as strings, and the lists merged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong[] SortedTerms()
    {
        var shortTerms = LargeArrays.Uninitialized<ulong>(shortCount);
        var n = 0;
        foreach (var slot in slots)
        {
            if (slot.Key != 0)
            {
                var sortKey = slot.Key <= 0xFFFF ? slot.Key << 16 : (slot.Key << 16) | (slot.Key >> 16);
                shortTerms[n++] = ((ulong)sortKey << 32) | (uint)slot.Term;
            }
        }

        RadixSortByHighHalf(shortTerms);

        var longCount = longTerms.Count;
        var longTexts = new string[longCount];
        var longIndexes = new int[longCount];
        n = 0;
        foreach (var (text, at) in longTerms)
        {
            longTexts[n] = text;
            longIndexes[n++] = longSlots[at].Term;
        }

        Array.Sort(longTexts, longIndexes, StringComparer.Ordinal);

        var sorted = LargeArrays.Uninitialized<ulong>(Count);
        int s = 0, l = 0, o = 0;
        while (s < shortTerms.Length && l < longCount)
        {
            sorted[o++] = ShortPrecedes((uint)(shortTerms[s] >> 32), longTexts[l]) ? shortTerms[s++] : (uint)longIndexes[l++];
        }

        while (s < shortTerms.Length)
        {
            sorted[o++] = shortTerms[s++];
        }

        while (l < longCount)
        {
            sorted[o++] = (uint)longIndexes[l++];
        }

        return sorted;
    }

    /// <summary>Sorts by the high 32 bits (distinct): LSD radix, 11 bits a pass, skipping passes where all agree.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RadixSortByHighHalf(ulong[] values)
    {
        const int DigitBits = 11;
        const int Mask = (1 << DigitBits) - 1;
        var source = values;
        var target = LargeArrays.Uninitialized<ulong>(values.Length);
        var counts = new int[1 << DigitBits];
        for (var shift = 32; shift < 64; shift += DigitBits)
        {
            Array.Clear(counts);
            foreach (var value in source)
            {
                counts[(int)(value >> shift) & Mask]++;
            }

            if (counts[(int)(source.Length > 0 ? (source[0] >> shift) & Mask : 0)] == source.Length)
            {
                continue; // one digit for all: this pass would not move anything
            }

            var sum = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                (counts[i], sum) = (sum, sum + counts[i]);
            }

            foreach (var value in source)
            {
                target[counts[(int)(value >> shift) & Mask]++] = value;
            }

            (source, target) = (target, source);
        }

        if (source != values)
        {
            source.CopyTo(values, 0);
        }
    }

    /// <summary>Whether the short term with sort key (first unit &lt;&lt; 16 | second unit or 0) sorts before the longer term.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ShortPrecedes(uint sortKey, string longTerm)
    {
        var first = (char)(sortKey >> 16);
        if (first != longTerm[0])
        {
            return first < longTerm[0];
        }

        var second = (char)sortKey;
        return second <= longTerm[1]; // equal (or no second unit): the short term is a prefix, so first
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ref TermSlot AddShort(uint key)
    {
        if ((shortCount + 1) * 2 > slots.Length)
        {
            Grow();
            return ref GetOrAddShort(key); // the table moved: probe again (the token is still new)
        }

        var mask = slots.Length - 1;
        var slot = Slot(key);
        while (slots[slot].Key != 0)
        {
            slot = (slot + 1) & mask;
        }

        shortCount++;
        ref var entry = ref slots[slot];
        Span<char> token = [(char)key, (char)(key >> 16)];
        entry = new TermSlot { Key = key, Term = AddText(token[..(key > 0xFFFF ? 2 : 1)]), Postings = 0, LastEntry = -1 };
        return ref entry;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ref TermSlot GetOrAddLong(ReadOnlySpan<char> token)
    {
        ref var at = ref CollectionsMarshal.GetValueRefOrAddDefault(longLookup, token, out var exists);
        if (!exists)
        {
            at = longTerms.Count - 1;
            if (at == longSlots.Length)
            {
                Array.Resize(ref longSlots, longSlots.Length * 2);
            }

            longSlots[at] = new TermSlot { Term = AddText(token), Postings = 0, LastEntry = -1 };
        }

        return ref longSlots[at];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int AddText(ReadOnlySpan<char> token)
    {
        if (Count == starts.Length)
        {
            Array.Resize(ref starts, starts.Length * 2);
        }

        while (charCount + token.Length > chars.Length)
        {
            Array.Resize(ref chars, chars.Length * 2);
        }

        starts[Count] = charCount;
        token.CopyTo(chars.AsSpan(charCount));
        charCount += token.Length;
        return Count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(uint key) => (int)((key * 0x9E3779B97F4A7C15UL) >> shift);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        var old = slots;
        slots = LargeArrays.Zeroed<TermSlot>(old.Length * 2);
        shift--;
        var mask = slots.Length - 1;
        foreach (var entry in old)
        {
            if (entry.Key != 0)
            {
                var slot = Slot(entry.Key);
                while (slots[slot].Key != 0)
                {
                    slot = (slot + 1) & mask;
                }

                slots[slot] = entry;
            }
        }
    }
}
