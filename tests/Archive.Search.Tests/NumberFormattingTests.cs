using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Archive.Search.Tests;

/// <summary>
/// The index writer prints each score, lunr's Math.round(score * 1000) / 1000, from the integer
/// k = Math.round(score * 1000) as the decimal k / 1000 with trailing zeros dropped (see
/// RawJson.WriteThousandths for why that is JavaScript's shortest round-trip form). Checked here
/// against .NET's shortest round-trip formatting ("R") and against node on a large random sample.
/// </summary>
public sealed class NumberFormattingTests(ITestOutputHelper output) : IDisposable
{
    private readonly string workDir = Directory.CreateTempSubdirectory("archive-numbers-").FullName;

    public void Dispose() => Directory.Delete(workDir, recursive: true);

    /// <summary>Integral k values: edge cases, then random ones of every magnitude below 10¹⁵.</summary>
    private static IEnumerable<long> Thousandths(int randomCount, int seed = 7)
    {
        long[] edges =
        [
            0, 1, 2, 5, 9, 10, 11, 99, 100, 101, 999, 1000, 1001, 1010, 1100, 1200, 1999, 2000, 9999, 10000, 10001,
            12345, 99999, 100000, 123456, 999999, 1000000, 1000001, 4294967295, 4294967296, 4294967297,
            999_999_999_999, 1_000_000_000_000, 1_000_000_000_001, 123_456_789_012_345, 999_999_999_999_000,
            999_999_999_999_999, 999_999_999_999_998, 500_000_000_000_000, 9_007_199_254_740, 9_007_199_254_740_991 / 10,
        ];
        foreach (var k in edges)
        {
            yield return k;
            yield return -k;
        }

        // Multiples of 1000 and their neighbours (scores that are integers, or 0.001 off one).
        for (long m = 0; m < 3000; m++)
        {
            yield return (m * 1000) - 1;
            yield return m * 1000;
            yield return (m * 1000) + 1;
        }

        var random = new Random(seed);
        for (var i = 0; i < randomCount; i++)
        {
            var digits = random.Next(1, 16); // k of 1 … 15 digits
            var k = random.NextInt64((long)Math.Pow(10, digits - 1), (long)Math.Pow(10, digits));
            yield return random.Next(8) == 0 ? -k : k;
        }
    }

    private static string Format(double thousandths)
    {
        var raw = new RawJson(64);
        raw.AppendThousandths(thousandths);
        return Encoding.ASCII.GetString(raw.Written);
    }

    private static string FormatWithComma(ulong thousandths)
    {
        var buffer = new byte[64];
        var end = RawJson.WriteThousandthsAndComma(ref buffer[0], 0, thousandths);
        return Encoding.ASCII.GetString(buffer, 0, end);
    }

    [Fact]
    public void Thousandths_print_as_the_shortest_round_trip_decimal()
    {
        var count = 0;
        foreach (var k in Thousandths(1_000_000))
        {
            var value = k / 1000.0;
            var expected = k == 0 ? "0" : value.ToString("R", CultureInfo.InvariantCulture); // "R" is shortest round-trip since .NET Core 3.0
            var actual = Format(k);
            if (actual != expected)
            {
                Assert.Fail($"k = {k}: expected {expected}, got {actual}");
            }

            // And it reads back as the very double JavaScript computes for k / 1000.
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(double.Parse(actual, CultureInfo.InvariantCulture)));
            count++;
        }

        Assert.True(count > 1_000_000);
    }

    [Fact]
    public void Thousandths_are_the_trimmed_decimal_of_k()
    {
        foreach (var k in Thousandths(200_000, seed: 11))
        {
            // The claim itself, spelled out with integer arithmetic only.
            var magnitude = Math.Abs(k);
            var fraction = (magnitude % 1000).ToString("000", CultureInfo.InvariantCulture).TrimEnd('0');
            var expected = (k < 0 ? "-" : "") + (magnitude / 1000).ToString(CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "");
            Assert.Equal(expected, Format(k));
        }
    }

    [Theory]
    [InlineData(1200, "1.2")]
    [InlineData(5, "0.005")]
    [InlineData(12000, "12")]
    [InlineData(-500, "-0.5")]
    [InlineData(0, "0")]
    [InlineData(1, "0.001")]
    [InlineData(999, "0.999")]
    [InlineData(1001, "1.001")]
    [InlineData(3646, "3.646")]
    [InlineData(10010, "10.01")]
    public void Examples(long k, string expected)
    {
        Assert.Equal(expected, Format(k));
    }

    [Fact]
    public void Negative_zero_prints_as_zero_as_JSON_stringify_does()
    {
        Assert.Equal("0", Format(-0.0));
        Assert.Equal("0", Format(JsSemantics.Round(-0.4))); // Math.round(-0.4) is -0 in JavaScript
        Assert.Equal("0", JsSemantics.NumberToString(-0.0));
    }

    [Fact]
    public void The_unchecked_writer_with_comma_agrees()
    {
        foreach (var k in Thousandths(300_000, seed: 13).Where(k => k >= 0))
        {
            Assert.Equal(Format(k) + ",", FormatWithComma((ulong)k));
        }
    }

    [Theory]
    [InlineData(1e18, "1000000000000000")]             // 10¹⁵: plain in JavaScript, "1E+15" in .NET
    [InlineData(1.5e18, "1500000000000000")]
    [InlineData(1e23, "99999999999999980000")]            // node: JSON.stringify(1e23 / 1000)
    [InlineData(1e24, "1e+21")]
    [InlineData(-1e24, "-1e+21")]
    [InlineData(1.2345e28, "1.2345000000000002e+25")]
    [InlineData(1e26, "1.0000000000000001e+23")]
    [InlineData(double.PositiveInfinity, "null")]      // JSON.stringify writes null for non-finite numbers
    [InlineData(double.NegativeInfinity, "null")]
    [InlineData(double.NaN, "null")]
    public void Out_of_range_values_follow_JavaScript(double thousandths, string expected)
    {
        Assert.Equal(expected, Format(thousandths));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(0.0000001, "1e-7")]
    [InlineData(1.23e-18, "1.23e-18")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void NumberToString_is_javascripts(double value, string expected)
    {
        Assert.Equal(expected, JsSemantics.NumberToString(value));
    }

    [Fact]
    public void Integers_print_as_their_invariant_digits()
    {
        var values = new List<long> { 0, 1, 9, 10, 99, 100, long.MaxValue, long.MinValue, uint.MaxValue, (long)uint.MaxValue + 1 };
        for (long p = 1; p > 0 && p <= long.MaxValue / 10; p *= 10)
        {
            values.AddRange([p - 1, p, p + 1, -p]);
        }

        var random = new Random(3);
        for (var i = 0; i < 100_000; i++)
        {
            values.Add(random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64));
        }

        foreach (var value in values)
        {
            var raw = new RawJson(32);
            raw.AppendInteger(value);
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), Encoding.ASCII.GetString(raw.Written));
            if (value >= 0)
            {
                Assert.Equal(value.ToString(CultureInfo.InvariantCulture).Length, RawJson.CountDigits((ulong)value));
            }
        }

        Assert.Equal(20, RawJson.CountDigits(ulong.MaxValue));
    }

    [Fact]
    public void Math_round_ties_go_up_for_the_scores_range()
    {
        // The field vectors round x = score * 1000 as floor(x) + (x - floor(x) >= 0.5), which is
        // JsSemantics.Round (Math.round) without the branch; the same thing on doubles near ties.
        var random = new Random(5);
        for (var i = 0; i < 200_000; i++)
        {
            var x = random.Next(4) switch
            {
                0 => random.NextDouble() * 10_000,
                1 => random.Next(100_000) + 0.5,
                2 => Math.BitDecrement(random.Next(100_000) + 0.5),
                _ => Math.BitIncrement(random.Next(100_000) + 0.5),
            };
            var floor = Math.Floor(x);
            Assert.Equal(JsSemantics.Round(x), floor + (x - floor >= 0.5 ? 1UL : 0UL));
        }
    }

    [Fact]
    public void Node_prints_the_same_for_a_large_sample()
    {
        var path = Path.Combine(workDir, "samples.tsv");
        var lines = Thousandths(300_000, seed: 17).Select(k => $"{k.ToString(CultureInfo.InvariantCulture)}\t{Format(k)}");
        File.WriteAllLines(path, lines);

        var result = NodeScripts.Run("number-format.test.js", path);
        output.WriteLine(result.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
