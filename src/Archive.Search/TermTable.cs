using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Archive.Search;

/// <summary>
/// Term → term index, assigning indexes 0, 1, 2… in order of first lookup, without allocating on
/// lookups. Tokens of one or two UTF-16 units (every BMP Han bigram, i.e. nearly all tokens) live
/// in an open-addressing table of ulongs holding the two units in the low half and index + 1 in the
/// high half, so a lookup touches one cache line; longer tokens use an ordinal dictionary.
/// Tokens never contain U+0000, so the packed units are unique and never 0 (0 marks an empty slot).
/// </summary>
internal sealed class TermTable
{
    private ulong[] slots = new ulong[1 << 16];
    private int shortCount;

    private readonly Dictionary<string, int> longTerms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> longLookup;

    public TermTable() => longLookup = longTerms.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The terms by index.</summary>
    public List<string> Terms { get; } = [];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: skip tier-0 on the one-shot build
    public int GetOrAdd(ReadOnlySpan<char> token)
    {
        if (token.Length > 2)
        {
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(longLookup, token, out var exists);
            if (!exists)
            {
                index = Add(token);
            }

            return index;
        }

        var key = token.Length == 2 ? token[0] | ((uint)token[1] << 16) : token[0];
        var mask = slots.Length - 1;
        for (var slot = Slot(key, mask); ; slot = (slot + 1) & mask)
        {
            var entry = slots[slot];
            if ((uint)entry == key)
            {
                return (int)(entry >> 32) - 1;
            }

            if (entry == 0)
            {
                var index = Add(token);
                slots[slot] = ((ulong)(index + 1) << 32) | key;
                if (++shortCount * 2 > slots.Length)
                {
                    Grow();
                }

                return index;
            }
        }
    }

    private int Add(ReadOnlySpan<char> token)
    {
        Terms.Add(token.ToString());
        return Terms.Count - 1;
    }

    private static int Slot(uint key, int mask) => (int)((key * 0x9E3779B97F4A7C15UL) >> 40) & mask; // Fibonacci hashing

    private void Grow()
    {
        var old = slots;
        slots = new ulong[old.Length * 2];
        var mask = slots.Length - 1;
        foreach (var entry in old)
        {
            if (entry != 0)
            {
                var slot = Slot((uint)entry, mask);
                while (slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                slots[slot] = entry;
            }
        }
    }
}
