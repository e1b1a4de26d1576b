using System.Text;
using Archive.Ingest.Reading;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Reading;

/// <summary>
/// Step 1, reading text files: the encoding is decided from the bytes alone (byte-order mark, valid
/// UTF-8, else GB18030/GBK), never from the file's extension, and every encoding yields the same lines.
/// </summary>
public sealed class TextDecodingTests
{
    private const string CorpusFile = "003_d8b7eb1687d0ddd9.txt";

    private static readonly string Text = Sources.CorpusText(CorpusFile);

    private static readonly string[] ExpectedLines = File.ReadAllLines(Path.Combine(RepoPaths.Input, CorpusFile));

    [Fact]
    public void Utf8_without_bom_is_read_as_utf8_with_the_same_lines_as_the_file()
    {
        var source = Sources.Read(Encoding.UTF8.GetBytes(Text), "a.txt");

        Assert.Equal("utf-8", source.Encoding);
        Assert.Equal(ExpectedLines, source.Lines);
        Assert.Empty(source.Warnings);
    }

    [Fact]
    public void A_big_utf8_file_decodes_as_a_small_one_does_valid_or_damaged()
    {
        // Above 16 MB the decoder checks and decodes in two passes rather than through a buffer twice the file's size.
        var big = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Text, (17 * 1024 * 1024 / System.Text.Encoding.UTF8.GetByteCount(Text)) + 1)));
        var damaged = (byte[])big.Clone();
        damaged[big.Length / 2] = 0xFF;

        var (text, encoding, warnings, _) = TextDecoder.Decode(big);
        var (_, _, damageWarnings, _) = TextDecoder.Decode(damaged);

        Assert.Equal(("utf-8", 0), (encoding, warnings.Length));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(big), text);
        Assert.Contains(damageWarnings, w => w.Contains("invalid UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public void Utf8_with_bom_is_read_without_the_bom()
    {
        var source = Sources.Read(Sources.WithBom(new UTF8Encoding(true), Text), "a.txt");

        Assert.Equal("utf-8-bom", source.Encoding);
        Assert.Equal(ExpectedLines, source.Lines);
        Assert.DoesNotContain('\uFEFF', source.Lines[0]);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void Utf16_with_bom_is_read_in_either_byte_order(string name)
    {
        var encoding = name == "utf-16le" ? Encoding.Unicode : Encoding.BigEndianUnicode;

        var source = Sources.Read(Sources.WithBom(encoding, Text), "a.txt");

        Assert.Equal(name, source.Encoding);
        Assert.Equal(ExpectedLines, source.Lines);
        Assert.Empty(source.Warnings);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void Utf16_with_a_broken_surrogate_pair_is_read_with_a_warning_naming_the_line(string name)
    {
        // The first Chinese character of line 21 becomes the high half of a pair with no low half.
        var encoding = name == "utf-16le" ? Encoding.Unicode : Encoding.BigEndianUnicode;
        var joined = string.Join("\n", ExpectedLines);
        var lineStart = string.Join("\n", ExpectedLines[..20]).Length + 1;
        var at = Enumerable.Range(lineStart, ExpectedLines[20].Length).First(i => joined[i] >= '\u4E00' && joined[i] <= '\u9FFF');
        var bytes = Sources.WithBom(encoding, joined); // the encoder would replace a lone surrogate: write its bytes
        (bytes[2 + (2 * at)], bytes[3 + (2 * at)]) = name == "utf-16le" ? ((byte)0x40, (byte)0xD8) : ((byte)0xD8, (byte)0x40);

        var source = Sources.Read(bytes, "a.txt");

        Assert.Equal(name, source.Encoding);
        var warning = Assert.Single(source.Warnings);
        Assert.Contains("1 unpaired surrogate", warning, StringComparison.Ordinal);
        Assert.Contains("line 21", warning, StringComparison.Ordinal);
        Assert.Contains('\uFFFD', source.Lines[20]);
        Assert.Equal(ExpectedLines.Where((_, i) => i != 20), source.Lines.Where((_, i) => i != 20));
    }

    [Fact]
    public void Utf16_cut_in_the_middle_of_a_character_is_read_with_a_warning()
    {
        var bytes = Sources.WithBom(Encoding.Unicode, Text);

        var source = Sources.Read(bytes[..^1], "a.txt");

        Assert.Equal("utf-16le", source.Encoding);
        Assert.Contains(source.Warnings, w => w.Contains("odd number of bytes", StringComparison.Ordinal));
        Assert.Equal(ExpectedLines[..^1], source.Lines[..(ExpectedLines.Length - 1)]);
    }

    [Fact]
    public void Binary_data_behind_a_utf16_byte_order_mark_is_not_taken_for_text()
    {
        var random = new Random(7);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xFE;

        var decoded = TextDecoder.Decode(bytes);

        Assert.Null(decoded.Text);
        Assert.NotNull(decoded.NotText);
    }

    [Theory]
    [InlineData("a.txt")]
    [InlineData("notes.md")]
    [InlineData("no-extension")]
    [InlineData("looks-like.utf8")]
    public void Gb18030_bytes_are_recognised_by_content_whatever_the_file_is_called(string name)
    {
        var bytes = Sources.Gb18030.GetBytes(Text);

        var source = Sources.Read(bytes, name);

        Assert.Equal(name.EndsWith(".md", StringComparison.Ordinal) ? "markdown, gb18030" : "gb18030", source.Encoding);
        Assert.Equal(ExpectedLines, source.Lines);
        Assert.Empty(source.Warnings);
    }

    [Fact]
    public void Gbk_text_with_only_a_few_chinese_characters_among_ascii_is_still_gb18030()
    {
        // A mostly-ASCII table with three Chinese words: as UTF-8 the GBK bytes are only a handful of
        // damaged sequences in a long text, but they are valid GB18030 and must be read as such.
        var text = string.Join("\n", Enumerable.Range(1, 200).Select(i => $"row {i}\t{i * 7}\t{i * 13}"))
            + "\n合计\t1400\t2600\n";
        var bytes = Sources.Gb18030.GetBytes(text);

        var source = Sources.Read(bytes, "table.txt");

        Assert.Equal("gb18030", source.Encoding);
        Assert.Equal("合计\t1400\t2600", source.Lines[^1]);
        Assert.DoesNotContain(source.Lines, l => l.Contains('\uFFFD'));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void A_file_joined_from_gb18030_and_utf8_parts_is_decoded_line_by_line_with_a_warning(string ending)
    {
        // A compilation put together from a GBK part and a UTF-8 part: each line in its own encoding.
        var half = ExpectedLines.Length / 2;
        var gbk = Sources.Gb18030.GetBytes(string.Join(ending, ExpectedLines[..half]) + ending);
        var utf8 = Encoding.UTF8.GetBytes(string.Join(ending, ExpectedLines[half..]));

        var source = Sources.Read([.. gbk, .. utf8], "joined.txt");

        Assert.Equal(ExpectedLines, source.Lines);
        Assert.Equal("utf-8+gb18030", source.Encoding);
        var warning = Assert.Single(source.Warnings);
        Assert.Contains("mixed encodings", warning, StringComparison.Ordinal);
        Assert.Contains("the first is line 2", warning, StringComparison.Ordinal); // line 1 is blank
    }

    [Fact]
    public void A_gb18030_file_with_one_damaged_byte_keeps_every_other_line()
    {
        var bytes = Sources.Gb18030.GetBytes(string.Join("\n", ExpectedLines));
        var lineStart = Sources.Gb18030.GetByteCount(string.Join("\n", ExpectedLines[..20]) + "\n");
        bytes[lineStart] = 0xFF; // never valid in GB18030 or UTF-8

        var source = Sources.Read(bytes, "damaged.txt");

        Assert.Equal("gb18030", source.Encoding);
        Assert.Equal(ExpectedLines.Length, source.Lines.Length);
        Assert.Equal(ExpectedLines.Where((_, i) => i != 20), source.Lines.Where((_, i) => i != 20));
        Assert.Contains('\uFFFD', source.Lines[20]);
        Assert.Contains(source.Warnings, w => w.Contains("the first is line 21", StringComparison.Ordinal));
    }

    [Fact]
    public void Utf8_text_with_one_damaged_byte_stays_utf8_with_a_warning()
    {
        // Overwrite the lead byte of one Chinese character: its three bytes become three U+FFFD, the
        // rest of the file is untouched (decoding the file as GB18030 would garble all of it).
        var at = Enumerable.Range(2000, 1000).First(i => Text[i] >= '\u4E00' && Text[i] <= '\u9FFF');
        var bytes = Encoding.UTF8.GetBytes(Text);
        bytes[Encoding.UTF8.GetByteCount(Text[..at])] = 0xFF;

        var source = Sources.Read(bytes, "a.txt");

        Assert.Equal("utf-8", source.Encoding);
        var warning = Assert.Single(source.Warnings);
        Assert.Contains("invalid UTF-8", warning, StringComparison.Ordinal);
        var expected = Text[..at] + "\uFFFD\uFFFD\uFFFD" + Text[(at + 1)..];
        Assert.Equal(LineSplitter.Split(expected), source.Lines);
    }

    [Fact]
    public void Truncated_utf8_is_decoded_with_a_warning_naming_the_dropped_bytes()
    {
        // The file ends in the middle of a three-byte character: keep everything before it.
        var bytes = Encoding.UTF8.GetBytes("第一行。\n第二行写到一半");
        var cut = bytes[..^2];

        var source = Sources.Read(cut, "a.txt");

        Assert.Equal("utf-8", source.Encoding);
        Assert.Equal(new[] { "第一行。", "第二行写到一" }, source.Lines);
        var warning = Assert.Single(source.Warnings);
        Assert.Contains("truncated UTF-8", warning, StringComparison.Ordinal);
        Assert.Contains("1 byte", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_compilation_cut_mid_character_keeps_every_complete_line()
    {
        var bytes = Encoding.UTF8.GetBytes(Text);
        var cut = bytes[..(bytes.Length / 2)];
        while ((cut[^1] & 0xC0) != 0x80 || (cut[^2] & 0xC0) == 0x80)
        {
            cut = cut[..^1]; // end on the second byte of a three-byte character
        }

        var source = Sources.Read(cut, "a.txt");

        Assert.Contains(source.Warnings, w => w.Contains("truncated UTF-8", StringComparison.Ordinal));
        Assert.Equal(ExpectedLines[..(source.Lines.Length - 1)], source.Lines[..^1]);
        Assert.StartsWith(source.Lines[^1], ExpectedLines[source.Lines.Length - 1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("crlf", "\r\n")]
    [InlineData("lf", "\n")]
    [InlineData("cr", "\r")]
    public void Every_line_ending_gives_the_same_lines(string name, string ending)
    {
        var text = string.Join(ending, ExpectedLines) + ending;

        var source = Sources.Read(Encoding.UTF8.GetBytes(text), name + ".txt");

        Assert.Equal(ExpectedLines, source.Lines);
    }

    [Fact]
    public void Mixed_line_endings_each_end_exactly_one_line()
    {
        var text = "第一行\r\n第二行\n第三行\r第四行\n\r第六行\r\n\r\n第八行";

        var source = Sources.Read(Encoding.UTF8.GetBytes(text), "mixed.txt");

        // \n\r is two endings (an empty fifth line); \r\n\r\n is two endings (an empty seventh line).
        Assert.Equal(new[] { "第一行", "第二行", "第三行", "第四行", "", "第六行", "", "第八行" }, source.Lines);
    }

    [Fact]
    public void Line_numbers_agree_with_how_other_tools_count_lines()
    {
        var text = "a\r\nb\nc\rd\n\re\r\n";

        var source = Sources.Read(Encoding.UTF8.GetBytes(text), "x.txt");

        using var reader = new StringReader(text);
        var expected = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            expected.Add(line);
        }

        Assert.Equal(expected, source.Lines);
    }

    [Fact]
    public void Decoder_never_uses_the_extension_a_utf8_file_named_gbk_is_utf8()
    {
        var source = Sources.Read(Encoding.UTF8.GetBytes("区财政局2023年工作总结\n"), "report.gbk.txt");

        Assert.Equal("utf-8", source.Encoding);
        Assert.Equal("区财政局2023年工作总结", source.Lines[0]);
    }

    [Fact]
    public void The_sha256_identifies_the_raw_bytes_not_the_decoded_text()
    {
        var utf8 = Sources.Read(Encoding.UTF8.GetBytes(Text), "a.txt");
        var gbk = Sources.Read(Sources.Gb18030.GetBytes(Text), "b.txt");

        Assert.Equal(utf8.Lines.AsEnumerable(), gbk.Lines);
        Assert.NotEqual(utf8.Sha256, gbk.Sha256);
        Assert.Matches("^[0-9a-f]{64}$", utf8.Sha256);
    }
}
