using System.Buffers.Binary;
using System.Text;
using Archive.Ingest.Reading;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Reading;

/// <summary>
/// Word 97–2003 documents (.doc, and .wps in its format) are read from their compound file and piece
/// table, laid out as a .docx is. The fixtures (tests/fixtures/ingest/doc) were saved by LibreOffice
/// ("MS Word 97"): sample.doc from a page with a table, a line break and a link; compilation.doc from
/// the bundled input/000_284f6b41bf903856.txt; lists.doc from a .docx with a three-level list.
/// </summary>
public sealed class WordBinaryReadingTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(Sources.Fixture("doc"), name));

    [Fact]
    public void Paragraphs_become_lines_table_rows_tab_separated_lines_and_a_link_its_text()
    {
        var source = Sources.Read(Fixture("sample.doc"), "民政局.doc");

        Assert.Equal("doc", source.Encoding);
        Assert.Equal(
            [
                "区民政局2023年第三季度工作总结",
                "今年以来，我局坚持以人民为中心，扎实推进各项民政工作。",
                "一是兜牢民生底线。",
                "二是提升养老服务。",
                "项目\t数量\t备注",
                "低保对象\t1200\t户",
                "详见区政府网站公开信息。",
                "XX区民政局",
                "2023年10月18日",
            ],
            source.Lines.Where(l => l.Length > 0));
    }

    [Fact]
    public void Word_list_numbers_which_are_not_in_the_text_are_written_before_their_paragraphs()
    {
        // lists.doc: a .docx with a list numbered 一、 / （一） / 1. saved as .doc by LibreOffice.
        var source = Sources.Read(Fixture("lists.doc"), "民政局.doc");

        Assert.Equal<string>(
            [
                "县民政局2023年工作总结",
                "今年以来，我局扎实推进各项民政工作。",
                "一、主要工作",
                "（一）兜牢民生底线",
                "1.低保标准提高到每月800元。",
                "2.临时救助1200人次。",
                "（二）提升养老服务",
                "二、存在问题",
                "三、下步打算",
                "（一）深化改革",
                "XX县民政局",
            ],
            source.Lines.Where(l => l.Length > 0));
    }

    [Theory]
    [InlineData(0, "decimal")]
    [InlineData(37, "chineseCounting")]
    [InlineData(38, "chineseLegalSimplified")]
    [InlineData(39, "chineseCountingThousand")]
    [InlineData(30, "ideographTraditional")]
    [InlineData(18, "decimalEnclosedCircle")]
    [InlineData(23, "bullet")]
    [InlineData(255, "none")]
    public void Words_number_format_codes_are_read_as_the_formats_a_docx_names(byte code, string format)
    {
        Assert.Equal(format, WordBinaryLists.FormatOf(code));
    }

    [Fact]
    public void Damaged_list_tables_cost_the_numbers_never_the_text()
    {
        AssertDamageGivesTextOrASkip(Fixture("lists.doc"), seed: 5, changes: 12, from: 512);
    }

    [Fact]
    public void A_compilation_saved_as_doc_reads_line_for_line_as_the_text_it_was_saved_from()
    {
        var doc = Sources.Read(Fixture("compilation.doc"), "compilation.doc");
        var txt = Sources.Read(Sources.Corpus.Single(c => c.Name == "000_284f6b41bf903856.txt").Bytes, "compilation.txt");

        Assert.Equal<string>(txt.Lines, doc.Lines);
    }

    [Fact]
    public void A_wps_file_in_word_format_is_read_like_a_doc()
    {
        var source = Sources.Read(Fixture("sample.doc"), "民政局.wps");

        Assert.Equal("区民政局2023年第三季度工作总结", source.Lines[0]);
    }

    [Fact]
    public void The_piece_table_joins_pieces_in_text_order_whether_stored_as_utf16_or_8_bit()
    {
        // "区民政局\rAnnual report\r" in two pieces stored in reverse order: the second as 8-bit text
        // before the first, which is UTF-16; a Prc (formatting) entry before the piece table.
        var word = new byte[0x800];
        Encoding.ASCII.GetBytes("Annual report\r").CopyTo(word, 0x600);
        Encoding.Unicode.GetBytes("区民政局\r").CopyTo(word, 0x700);
        var table = WordFile(word, ccpText: 19, [(0, 5, 0x700u), (5, 19, (0x600u * 2) | 0x40000000)]);

        Assert.Equal("区民政局\rAnnual report\r", WordBinaryText.Characters(word, table));
    }

    [Fact]
    public void Text_after_the_main_document_is_not_read()
    {
        var word = new byte[0x800];
        Encoding.Unicode.GetBytes("正文。\r脚注内容\r").CopyTo(word, 0x700);
        var table = WordFile(word, ccpText: 4, [(0, 9, 0x700u)]);

        Assert.Equal("正文。\r", WordBinaryText.Characters(word, table));
    }

    [Theory]
    [InlineData("详见\u0013 HYPERLINK \"http://a.cn\" \u0014网站\u0015。", "详见网站。")]
    [InlineData("第\u0013 PAGE \u0014\u0015页", "第页")]
    [InlineData("\u0013 IF \u0013 PAGE \u00141\u0015 = 1 \"甲\" \"乙\" \u0014甲\u0015", "甲")]
    [InlineData("图\u0001表\u0008注\u0002。", "图表注。")]
    [InlineData("非\u001E断\u001F字", "非-断字")]
    public void Fields_keep_their_result_and_object_anchors_go(string characters, string line)
    {
        Assert.Equal([line], WordBinaryText.Lines(characters));
    }

    [Fact]
    public void Cell_marks_separate_cells_the_row_mark_ends_the_row_and_breaks_end_lines()
    {
        var lines = WordBinaryText.Lines("表1\r项目\u0007数量\u0007\u0007低保\u00071200\u0007\u0007合计\u000B见下页\u000C附件");

        Assert.Equal(["表1", "项目\t数量", "低保\t1200", "合计", "见下页", "附件"], lines);
    }

    [Fact]
    public void A_password_protected_document_is_skipped_saying_so()
    {
        var bytes = Fixture("sample.doc");
        bytes[WordDocumentOffset(bytes) + 0x0B] |= 0x01; // FibBase.fEncrypted

        var outcome = SourceReader.Read(bytes, "加密.doc");

        Assert.Null(outcome.Source);
        Assert.Contains("password-protected", outcome.Skipped, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_document_is_skipped_as_corrupt()
    {
        var bytes = Fixture("compilation.doc");

        foreach (var length in new[] { 600, 2048, 9000, bytes.Length / 2 })
        {
            var outcome = SourceReader.Read(bytes[..length], "截断.doc");

            Assert.Null(outcome.Source);
            Assert.Contains("corrupt Word 97–2003 document", outcome.Skipped, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Damaged_bytes_inside_a_document_give_text_or_a_skip_never_an_exception()
    {
        AssertDamageGivesTextOrASkip(Fixture("sample.doc"), seed: 7, changes: 8, from: 8);
    }

    // 300 copies of a document, each with bytes changed at random from offset `from` on: each is read
    // or skipped with a reason; none throws.
    private static void AssertDamageGivesTextOrASkip(byte[] original, int seed, int changes, int from)
    {
        var random = new Random(seed);
        for (var round = 0; round < 300; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = 0; k < changes; k++)
            {
                bytes[random.Next(from, bytes.Length)] = (byte)random.Next(256);
            }

            var outcome = SourceReader.Read(bytes, "损坏.doc");

            Assert.True(outcome.Source is not null || outcome.Skipped is not null);
        }
    }

    [Fact]
    public void A_web_page_saved_as_doc_is_read_as_the_page()
    {
        var page = SourceReader.Read(Encoding.UTF8.GetBytes("<html><body><p>区财政局2023年工作总结</p><p>正文。</p></body></html>"), "财政局.doc");

        Assert.Contains("区财政局2023年工作总结", page.Source!.Lines);
    }

    /// <summary>Where the WordDocument stream starts in a compound file: the sector that starts with the Word header.</summary>
    private static int WordDocumentOffset(byte[] bytes)
    {
        for (var offset = 512; offset + 2 <= bytes.Length; offset += 512)
        {
            if (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset)) == 0xA5EC)
            {
                return offset;
            }
        }

        throw new InvalidOperationException("no Word header");
    }

    /// <summary>
    /// Writes a minimal Word 97 header into <paramref name="word"/> (csw 14, cslw 22 with ccpText, 93
    /// fc/lcb pairs with fcClx/lcbClx the 34th) and returns the table stream: a Prc, then the Pcdt over
    /// the pieces (first CP, end CP, fc).
    /// </summary>
    private static byte[] WordFile(byte[] word, int ccpText, (int Start, int End, uint Fc)[] pieces)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(word, 0xA5EC);
        BinaryPrimitives.WriteUInt16LittleEndian(word.AsSpan(2), 0x00C1);
        BinaryPrimitives.WriteUInt16LittleEndian(word.AsSpan(32), 14);
        BinaryPrimitives.WriteUInt16LittleEndian(word.AsSpan(62), 22);
        BinaryPrimitives.WriteInt32LittleEndian(word.AsSpan(64 + 12), ccpText);
        BinaryPrimitives.WriteUInt16LittleEndian(word.AsSpan(152), 93);

        var table = new MemoryStream();
        table.Write([0x00, 0x00, 0x00]); // fcClx need not be 0
        var fcClx = (int)table.Length;
        table.Write([0x01, 0x02, 0x00, 0xAA, 0xBB]); // Prc: cbGrpprl 2
        var plc = new MemoryStream();
        var w = new BinaryWriter(plc);
        foreach (var p in pieces)
        {
            w.Write(p.Start);
        }

        w.Write(pieces[^1].End);
        foreach (var p in pieces)
        {
            w.Write((ushort)0);
            w.Write(p.Fc);
            w.Write((ushort)0);
        }

        table.WriteByte(0x02);
        table.Write(BitConverter.GetBytes((int)plc.Length));
        table.Write(plc.ToArray());
        BinaryPrimitives.WriteInt32LittleEndian(word.AsSpan(154 + (33 * 8)), fcClx);
        BinaryPrimitives.WriteInt32LittleEndian(word.AsSpan(154 + (33 * 8) + 4), (int)table.Length - fcClx);
        return table.ToArray();
    }
}
