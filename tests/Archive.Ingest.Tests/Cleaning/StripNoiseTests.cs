using Archive.Core;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Rules;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Cleaning;

/// <summary>
/// Step 2, StripNoise: paid markers, advertising, the compilation header, tables of contents and odd
/// whitespace go; each dropped line is logged with the rule that dropped it; everything else is kept.
/// </summary>
public sealed class StripNoiseTests
{
    private static CleanedSource Strip(params string[] lines) => Strip(CleaningRules.Default, lines);

    private static CleanedSource Strip(CleaningRules rules, params string[] lines) =>
        new StripNoise(rules).Apply(Sources.Text("noise.txt", lines));

    private static CleaningEntry? DropOf(CleanedSource cleaned, int line) =>
        cleaned.Log.SingleOrDefault(e => e.Line == line && e.Action == CleaningAction.Dropped);

    private static CleanLine Kept(CleanedSource cleaned, int line) => Assert.Single(cleaned.Lines, l => l.Number == line);

    [Theory]
    [InlineData("##paidbegin##")]
    [InlineData("##paidend##")]
    [InlineData("## paid begin ##")]
    [InlineData("  ##paidend##  ")]
    public void A_paid_marker_alone_on_its_line_is_dropped(string marker)
    {
        var cleaned = Strip("正文第一段。", marker, "正文第二段。");

        Assert.StartsWith("marker line (paid-", DropOf(cleaned, 2)?.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(cleaned.Lines, l => l.Number == 2);
        Assert.True(Kept(cleaned, 3).AfterNoise);
    }

    [Fact]
    public void A_paid_marker_glued_to_the_start_of_a_line_is_cut_off_and_the_text_kept()
    {
        var cleaned = Strip("（一）“党建强”的成效更加显著", "##paidbegin##1.凝心铸魂，促进理论全武装。坚持以理论武装头脑。");

        var line = Kept(cleaned, 2);
        Assert.Equal("1.凝心铸魂，促进理论全武装。坚持以理论武装头脑。", line.Text);
        Assert.True(line.AfterNoise);
        var entry = Assert.Single(cleaned.Log);
        Assert.Equal(CleaningAction.Trimmed, entry.Action);
        Assert.Contains("paid-begin", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_paid_marker_at_the_end_of_a_line_is_cut_off()
    {
        var cleaned = Strip("确保人民群众安居乐业。##paidend##");

        Assert.Equal("确保人民群众安居乐业。", Kept(cleaned, 1).Text);
    }

    [Theory]
    [InlineData("【哒哒素材库】——每天更新材料1000多篇内部高质量素材，会员群+网盘群同步每日更新，一键下载")]
    [InlineData("欢迎加入“哒哒素材库svip会员”，9000万字材料，轻松解决您的各类素材需求！添加客服：cwk")]
    [InlineData("【哒哒代笔】——原创高质量保障、高度保密，各类代笔（润笔），好评如潮！PPT设计")]
    [InlineData("【公文写作】专业代写各类材料")]
    [InlineData("- 12 -")]
    [InlineData("第3页 共12页")]
    [InlineData("Page 3 of 8")]
    [InlineData("3 / 8")]
    [InlineData("精品文档 www.docin.com")]
    [InlineData("http://www.wenku365.com/p-123.html")]
    [InlineData("（完）")]
    [InlineData("【全文完】")]
    public void Advertising_and_page_numbers_are_dropped_with_the_rule_name(string line)
    {
        var cleaned = Strip("正文。", line, "正文。");

        var drop = DropOf(cleaned, 2);
        Assert.NotNull(drop);
        Assert.True(drop.Detail is "advertising" or "page-number" or "watermark" or "end-mark", drop.Detail);
        Assert.Equal(2, cleaned.Lines.Length);
    }

    [Theory]
    [InlineData("【典型案例】xx镇推行“网格+”治理模式，群众满意度明显提升。")]
    [InlineData("欢迎广大群众积极参与志愿服务。")]
    [InlineData("全年共发放宣传材料3000余份，更新公众号推文120篇。")]
    public void Ordinary_text_that_resembles_advertising_is_kept(string line)
    {
        var cleaned = Strip(line);

        Assert.Equal(line, Kept(cleaned, 1).Text);
        Assert.Empty(cleaned.Log);
    }

    [Fact]
    public void The_compilation_header_with_its_count_is_dropped_and_the_count_captured()
    {
        var cleaned = Strip("", "2023年第三季度工作总结汇编（8篇）", "", "2023年第三季度工作总结");

        Assert.StartsWith("compilation header", DropOf(cleaned, 2)?.Detail, StringComparison.Ordinal);
        Assert.Equal(new[] { 8 }, cleaned.DeclaredCounts);
        Assert.Equal(8, cleaned.DeclaredCount);
        Assert.Equal("2023年第三季度工作总结", Kept(cleaned, 4).Text);
    }

    [Fact]
    public void The_count_on_its_own_line_after_the_header_is_dropped_and_captured()
    {
        var cleaned = Strip("2023年第三季度工作总结和第四季度计划汇编", "（4篇）", "2023年第三季度工作总结和第四季度计划（街道）");

        Assert.NotNull(DropOf(cleaned, 1));
        Assert.NotNull(DropOf(cleaned, 2));
        Assert.Equal(4, cleaned.DeclaredCount);
        Assert.True(Kept(cleaned, 3).AfterNoise);
    }

    [Fact]
    public void A_count_repeated_on_the_line_after_a_counted_header_is_declared_once()
    {
        var cleaned = Strip("2023年第三季度工作总结汇编（8篇）", "", "（8篇）", "区财政局2023年第三季度工作总结");

        Assert.NotNull(DropOf(cleaned, 3));
        Assert.Equal(8, cleaned.DeclaredCount);
    }

    [Fact]
    public void Two_compilations_in_one_file_declare_their_counts_together()
    {
        var cleaned = Strip("甲汇编（3篇）", "区财政局2023年工作总结", "正文。", "乙汇编", "（2篇）", "区民政局2023年工作总结", "正文。");

        Assert.Equal(5, cleaned.DeclaredCount);
    }

    [Fact]
    public void Without_a_header_no_count_is_declared()
    {
        var cleaned = Strip("2023年工作总结", "今年以来，我局坚持稳中求进。");

        Assert.Null(cleaned.DeclaredCount);
        Assert.Empty(cleaned.Log);
    }

    [Fact]
    public void A_line_ending_in_a_collection_word_inside_a_report_is_text_not_a_header()
    {
        var cleaned = Strip(
            "区财政局2023年工作总结",
            "",
            "今年以来，我局认真梳理各类问题。",
            "",
            "基层反映问题汇总",
            "共收集问题12条，已全部整改。");

        Assert.Equal("基层反映问题汇总", Kept(cleaned, 5).Text);
        Assert.Null(DropOf(cleaned, 5));
    }

    [Theory]
    [InlineData("乡镇2022年上半年工作总结范文（精选3篇）", 3)]
    [InlineData("2023年工作总结（通用5篇）", 5)]
    [InlineData("街道2023年工作计划范文（10篇）", 10)]
    [InlineData("2024年上半年工作总结合集（共12篇）", 12)]
    public void A_distributors_collection_title_with_its_count_is_a_header(string header, int count)
    {
        var cleaned = Strip(header, "目录", "篇一：XX镇2022年上半年工作总结………………1", "【篇一】XX镇2022年上半年工作总结", "今年以来，全镇上下稳中求进。");

        Assert.StartsWith("compilation header", DropOf(cleaned, 1)?.Detail, StringComparison.Ordinal);
        Assert.Equal(count, cleaned.DeclaredCount);
        var toc = Assert.Single(cleaned.Toc);
        Assert.Equal("XX镇2022年上半年工作总结", toc.Title);
        Assert.Equal("XX镇2022年上半年工作总结", Kept(cleaned, 4).Text);
    }

    [Fact]
    public void A_collection_word_without_a_count_is_a_header_only_where_a_compilation_starts()
    {
        var atStart = Strip("街道办事处2023年工作总结大全", "XX街道2023年工作总结", "今年以来，街道上下稳中求进。");
        var inside = Strip("XX街道2023年工作总结", "今年以来，街道上下稳中求进。", "典型案例精选", "案例一：网格化治理。");

        Assert.NotNull(DropOf(atStart, 1));
        Assert.Equal("典型案例精选", Kept(inside, 3).Text);
    }

    [Theory]
    [InlineData("【篇一】XX镇2022年上半年工作总结", "XX镇2022年上半年工作总结")]
    [InlineData("篇二：XX镇人民政府2022年工作情况的报告", "XX镇人民政府2022年工作情况的报告")]
    [InlineData("第3篇：区财政局2023年工作总结", "区财政局2023年工作总结")]
    [InlineData("【第十篇】区财政局2023年工作总结", "区财政局2023年工作总结")]
    [InlineData("【范文四】区民政局2023年工作总结", "区民政局2023年工作总结")]
    [InlineData("范文5．区民政局2023年工作总结", "区民政局2023年工作总结")]
    [InlineData("篇一 区民政局2023年工作总结", "区民政局2023年工作总结")]
    [InlineData("区民政局2023年工作总结（可编辑）", "区民政局2023年工作总结")]
    [InlineData("区民政局2023年工作总结【word版】", "区民政局2023年工作总结")]
    [InlineData("《县民政局2023年工作总结》", "县民政局2023年工作总结")]
    [InlineData("【县财政局2023年工作总结】", "县财政局2023年工作总结")]
    [InlineData("县医保局2023年工作总结.docx", "县医保局2023年工作总结")]
    [InlineData("县医保局2023年工作总结（定稿）.doc", "县医保局2023年工作总结（定稿）")]
    public void A_distributors_numbering_or_format_note_is_cut_off_a_title(string line, string title)
    {
        var cleaned = Strip("正文。", line, "正文。");

        var kept = Kept(cleaned, 2);
        Assert.Equal(title, kept.Text);
        Assert.True(kept.AfterNoise);
        Assert.Equal(CleaningAction.Trimmed, Assert.Single(cleaned.Log).Action);
    }

    [Theory]
    [InlineData("## 区财政局2023年工作总结", "区财政局2023年工作总结")]
    [InlineData("### 一、主要工作", "一、主要工作")]
    [InlineData("#\t区财政局2023年工作总结", "区财政局2023年工作总结")]
    public void A_markdown_headings_hashes_are_cut_off(string line, string text)
    {
        var cleaned = Strip("正文。", line, "正文。");

        Assert.Equal(text, Kept(cleaned, 2).Text);
    }

    [Theory]
    [InlineData("县 民 政 局 2 0 2 3 年 工 作 总 结", "县民政局2023年工作总结")]
    [InlineData("工  作  总  结", "工作总结")]
    public void A_letter_spaced_line_is_closed_up(string line, string text)
    {
        var cleaned = Strip("正文。", line, "正文。");

        Assert.Equal(text, Kept(cleaned, 2).Text);
    }

    [Theory]
    [InlineData("1 2 3 4")]
    [InlineData("A 类 B 类")]
    [InlineData("县民政局 2023年工作总结")]
    [InlineData("一\t二\t三\t四")]
    [InlineData("全 年 完成投资12亿元。")]
    public void A_line_with_spaces_between_words_is_not_letter_spaced(string line)
    {
        var cleaned = Strip("正文。", line, "正文。");

        Assert.Equal(line, Kept(cleaned, 2).Text);
    }

    [Theory]
    [InlineData("#党建引领#话题阅读量超过10万。")]
    [InlineData("#1号楼已完成主体结构。")]
    public void A_hash_without_a_space_is_text(string line)
    {
        var cleaned = Strip("正文。", line, "正文。");

        Assert.Equal(line, Kept(cleaned, 2).Text);
    }

    [Theory]
    [InlineData("篇一")]
    [InlineData("【篇二】")]
    [InlineData("第三篇：")]
    public void A_distributors_numbering_alone_on_its_line_is_dropped(string line)
    {
        var cleaned = Strip("正文。", line, "区民政局2023年工作总结");

        Assert.Equal("marker line (report-ordinal)", DropOf(cleaned, 2)?.Detail);
        Assert.True(Kept(cleaned, 3).AfterNoise);
    }

    [Theory]
    [InlineData("第一篇章：党建引领开新局。")]
    [InlineData("篇幅有限，不再一一列举。")]
    [InlineData("文章一经刊发，反响热烈。")]
    [InlineData("范文化建设取得新进展。")]
    [InlineData("（可持续发展）项目稳步推进。")]
    public void Text_that_starts_like_a_numbering_is_kept_whole(string line)
    {
        var cleaned = Strip("正文。", line, "正文。");

        Assert.Equal(line, Kept(cleaned, 2).Text);
        Assert.Empty(cleaned.Log);
    }

    [Theory]
    [InlineData("本文来源于网络，仅供参考学习，如有侵权请联系删除。")]
    [InlineData("本文档下载后可自行编辑修改，欢迎下载！")]
    [InlineData("全文共3260字，阅读大约需要8分钟。")]
    [InlineData("更多精彩范文请关注本站。")]
    [InlineData("本文由公文网整理发布，转载请注明出处。")]
    [InlineData("如有侵权，请告知删除。")]
    [InlineData("本资料由网友上传分享，仅供学习交流")]
    [InlineData("本文档仅供参考学习，请勿商用")]
    [InlineData("（此文档为word格式，可任意修改编辑！）")]
    [InlineData("上一篇：2023年工作总结")]
    [InlineData("相关推荐：")]
    public void Distributor_disclaimers_and_site_furniture_are_dropped(string line)
    {
        var cleaned = Strip("正文。", line, "正文。");

        Assert.True(DropOf(cleaned, 2)?.Detail is "disclaimer" or "site-navigation", DropOf(cleaned, 2)?.Detail);
    }

    [Theory]
    [InlineData("发布时间：2024-01-05 10:21  来源：区财政局  浏览次数：1234")]
    [InlineData("发布日期：2024年1月8日")]
    [InlineData("来源：区民政局")]
    [InlineData("打印本页 关闭窗口")]
    [InlineData("分享到：")]
    [InlineData("【打印】【关闭】")]
    public void A_websites_page_furniture_around_a_copied_report_is_dropped(string line)
    {
        var cleaned = Strip("正文。", line, "正文。");

        Assert.Equal("web-page", DropOf(cleaned, 2)?.Detail);
    }

    [Theory]
    [InlineData("【字体：大 中 小】今年以来，区财政局坚持稳中求进。", "今年以来，区财政局坚持稳中求进。")]
    [InlineData("【字体：【大】【中】【小】】", "")]
    public void A_websites_font_size_switch_is_cut_off(string line, string text)
    {
        var cleaned = Strip("正文。", line, "正文。");

        if (text.Length == 0)
        {
            Assert.Equal("marker line (web-page)", DropOf(cleaned, 2)?.Detail);
        }
        else
        {
            Assert.Equal(text, Kept(cleaned, 2).Text);
        }
    }

    [Theory]
    [InlineData("来源：一是上级转移支付增加，二是税收收入稳步增长。")]
    [InlineData("作者认为，基层治理的关键在于网格化管理。")]
    [InlineData("编辑出版《XX区志》，完成年鉴编纂。")]
    [InlineData("资金来源：区级财政")]
    public void Report_text_that_names_a_source_or_an_author_is_kept(string line)
    {
        var cleaned = Strip("正文。", line, "正文。");

        Assert.Equal(line, Kept(cleaned, 2).Text);
    }

    [Theory]
    [InlineData("查处涉嫌侵权假冒案件12起，删除侵权链接50条。")]
    [InlineData("免费发放宣传资料3000余份，引导群众下载国家反诈中心APP。")]
    [InlineData("本文件自印发之日起施行。")]
    [InlineData("更多惠民政策请关注街道公众号推送。")]
    [InlineData("相关文章已在区融媒体中心刊发。")]
    [InlineData("群众可登录www.gov.cn查询办事指南。")]
    [InlineData("网址：www.xxq.gov.cn")]
    [InlineData("全区3/4的行政村完成改造。")]
    [InlineData("以上数据仅供参考，以统计部门公布为准。")]
    [InlineData("（完善机制）")]
    [InlineData("完成全文完善和校对工作。")]
    public void Report_text_that_shares_words_with_a_disclaimer_is_kept(string line)
    {
        var cleaned = Strip("正文。", line, "正文。");

        Assert.Equal(line, Kept(cleaned, 2).Text);
    }

    [Fact]
    public void A_contents_heading_and_its_numbered_stubs_are_dropped_and_recorded_as_the_toc()
    {
        string[] lines = ["", "2023年第三季度工作总结汇编（8篇）", "", "目录", "", "1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "", "", "##paidbegin##2023年第三季度“转作风提效能”工作总结"];

        var cleaned = Strip(lines);

        Assert.Equal("table of contents", DropOf(cleaned, 4)?.Detail);
        for (var line = 6; line <= 13; line++)
        {
            Assert.Equal("table of contents", DropOf(cleaned, line)?.Detail);
        }

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], cleaned.Toc.Select(t => t.Number));
        Assert.Equal([6, 7, 8, 9, 10, 11, 12, 13], cleaned.Toc.Select(t => t.Line));
        var first = Kept(cleaned, 16);
        Assert.Equal("2023年第三季度“转作风提效能”工作总结", first.Text);
        Assert.True(first.AfterNoise);
        Assert.All(cleaned.Lines.Where(l => l.Number < 16), l => Assert.True(l.IsBlank));
    }

    [Fact]
    public void A_contents_list_of_numbered_titles_is_recorded_with_the_titles()
    {
        var cleaned = Strip("目 录", "1.区财政局2023年工作总结", "2、区民政局2023年工作总结……5", "", "区财政局2023年工作总结", "今年以来，我局坚持稳中求进。");

        Assert.Equal(["区财政局2023年工作总结", "区民政局2023年工作总结"], cleaned.Toc.Select(t => t.Title));
        Assert.Equal("区财政局2023年工作总结", Kept(cleaned, 5).Text);
    }

    [Fact]
    public void A_headerless_contents_of_titles_with_page_numbers_is_dropped()
    {
        var cleaned = Strip(
            "区财政局2023年工作总结\t1",
            "区民政局2023年工作总结\t5",
            "团区委2023年工作总结……9",
            "",
            "区财政局2023年工作总结",
            "今年以来，我局坚持稳中求进。");

        Assert.Equal(3, cleaned.Toc.Length);
        Assert.Equal(["区财政局2023年工作总结", "区民政局2023年工作总结", "团区委2023年工作总结"], cleaned.Toc.Select(t => t.Title));
        Assert.All([1, 2, 3], n => Assert.Equal("table of contents", DropOf(cleaned, n)?.Detail));
        Assert.Equal("区财政局2023年工作总结", Kept(cleaned, 5).Text);
    }

    [Fact]
    public void A_single_line_with_a_page_number_after_the_text_started_is_not_a_contents()
    {
        var cleaned = Strip("今年以来，我局坚持稳中求进。", "项目\t12", "完成\t15");

        Assert.Empty(cleaned.Toc);
        Assert.Equal(3, cleaned.Lines.Length);
    }

    [Fact]
    public void Odd_whitespace_is_normalised_and_logged()
    {
        var cleaned = Strip("\u3000\u3000今年以来，全区\u2002经济\u00A0运行\u200B平稳。\u3000");

        var line = Kept(cleaned, 1);
        Assert.Equal("今年以来，全区 经济 运行平稳。", line.Text);
        var entry = Assert.Single(cleaned.Log);
        Assert.Equal(CleaningAction.Trimmed, entry.Action);
        Assert.Equal("normalised characters (ideographic-space, en-space, nbsp, zero-width-space)", entry.Detail);
    }

    [Fact]
    public void Full_width_digits_are_read_as_digits_and_logged()
    {
        var cleaned = Strip("XX区财政局２０２３年第３季度工作总结");

        Assert.Equal("XX区财政局2023年第3季度工作总结", Kept(cleaned, 1).Text);
        Assert.Equal("normalised characters (fullwidth-digit)", Assert.Single(cleaned.Log).Detail);
    }

    [Theory]
    [InlineData("————————————————")]
    [InlineData("***")]
    [InlineData("* * *")]
    [InlineData("--------------------")]
    [InlineData("＊＊＊＊＊")]
    [InlineData("=====")]
    public void A_separator_line_between_reports_is_dropped(string line)
    {
        var cleaned = Strip("正文。", line, "区民政局2023年工作总结");

        Assert.Equal("separator", DropOf(cleaned, 2)?.Detail);
        Assert.True(Kept(cleaned, 3).AfterNoise);
    }

    [Fact]
    public void A_web_pages_markup_is_read_as_the_text_it_wraps()
    {
        var cleaned = Strip(
            "<p style=\"text-align:center\"><strong>县应急管理局2023年工作总结</strong></p>",
            "<P>&nbsp;&nbsp;2023年，县应急管理局聚焦&ldquo;两个至上&rdquo;&#65292;守牢安全底线。</P>",
            "<p>（一）安全生产。全年检查企业1260家次。<br/>（二）防汛抗旱。组织演练18次。</p><p></p><p>- 3 -</p>");

        Assert.Equal(
            [(1, "县应急管理局2023年工作总结"), (2, "2023年，县应急管理局聚焦“两个至上”，守牢安全底线。"),
             (3, "（一）安全生产。全年检查企业1260家次。"), (3, "（二）防汛抗旱。组织演练18次。"), (3, "")],
            cleaned.Lines.Select(l => (l.Number, l.Text)));
        Assert.Equal("page-number", DropOf(cleaned, 3)?.Detail);
        Assert.Contains(cleaned.Log, e => e.Line == 3 && e.Detail == "line cut in 4 at line breaks (html-line-break)");
        Assert.Contains(cleaned.Log, e => e.Line == 2 && e.Detail == "read HTML character references");
    }

    [Theory]
    [InlineData("PM2.5浓度<35微克/立方米，优良天数比例>90%。")]
    [InlineData("研发（R&D）投入强度达2.6%，同比提高0.3个百分点。")]
    [InlineData("按<pre>标记归档的材料。")]
    public void Angle_brackets_and_ampersands_that_are_no_markup_are_text(string line)
    {
        var cleaned = Strip("正文。", line);

        Assert.Equal(line, Kept(cleaned, 2).Text);
    }

    [Theory]
    [InlineData("深入学习《习近平谈治国理政》第四卷。")]
    [InlineData("《县志》")]
    [InlineData("【典型经验】")]
    [InlineData("详见附件：2023年工作总结.docx及相关材料。")]
    public void Brackets_and_file_names_around_anything_but_a_whole_title_stay(string line)
    {
        var cleaned = Strip("正文。", line);

        Assert.Equal(line, Kept(cleaned, 2).Text);
    }

    [Fact]
    public void Reading_markup_can_be_switched_off_from_the_archives_rules()
    {
        var rules = CleaningRules.FromYaml("html-character-references: false\ndisable: [html-line-break, html-tag]\n");

        var cleaned = Strip(rules, "<p>一、&nbsp;主要工作</p>");

        Assert.Equal("<p>一、&nbsp;主要工作</p>", Kept(cleaned, 1).Text);
    }

    [Fact]
    public void A_line_of_only_odd_whitespace_is_a_blank_line()
    {
        var cleaned = Strip("正文。", "\u3000\u00A0\u2002", "正文。");

        Assert.True(Kept(cleaned, 2).IsBlank);
    }

    [Fact]
    public void Tabs_inside_a_line_survive_for_tables()
    {
        var cleaned = Strip("正文。", "项目\t数量", "企业\t12");

        Assert.Equal("项目\t数量", Kept(cleaned, 2).Text);
    }

    [Fact]
    public void Every_line_is_either_kept_or_dropped_never_both()
    {
        string[] lines = ["汇编（2篇）", "目录", "1.", "2.", "##paidbegin##", "区财政局2023年工作总结", "正文。", "【哒哒素材库】每天更新", "", "##paidend##"];

        var cleaned = Strip(lines);

        var kept = cleaned.Lines.Select(l => l.Number).ToHashSet();
        var dropped = cleaned.Log.Where(e => e.Action == CleaningAction.Dropped).Select(e => e.Line).ToList();
        Assert.Equal(dropped.Count, dropped.Distinct().Count());
        Assert.Empty(kept.Intersect(dropped));
        Assert.Equal(Enumerable.Range(1, lines.Length), kept.Concat(dropped).Order());
    }
}
