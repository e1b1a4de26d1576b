using System.Text;
using System.Text.Json;

namespace Archive.Search.Tests;

/// <summary>
/// Terms and refs are written by RawJson.WriteString, which copies plain text as UTF-8 and hands
/// anything else to the encoder: byte for byte what Utf8JsonWriter writes with the same encoder.
/// </summary>
public sealed class JsonStringTests
{
    private static string WriterBytes(string value)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = RawJson.Encoder }))
        {
            writer.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string RawBytes(string value) => Encoding.UTF8.GetString(RawJson.StringBytes(value));

    [Fact]
    public void Every_BMP_character_alone_and_in_a_bigram_is_written_as_Utf8JsonWriter_writes_it()
    {
        for (var c = 1; c < 0x10000; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }

            var single = ((char)c).ToString();
            Assert.Equal(WriterBytes(single), RawBytes(single));
            var bigram = "中" + single; // the two-character fast path
            Assert.Equal(WriterBytes(bigram), RawBytes(bigram));
        }
    }

    [Theory]
    [InlineData("𠮷野家")]
    [InlineData("😀")]
    [InlineData("</script>&amp;'\"\\+`")]
    [InlineData("\u2028\u2029\u0000\u001f\u007f")]
    [InlineData("title/0")]
    [InlineData("Crème Brûlée ΣΑΣ")]
    [InlineData("")]
    public void Other_strings_are_written_as_Utf8JsonWriter_writes_them(string value)
    {
        Assert.Equal(WriterBytes(value), RawBytes(value));
    }
}
