using System.Runtime.InteropServices;

namespace Archive.Search;

/// <summary>
/// Term → term index, assigning indexes 0, 1, 2… in order of first lookup. The hot path is
/// allocation-free: tokens of up to 4 UTF-16 units (every Han bigram) are keyed by their units
/// packed into a ulong (tokens never contain U+0000) in an open-addressing table; longer tokens
/// use an ordinal dictionary looked up by span.
/// </summary>
internal sealed class TermTable
{
    private ulong[] keys = new ulong[1 << 16];   // 0 = empty slot
    private int[] values = new int[1 << 16];
    private int shortCount;

    private readonly Dictionary<string, int> longTerms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> longLookup;

    public TermTable() => longLookup = longTerms.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The terms by index.</summary>
    public List<string> Terms { get; } = [];

    public int GetOrAdd(ReadOnlySpan<char> token)
    {
        if (token.Length > 4)
        {
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(longLookup, token, out var exists);
            if (!exists)
            {
                index = Add(token);
            }

            return index;
        }

        ulong key = 0;
        for (var i = 0; i < token.Length; i++)
        {
            key |= (ulong)token[i] << (16 * i);
        }

        var mask = keys.Length - 1;
        for (var slot = Slot(key, mask); ; slot = (slot + 1) & mask)
        {
            if (keys[slot] == key)
            {
                return values[slot];
            }

            if (keys[slot] == 0)
            {
                keys[slot] = key;
                values[slot] = Add(token);
                if (++shortCount * 2 > keys.Length)
                {
                    Grow();
                }

                return Terms.Count - 1;
            }
        }
    }

    private int Add(ReadOnlySpan<char> token)
    {
        Terms.Add(token.ToString());
        return Terms.Count - 1;
    }

    private static int Slot(ulong key, int mask) => (int)((key * 0x9E3779B97F4A7C15UL) >> 40) & mask; // Fibonacci hashing

    private void Grow()
    {
        var (oldKeys, oldValues) = (keys, values);
        keys = new ulong[oldKeys.Length * 2];
        values = new int[oldKeys.Length * 2];
        var mask = keys.Length - 1;
        for (var i = 0; i < oldKeys.Length; i++)
        {
            if (oldKeys[i] != 0)
            {
                var slot = Slot(oldKeys[i], mask);
                while (keys[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }
}
