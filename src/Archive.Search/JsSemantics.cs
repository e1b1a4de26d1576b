namespace Archive.Search;

/// <summary>JavaScript behaviours that the serialized lunr index depends on.</summary>
internal static class JsSemantics
{
    /// <summary>
    /// JavaScript's <c>Math.round</c>: nearest integer, ties towards +∞
    /// (Math.Round's MidpointRounding modes have no such mode).
    /// </summary>
    public static double Round(double x)
    {
        var floor = Math.Floor(x);
        return x - floor >= 0.5 ? floor + 1 : floor; // x - floor is exact for doubles
    }

    /// <summary>
    /// Whether <paramref name="key"/> is an array index ("0" … "4294967294" in canonical form).
    /// <c>Object.keys</c> and <c>JSON.stringify</c> list such keys first, in ascending numeric order,
    /// and all other string keys after them in insertion order.
    /// </summary>
    public static bool IsArrayIndex(string key, out uint index)
    {
        index = 0;
        if (key.Length is 0 or > 10 || (key[0] == '0' && key.Length > 1))
        {
            return false;
        }

        ulong value = 0;
        foreach (var c in key)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (uint)(c - '0');
        }

        if (value > uint.MaxValue - 1)
        {
            return false;
        }

        index = (uint)value;
        return true;
    }

    /// <summary>
    /// The positions of <paramref name="keys"/> (given in insertion order) in the order
    /// <c>Object.keys</c> would list them.
    /// </summary>
    public static int[] ObjectKeyOrder(IReadOnlyList<string> keys)
    {
        var order = Enumerable.Range(0, keys.Count).ToArray();
        var indexes = new long[keys.Count];
        var any = false;
        for (var i = 0; i < keys.Count; i++)
        {
            // Array indexes sort by value before every other key; other keys keep insertion order.
            indexes[i] = IsArrayIndex(keys[i], out var index) ? index : uint.MaxValue + (long)i;
            any |= indexes[i] < uint.MaxValue;
        }

        if (any)
        {
            Array.Sort(indexes, order);
        }

        return order;
    }
}
