using System.Text;
using Archive.Ingest.Reading;

namespace Archive.Ingest.Tests.Reading;

/// <summary>
/// A Markdown file is read as the text it shows, each line on the line of the file it stands on:
/// the marks go, ordered items keep their numbers, pipe tables become tab-separated rows.
/// </summary>
public sealed class MarkdownReadingTests
{
    private static SourceText Read(string text, string name = "report.md") =>
        SourceReader.Read(Encoding.UTF8.GetBytes(text), name).Source ?? throw new InvalidOperationException("skipped");

    [Fact]
    public void Markdown_marks_go_and_every_line_stays_on_its_line_of_the_file()
    {
        var source = Read("""
            # 区财政局2023年工作总结

            2023年，区财政局坚持**稳中求进**工作总基调，`财政`职能作用[充分发挥](https://example.org/a)。
            ![图片](chart.png)

            ## 一、主要工作成效

            1. 财政收入稳步增长。全年完成收入**15.6亿元**。
            2. 支出结构持续优化。
            - 收支平衡压力较大；
            * 债务风险防控任务艰巨。

            > 注：以上数据截至2023年11月底。

            | 项目 | 人数 |
            | --- | ---: |
            | 城乡低保 | 3210 |

            ---
            区财政局
            2023年12月29日
            """);

        Assert.StartsWith("markdown", source.Encoding, StringComparison.Ordinal);
        Assert.Equal(
            [
                "区财政局2023年工作总结", "", "2023年，区财政局坚持稳中求进工作总基调，财政职能作用充分发挥。", "", "",
                "一、主要工作成效", "", "1. 财政收入稳步增长。全年完成收入15.6亿元。", "2. 支出结构持续优化。",
                "收支平衡压力较大；", "债务风险防控任务艰巨。", "", "注：以上数据截至2023年11月底。", "",
                "项目\t人数", "", "城乡低保\t3210", "", "———", "区财政局", "2023年12月29日",
            ],
            source.Lines.ToArray());
    }

    [Fact]
    public void A_paragraph_broken_over_lines_keeps_its_lines()
    {
        var source = Read("今年以来，我局坚持\n稳中求进。\n\n    全年完成投资12亿元。");

        Assert.Equal(["今年以来，我局坚持", "稳中求进。", "", "全年完成投资12亿元。"], source.Lines.ToArray());
    }

    [Fact]
    public void A_contents_stub_and_a_page_number_that_look_like_list_items_stay_as_written()
    {
        var source = Read("目录\n\n1.\n2.\n\n正文。\n\n- 3 -\n\n正文。");

        Assert.Equal(["目录", "", "1.", "2.", "", "正文。", "", "- 3 -", "", "正文。"], source.Lines.ToArray());
    }

    [Fact]
    public void Another_tools_front_matter_is_no_text()
    {
        var source = Read("---\ntitle: 区财政局2023年工作总结\ndate: 2023-12-29\n---\n# 区财政局2023年工作总结\n正文。");

        Assert.Equal(["", "", "", "", "区财政局2023年工作总结", "正文。"], source.Lines.ToArray());
    }

    [Fact]
    public void The_same_text_in_a_txt_file_is_read_as_written()
    {
        var source = Read("# 标题\n**加粗**", "report.txt");

        Assert.Equal(["# 标题", "**加粗**"], source.Lines.ToArray());
    }

    [Fact]
    public void A_markdown_compilation_splits_into_its_reports_with_their_outline()
    {
        var result = IngestPipeline.Default.IngestFile(Read("""
            # 区财政局2023年工作总结

            今年以来，我局坚持**稳中求进**，各项工作取得明显成效。

            ## 一、主要工作

            全年完成投资12亿元，同比增长8%。

            ---

            # 区民政局2023年工作总结

            今年以来，我局聚焦兜底线，各项民政工作取得新成效。

            | 项目 | 人数 |
            | --- | --- |
            | 城乡低保 | 3210 |
            """));

        Assert.Equal(["区财政局2023年工作总结", "区民政局2023年工作总结"], result.Reports.Select(r => r.Report.Metadata.Title.Value));
        Assert.Contains("## 一、主要工作", result.Reports[0].Report.Markdown, StringComparison.Ordinal);
        Assert.Contains("| 城乡低保 | 3210 |", result.Reports[1].Report.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("**", result.Reports[0].Report.Markdown, StringComparison.Ordinal);
    }
}
