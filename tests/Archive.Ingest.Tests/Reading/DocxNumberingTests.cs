using Archive.Ingest.Reading;
using Archive.Ingest.Tests.Support;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Archive.Ingest.Tests.Reading;

/// <summary>
/// Word's own list numbers (一、 （一） 1. ①…) are no part of a .docx paragraph's text: the reader writes
/// them before the paragraph as Word shows them, so that a report's numbered outline survives.
/// </summary>
public sealed class DocxNumberingTests
{
    // Definition 1: the outline of a Chinese report. Level 0 一、, level 1 （一）, level 2 1. (a tab after it).
    private static W.AbstractNum Outline(int id) => new(
        Level(0, "chineseCounting", "%1、"),
        Level(1, "chineseCounting", "（%2）"),
        Level(2, "decimal", "%3."))
    { AbstractNumberId = id };

    private static W.Level Level(int index, string format, string text, int start = 1) => new(
        new W.StartNumberingValue { Val = start },
        new W.NumberingFormat { Val = new EnumValue<W.NumberFormatValues>(new W.NumberFormatValues(format)) },
        new W.LevelText { Val = text })
    { LevelIndex = index };

    private static W.NumberingInstance Instance(int id, int definition, params W.LevelOverride[] overrides) =>
        new([new W.AbstractNumId { Val = definition }, .. overrides]) { NumberID = id };

    private static W.Paragraph Numbered(string text, int instance, int level) => new(
        new W.ParagraphProperties(new W.NumberingProperties(new W.NumberingLevelReference { Val = level }, new W.NumberingId { Val = instance })),
        new W.Run(new W.Text(text)));

    private static W.Paragraph Styled(string text, string style) => new(
        new W.ParagraphProperties(new W.ParagraphStyleId { Val = style }),
        new W.Run(new W.Text(text)));

    private static W.Paragraph Plain(string text) => new(new W.Run(new W.Text(text)));

    private static IReadOnlyList<string> Lines(W.Numbering numbering, W.Styles? styles, params OpenXmlElement[] body) =>
        Sources.Read(Sources.Docx(new W.Body(body), numbering, styles), "report.docx").Lines;

    [Fact]
    public void Numbered_paragraphs_get_their_numbers_and_a_level_starts_again_under_each_higher_one()
    {
        var lines = Lines(
            new W.Numbering(Outline(1), Instance(1, 1)),
            null,
            Plain("县财政局2023年工作总结"),
            Numbered("主要工作", 1, 0),
            Numbered("组织收入", 1, 1),
            Numbered("严控支出", 1, 1),
            Numbered("压减一般性支出。", 1, 2),
            Numbered("保障民生支出。", 1, 2),
            Plain("正文照常。"),
            Numbered("存在问题", 1, 0),
            Numbered("收支矛盾突出", 1, 1));

        Assert.Equal(
            ["县财政局2023年工作总结", "一、主要工作", "（一）组织收入", "（二）严控支出", "1. 压减一般性支出。", "2. 保障民生支出。",
             "正文照常。", "二、存在问题", "（一）收支矛盾突出"],
            lines);
    }

    [Fact]
    public void Lists_sharing_a_definition_count_on_together_unless_one_restarts()
    {
        var restart = new W.LevelOverride(new W.StartOverrideNumberingValue { Val = 1 }) { LevelIndex = 0 };
        var lines = Lines(
            new W.Numbering(Outline(7), Instance(1, 7), Instance(2, 7), Instance(3, 7, restart)),
            null,
            Numbered("甲", 1, 0),
            Numbered("乙", 2, 0),
            Numbered("丙", 3, 0),
            Numbered("丁", 3, 0));

        Assert.Equal(["一、甲", "二、乙", "一、丙", "二、丁"], lines);
    }

    [Fact]
    public void A_heading_style_that_carries_numbering_numbers_its_paragraphs_through_the_styles_it_is_based_on()
    {
        var styles = new W.Styles(
            new W.Style(new W.StyleParagraphProperties(new W.NumberingProperties(new W.NumberingId { Val = 4 })))
            { StyleId = "Heading1", Type = W.StyleValues.Paragraph },
            new W.Style(new W.BasedOn { Val = "Heading1" }) { StyleId = "MyHeading", Type = W.StyleValues.Paragraph });
        var lines = Lines(
            new W.Numbering(Outline(2), Instance(4, 2)),
            styles,
            Styled("工作成效", "Heading1"),
            Plain("正文。"),
            Styled("下步打算", "MyHeading"));

        Assert.Equal(["一、工作成效", "正文。", "二、下步打算"], lines);
    }

    [Fact]
    public void Bullets_numbering_switched_off_and_empty_numbered_paragraphs_add_no_number_but_empty_ones_still_count()
    {
        var bullets = new W.AbstractNum(Level(0, "bullet", "\uF0B7")) { AbstractNumberId = 3 };
        var lines = Lines(
            new W.Numbering(Outline(1), bullets, Instance(1, 1), Instance(2, 3)),
            null,
            Numbered("要点", 2, 0),
            Numbered("不编号", 0, 0),
            Numbered("", 1, 0),
            Numbered("第二项", 1, 0));

        Assert.Equal(["要点", "不编号", "", "二、第二项"], lines);
    }

    [Fact]
    public void Multilevel_text_names_the_numbers_of_the_levels_above_and_legal_style_writes_them_all_in_digits()
    {
        var definition = new W.AbstractNum(
            Level(0, "chineseCounting", "第%1章"),
            Level(1, "decimal", "%1.%2"),
            new W.Level(new W.StartNumberingValue { Val = 1 }, new W.NumberingFormat { Val = W.NumberFormatValues.Decimal },
                new W.IsLegalNumberingStyle(), new W.LevelText { Val = "%1.%2.%3" }) { LevelIndex = 2 })
        { AbstractNumberId = 5 };
        var lines = Lines(
            new W.Numbering(definition, Instance(1, 5)),
            null,
            Numbered("总则", 1, 0),
            Numbered("目的", 1, 1),
            Numbered("依据", 1, 2));

        Assert.Equal(["第一章总则", "一.1 目的", "1.1.1 依据"], lines);
    }

    [Theory]
    [InlineData(1, "chineseCounting", "一")]
    [InlineData(10, "chineseCounting", "十")]
    [InlineData(11, "chineseCounting", "十一")]
    [InlineData(20, "chineseCountingThousand", "二十")]
    [InlineData(23, "chineseCounting", "二十三")]
    [InlineData(100, "chineseCounting", "一百")]
    [InlineData(105, "chineseCounting", "一百零五")]
    [InlineData(110, "chineseCounting", "一百一十")]
    [InlineData(1003, "chineseCounting", "一千零三")]
    [InlineData(12, "chineseLegalSimplified", "拾贰")]
    [InlineData(10, "ideographDigital", "一〇")]
    [InlineData(3, "ideographTraditional", "丙")]
    [InlineData(3, "decimalEnclosedCircleChinese", "③")]
    [InlineData(21, "decimalEnclosedCircle", "21")]
    [InlineData(2, "decimalEnclosedParen", "⑵")]
    [InlineData(7, "decimalZero", "07")]
    [InlineData(12, "decimalFullWidth", "１２")]
    [InlineData(27, "upperLetter", "AA")]
    [InlineData(2, "lowerLetter", "b")]
    [InlineData(14, "upperRoman", "XIV")]
    [InlineData(4, "lowerRoman", "iv")]
    [InlineData(5, "someFutureFormat", "5")]
    public void Numbers_are_written_in_Words_formats(int n, string format, string expected) =>
        Assert.Equal(expected, DocxNumbering.Render(n, format));

    [Fact]
    public void A_report_numbered_by_Word_keeps_its_numbered_outline_through_the_pipeline()
    {
        var docx = Sources.Docx(
            new W.Body(
                Plain("县财政局2023年工作总结"),
                Plain("今年以来，我局认真落实各项财政政策，财政运行总体平稳。"),
                Numbered("主要工作", 1, 0),
                Plain("全年完成一般公共预算收入12亿元，同比增长5%。"),
                Numbered("存在问题", 1, 0),
                Plain("收支矛盾依然突出，刚性支出压力较大。"),
                Plain("县财政局"),
                Plain("2023年12月20日")),
            new W.Numbering(Outline(1), Instance(1, 1)));

        var report = Assert.Single(IngestPipeline.Default.IngestFile(Sources.Read(docx, "report.docx")).Reports).Report;

        Assert.Contains("一、主要工作", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("二、存在问题", report.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\n主要工作", report.Markdown, StringComparison.Ordinal);
    }
}
