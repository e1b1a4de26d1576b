using System.Globalization;
using System.Text;

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

    /// <summary>
    /// JavaScript's <c>Number::toString(x)</c> (ECMA-262 §6.1.6.1.20), which <c>String(x)</c> and, for
    /// finite x, <c>JSON.stringify</c> use: the shortest round-trip digits (from .NET's "R", also
    /// shortest since .NET Core 3.0) laid out in plain notation for 10⁻⁶ ≤ |x| &lt; 10²¹, else as
    /// d.ddde±n. -0 prints as "0".
    /// </summary>
    public static string NumberToString(double x)
    {
        if (double.IsNaN(x))
        {
            return "NaN";
        }

        if (x == 0)
        {
            return "0";
        }

        if (double.IsInfinity(x))
        {
            return x > 0 ? "Infinity" : "-Infinity";
        }

        if (x < 0)
        {
            return "-" + NumberToString(-x);
        }

        // "R" gives e.g. "123.45", "1E-07", "1.2345E+21": collect the significant digits and the
        // exponent n such that x = 0.d₁d₂…d_k × 10ⁿ.
        var r = x.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = r.IndexOf('E');
        var mantissa = exponentAt < 0 ? r : r[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(r[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var integerDigits = point < 0 ? mantissa.Length : point;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        var n = integerDigits - leadingZeros + exponent;
        var k = digits.Length;

        var s = new StringBuilder();
        if (k <= n && n <= 21)
        {
            s.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            s.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            s.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            s.Append(digits[0]);
            if (k > 1)
            {
                s.Append('.').Append(digits, 1, k - 1);
            }

            s.Append('e').Append(n - 1 >= 0 ? '+' : '-').Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }

        return s.ToString();
    }
}
