using System.Text;
using Archive.Ingest.Reading;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Reading;

/// <summary>
/// RTF (saved by Word, WPS and office systems, often named .doc) is read as its text, laid out as a
/// .docx is. tests/fixtures/ingest/doc/sample.rtf is sample.doc beside it saved as RTF by LibreOffice
/// (characters as \uN with stand-ins); the Word-style cases (GBK bytes as \'hh) are written here.
/// </summary>
public sealed class RtfReadingTests
{
    private static SourceText Rtf(string rtf, string name = "报告.rtf") => Sources.Read(Encoding.ASCII.GetBytes(rtf), name);

    [Fact]
    public void Paragraphs_table_rows_and_a_links_text_read_as_from_the_doc_it_was_saved_from()
    {
        var rtf = Sources.Read(File.ReadAllBytes(Path.Combine(Sources.Fixture("doc"), "sample.rtf")), "民政局.rtf");
        var doc = Sources.Read(File.ReadAllBytes(Path.Combine(Sources.Fixture("doc"), "sample.doc")), "民政局.doc");

        Assert.Equal("rtf", rtf.Encoding);
        Assert.Equal(doc.Lines.Where(l => l.Length > 0), rtf.Lines.Where(l => l.Length > 0));
        Assert.Contains("低保对象\t1200\t户", rtf.Lines);
    }

    [Fact]
    public void Gbk_bytes_are_decoded_in_the_code_page_of_the_fonts_character_set()
    {
        var source = Rtf(@"{\rtf1\ansi\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}{\f1\fswiss\fcharset0 Arial;}}"
            + @"{\*\generator Msftedit 5.41;}\viewkind4\uc1\pard\f0\fs24 \'c7\'f8\'c3\'f1\'d5\'fe\'be\'d6\f1 2023\f0\'c4\'ea\par}");

        Assert.Equal<string>(["区民政局2023年"], source.Lines);
    }

    [Fact]
    public void Without_a_font_character_set_the_documents_code_page_decodes_bytes()
    {
        var source = Rtf(@"{\rtf1\ansi\ansicpg936 \'c7\'f8\'c3\'f1\'d5\'fe\'be\'d6\par \'cd\'f8\'d5\'be}");

        Assert.Equal<string>(["区民政局", "网站"], source.Lines);
    }

    [Fact]
    public void Unicode_characters_skip_their_stand_ins_as_many_as_uc_says()
    {
        var source = Rtf(@"{\rtf1\ansi\ansicpg936{\uc2\u21306\'c7\'f8\u27665\'c3\'f1}{\uc1\u25919?\u23616?}\u-3913?\par}");

        Assert.Equal<string>(["区民政局\uF0B7"], source.Lines);
    }

    [Fact]
    public void Fields_show_their_result_and_hidden_destinations_go()
    {
        var source = Rtf(@"{\rtf1\ansi\ansicpg936{\info{\title \'b1\'ea\'cc\'e2}{\author x}}{\header \'d2\'b3\'c3\'bc\par}"
            + @"{\*\userprops x}\'cf\'ea\'bc\'fb{\field{\*\fldinst HYPERLINK ""http://a.cn""}{\fldrslt \'cd\'f8\'d5\'be}}"
            + @"{\footnote \'d7\'a2}{\pict\pngblip 89504e47}\'a1\'a3\par}");

        Assert.Equal<string>(["详见网站。"], source.Lines);
    }

    [Fact]
    public void A_list_paragraphs_number_is_written_before_it_as_a_docx_would_be()
    {
        var source = Rtf(@"{\rtf1\ansi\ansicpg936{\listtext\pard\plain  \'d2\'bb\'a1\'a2\tab}\'d6\'f7\'d2\'aa\'b9\'a4\'d7\'f7\par"
            + @"{\listtext\pard\plain 1.\tab}\'b5\'cd\'b1\'a3\par}");

        Assert.Equal<string>(["一、主要工作", "1. 低保"], source.Lines);
    }

    [Fact]
    public void A_three_level_list_saved_as_rtf_reads_with_its_numbers()
    {
        // lists.rtf: the .docx lists.doc was saved from, saved as RTF by LibreOffice (\listtext numbers, \uN characters).
        var source = Sources.Read(File.ReadAllBytes(Path.Combine(Sources.Fixture("doc"), "lists.rtf")), "民政局.rtf");

        Assert.Equal<string>(
            ["县民政局2023年工作总结", "今年以来，我局扎实推进各项民政工作。", "一、主要工作", "（一）兜牢民生底线", "1. 低保标准提高到每月800元。",
             "2. 临时救助1200人次。", "（二）提升养老服务", "二、存在问题", "三、下步打算", "（一）深化改革", "XX县民政局"],
            source.Lines.Where(l => l.Length > 0));
    }

    [Fact]
    public void Escaped_braces_backslashes_and_special_characters_are_text()
    {
        var source = Rtf(@"{\rtf1\ansi a\{b\}c\\d\tab e\~f\emdash g\ldblquote h\rdblquote\line i\-j\_k}");

        Assert.Equal<string>(["a{b}c\\d\te\u00A0f—g“h”", "ij-k"], source.Lines);
    }

    [Fact]
    public void An_rtf_file_named_doc_is_read_as_rtf()
    {
        var source = Rtf(@"{\rtf1\ansi\ansicpg936 \'c7\'f8\'c3\'f1\'d5\'fe\'be\'d6\par}", "民政局.doc");

        Assert.Equal("rtf", source.Encoding);
        Assert.Equal<string>(["区民政局"], source.Lines);
    }

    [Fact]
    public void Damaged_rtf_gives_text_never_an_exception()
    {
        var original = File.ReadAllBytes(Path.Combine(Sources.Fixture("doc"), "sample.rtf"));
        var random = new Random(11);
        for (var round = 0; round < 200; round++)
        {
            var bytes = original[..random.Next(6, original.Length)];
            for (var k = 0; k < 8; k++)
            {
                bytes[random.Next(5, bytes.Length)] = (byte)"{}\\'u-0a9 \r"[random.Next(11)];
            }

            var outcome = SourceReader.Read(bytes, "损坏.rtf");

            Assert.True(outcome.Source is not null || outcome.Skipped is not null);
        }
    }
}
