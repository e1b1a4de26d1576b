using Archive.Core;
using Archive.Ingest.Overrides;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Splitting;

/// <summary>
/// Step 3, SplitReports: where one report ends and the next begins, cross-checked with the declared
/// count and the table of contents, and correctable by the archivist's split overrides.
/// </summary>
public sealed class SplitReportsTests
{
    private const string Body = "今年以来，我局坚持以新时代中国特色社会主义思想为指导，全面贯彻落实各项决策部署，各项工作取得明显成效。";
    private const string Body2 = "一是强化组织领导，成立工作专班，定期研究部署重点任务，确保各项工作有序推进。";

    private static FileResult Ingest(params string[] lines) => Ingest(IngestPipeline.Default, "split.txt", lines);

    private static FileResult Ingest(IngestPipeline pipeline, string file, params string[] lines) =>
        pipeline.IngestFile(Sources.Text(file, lines));

    private static List<(int First, int Last, string Title)> Reports(FileResult result) =>
        [.. result.Reports.Select(r => (r.Report.Sources[0].Line, r.Report.Sources[0].LastLine, r.Report.Metadata.Title.Value))];

    [Fact]
    public void Reports_are_cut_at_their_title_lines()
    {
        var result = Ingest("区民政局2023年工作总结", Body, Body2, "", "区财政局2023年工作总结", Body, Body2);

        Assert.Equal([(1, 3, "区民政局2023年工作总结"), (5, 7, "区财政局2023年工作总结")], Reports(result));
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("**街道2023年工作总结")]
    [InlineData("××局2023年工作总结")]
    [InlineData("XX镇2023年工作总结")]
    [InlineData("*县审计局2023年工作总结")]
    [InlineData("ＸＸ县民政局2023年工作总结", "XX县民政局2023年工作总结")] // full-width letters are read as letters
    [InlineData("2023年度工作总结-县审计局")]
    public void A_title_with_a_masked_name_cuts_a_report(string masked, string? title = null)
    {
        var result = Ingest("区民政局2023年工作总结", Body, Body2, masked, Body, Body2);

        Assert.Equal([(1, 3, "区民政局2023年工作总结"), (4, 6, title ?? masked)], Reports(result));
    }

    [Theory]
    [InlineData("县统计局2023年工作开展情况")]
    [InlineData("县统计局2023年重点工作完成情况")]
    [InlineData("县统计局2023年工作情况")]
    public void A_title_naming_the_state_of_the_years_work_cuts_a_report(string title)
    {
        var result = Ingest("区民政局2023年工作总结", Body, Body2, "", title, Body, Body2);

        Assert.Equal([(1, 3, "区民政局2023年工作总结"), (5, 7, title)], Reports(result));
    }

    [Fact]
    public void A_part_of_a_report_on_two_things_headed_like_a_title_stays_in_it_as_a_heading()
    {
        var result = Ingest("县财政局2023年工作总结及2024年工作计划", "", "2023年工作总结", "一、主要工作", Body, "", "2024年工作计划", Body2, "县财政局", "2024年1月5日",
            "", "县民政局2023年工作总结", Body, Body2);

        Assert.Equal([(1, 10, "县财政局2023年工作总结及2024年工作计划"), (12, 14, "县民政局2023年工作总结")], Reports(result));
        Assert.Contains("## 2023年工作总结\n", result.Reports[0].Report.Markdown, StringComparison.Ordinal);
        Assert.Contains("## 2024年工作计划\n", result.Reports[0].Report.Markdown, StringComparison.Ordinal);
        Assert.Contains("### 一、主要工作\n", result.Reports[0].Report.Markdown, StringComparison.Ordinal); // the outline under the parts
    }

    [Theory]
    [InlineData("下一步工作打算")]
    [InlineData("2024年工作安排")]
    [InlineData("下半年工作计划")]
    public void A_plan_naming_no_unit_under_a_report_on_work_done_is_its_closing_part(string heading)
    {
        var result = Ingest("县民政局2023年工作总结", Body, "", heading, Body2, "县民政局", "2024年1月8日", "", "县财政局2023年工作总结", Body, Body2);

        Assert.Equal([(1, 7, "县民政局2023年工作总结"), (9, 11, "县财政局2023年工作总结")], Reports(result));
        Assert.Contains($"## {heading}\n", result.Reports[0].Report.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("县财政局2024年工作计划")]
    [InlineData("2025年工作计划")]
    [InlineData("2024年工作计划（街道）")]
    public void A_plan_with_its_own_unit_or_another_year_after_a_report_on_work_done_starts_a_report(string title)
    {
        var result = Ingest("县民政局2023年工作总结", Body, "", title, Body2, Body);

        Assert.Equal(2, result.Reports.Length);
        Assert.Equal(title, result.Reports[1].Report.Metadata.Title.Value);
    }

    [Fact]
    public void A_shorter_title_after_a_report_on_one_thing_starts_a_report()
    {
        var result = Ingest("区民政局2023年工作总结", Body, Body2, "", "2023年工作总结", Body, Body2);

        Assert.Equal([(1, 3, "区民政局2023年工作总结"), (5, 7, "2023年工作总结")], Reports(result));
    }

    [Fact]
    public void A_part_shaped_title_after_the_report_above_has_signed_starts_a_report()
    {
        var result = Ingest("县财政局2023年工作总结及2024年工作计划", Body, Body2, "县财政局", "2024年1月5日", "", "2024年工作计划", Body, Body2);

        Assert.Equal([(1, 5, "县财政局2023年工作总结及2024年工作计划"), (7, 9, "2024年工作计划")], Reports(result));
    }

    [Fact]
    public void A_title_after_its_unit_and_a_colon_cuts_a_report()
    {
        var result = Ingest("区民政局2023年工作总结", Body, Body2, "", "县审计局：2023年工作总结", Body, Body2, "", "重点工作：2024年工作计划", Body2);

        Assert.Equal([(1, 3, "区民政局2023年工作总结"), (5, 10, "县审计局：2023年工作总结")], Reports(result));
    }

    [Fact]
    public void The_parts_of_a_report_are_no_titles()
    {
        var result = Ingest("县教育局2023年工作总结", "第一部分 2023年工作总结", Body, Body2, "第二部分 2024年工作计划", Body2);

        Assert.Equal([(1, 6, "县教育局2023年工作总结")], Reports(result));
    }

    [Fact]
    public void A_title_broken_over_two_lines_is_one_title()
    {
        var result = Ingest("区民政局2023年工作总结", Body, Body2, "区民政局", "2023.12.25",
            "区市场监督管理局2023年上半年工作总结和下半年工", "作计划", Body, Body2);

        Assert.Equal([(1, 5, "区民政局2023年工作总结"), (6, 9, "区市场监督管理局2023年上半年工作总结和下半年工作计划")], Reports(result));
        Assert.Equal("2023-12-25", result.Reports[0].Report.Metadata.Date.Value?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2023年全县各级各部门认真贯彻落实上级部署，及时进行", "经验总结")]
    [InlineData("区财政局2023年预算执行情况", "一、收入总结")]
    [InlineData("全县各级各部门认真贯彻落实上级部署并及时进行", "经验总结")]
    public void A_wrapped_paragraph_or_a_heading_under_a_line_is_no_broken_title(string head, string fragment)
    {
        var result = Ingest("区民政局2023年工作总结", Body, head, fragment, Body2);

        Assert.Equal([(1, 5, "区民政局2023年工作总结")], Reports(result));
    }

    [Fact]
    public void A_byline_under_the_title_is_no_signature_of_a_report_above()
    {
        var result = Ingest("县民政局2023年工作总结", "县民政局", "2024年1月5日", Body, Body2, Body);

        Assert.Equal([(1, 6, "县民政局2023年工作总结")], Reports(result));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_line_opening_with_a_single_star_is_a_bullet_not_a_title()
    {
        var result = Ingest("区民政局2023年工作总结", Body, "*全年工作总结", Body2);

        Assert.Equal([(1, 4, "区民政局2023年工作总结")], Reports(result));
    }

    [Fact]
    public void The_declared_count_keeps_the_strongest_title_candidates_and_warns_about_the_rest()
    {
        string[] lines =
        [
            "各部门2023年工作总结汇编（2篇）",
            "",
            "区民政局2023年工作总结",
            Body,
            "",
            "重点项目推进情况汇报", // title-shaped, but without a year or period: the weakest candidate
            Body2,
            "",
            "区财政局2023年工作总结",
            Body,
        ];

        var declared = Ingest(lines);
        var undeclared = Ingest(["各部门2023年工作总结汇编", .. lines[1..]]);

        Assert.Equal(3, undeclared.Reports.Length); // without the count, the weak line is a title too
        Assert.Equal([(3, 7, "区民政局2023年工作总结"), (9, 10, "区财政局2023年工作总结")], Reports(declared));
        var warning = Assert.Single(declared.Warnings, w => w.Contains("declared", StringComparison.Ordinal));
        Assert.Contains("3 title-like lines for 2 declared reports", warning, StringComparison.Ordinal);
        Assert.Contains("not lines 6", warning, StringComparison.Ordinal);
        Assert.Contains(6, declared.Reports[0].Lines);
    }

    [Fact]
    public void A_declared_count_far_below_the_titles_found_counts_a_part_of_the_file_and_drops_none()
    {
        // Two compilations glued together, only the first with a header.
        string[] lines =
        [
            "各部门2023年工作总结汇编（2篇）",
            "区民政局2023年工作总结", Body, "",
            "区财政局2023年工作总结", Body, "",
            "县林业局2023年工作总结", Body, "",
            "县商务局2023年工作总结", Body, "",
            "县审计局2023年工作总结", Body,
        ];

        var result = Ingest(lines);

        Assert.Equal(5, result.Reports.Length);
        Assert.Contains(result.Warnings, w => w.Contains("5 title-like lines for 2 declared reports: the declared count is not applied", StringComparison.Ordinal));
    }

    [Fact]
    public void A_signature_block_stays_with_the_report_above_it()
    {
        var result = Ingest(
            "区民政局2023年第三季度工作总结", Body, Body2, "XX区民政局", "2023年10月18日",
            "",
            "区财政局2023年第三季度工作总结", Body);

        Assert.Equal([(1, 5, "区民政局2023年第三季度工作总结"), (7, 8, "区财政局2023年第三季度工作总结")], Reports(result));
        Assert.EndsWith("::: signature\nXX区民政局\\\n2023年10月18日\n:::\n", result.Reports[0].Report.Markdown, StringComparison.Ordinal);
        Assert.Equal("XX区民政局", result.Reports[0].Report.Metadata.Organization.Value);
    }

    [Fact]
    public void A_signature_directly_followed_by_the_next_title_still_stays_above()
    {
        var result = Ingest(
            "区民政局2023年第三季度工作总结", Body, "XX区民政局", "2023年10月18日",
            "区财政局2023年第三季度工作总结", Body);

        Assert.Equal([(1, 4, "区民政局2023年第三季度工作总结"), (5, 6, "区财政局2023年第三季度工作总结")], Reports(result));
        Assert.Equal(new DateOnly(2023, 10, 18), result.Reports[0].Report.Metadata.Date.Value);
    }

    [Fact]
    public void A_name_above_a_title_that_names_its_own_unit_signs_the_report_before_it()
    {
        var result = Ingest("县民政局2023年工作总结", Body, Body2, "2023年12月26日", "县民政局", "县财政局2023年工作总结", Body, Body2);

        Assert.Equal([(1, 5, "县民政局2023年工作总结"), (6, 8, "县财政局2023年工作总结")], Reports(result));
        Assert.Equal(new DateOnly(2023, 12, 26), result.Reports[0].Report.Metadata.Date.Value);
    }

    [Fact]
    public void An_organisation_name_alone_on_the_line_before_a_title_is_part_of_the_title()
    {
        var result = Ingest(Body, "", "区民政局", "2023年第三季度工作总结", Body, Body2);

        var report = Assert.Single(result.Reports, r => !r.Report.Metadata.Title.Value.StartsWith("split", StringComparison.Ordinal));
        Assert.Equal("区民政局2023年第三季度工作总结", report.Report.Metadata.Title.Value);
        Assert.Equal(3, report.Report.Sources[0].Line);
        Assert.Contains(3, report.Lines);
        Assert.Contains(4, report.Lines);
        Assert.Equal("民政局", report.Report.Metadata.Department.Value);
        Assert.Equal(FieldSource.Title, report.Report.Metadata.Department.Source);
    }

    [Fact]
    public void A_title_under_its_units_name_after_a_signature_starts_a_report_when_its_first_line_is_short()
    {
        // A PDF's text: lines broken at a fixed width, so the line under the title is short and has no full stop.
        var result = Ingest(
            "县发展和改革局2023年工作总结", Body, Body2, "县发展和改革局", "2023年12月28日",
            "县人力资源和社会保障局", "2023年工作总结", "2023年，县人社局坚持以人民为中心的发展思想，聚焦", "稳就业、强社保、优服务，各项工作取得新成效。", Body2);

        Assert.Equal([(1, 5, "县发展和改革局2023年工作总结"), (6, 10, "县人力资源和社会保障局2023年工作总结")], Reports(result));
        Assert.Equal(new DateOnly(2023, 12, 28), result.Reports[0].Report.Metadata.Date.Value);
    }

    [Theory]
    [InlineData("县委：")]
    [InlineData("县委、县政府：")]
    [InlineData("尊敬的各位领导：")]
    public void A_title_followed_by_the_addressee_of_an_official_report_cuts_a_report(string addressee)
    {
        var result = Ingest("县民政局2023年工作总结", Body, Body2, "县民政局", "2023年12月20日", "",
            "中共XX县委组织部", "关于2023年度工作总结的报告", "", addressee, Body, Body2);

        Assert.Equal([(1, 5, "县民政局2023年工作总结"), (7, 12, "中共XX县委组织部关于2023年度工作总结的报告")], Reports(result));
    }

    [Fact]
    public void A_short_line_ending_with_a_colon_under_a_heading_inside_a_report_is_no_addressee()
    {
        var result = Ingest("县民政局2023年工作总结", Body, "工作计划", "主要目标：", Body2);

        Assert.Equal([(1, 5, "县民政局2023年工作总结")], Reports(result));
    }

    [Fact]
    public void An_organisation_line_right_after_a_signature_date_belongs_to_the_next_title()
    {
        var result = Ingest(
            "区民政局2023年第三季度工作总结", Body, "XX区民政局", "2023年10月18日",
            "区财政局", "2023年第三季度工作总结", Body);

        Assert.Equal([(1, 4, "区民政局2023年第三季度工作总结"), (5, 7, "区财政局2023年第三季度工作总结")], Reports(result));
        Assert.NotNull(result.Reports[0].Report.Metadata.Date.Value);
    }

    [Fact]
    public void A_short_line_that_is_not_an_organisation_is_not_joined_to_the_title()
    {
        var result = Ingest("附件", "2023年第三季度工作总结", Body, Body2);

        Assert.DoesNotContain(result.Reports, r => r.Report.Metadata.Title.Value.StartsWith("附件", StringComparison.Ordinal));
    }

    [Fact]
    public void Titles_with_years_in_chinese_numerals_or_full_width_digits_cut_reports()
    {
        var result = Ingest("XX县民政局二〇二三年工作总结", Body, Body2, "————————", "XX县财政局２０２３年工作总结", Body, Body2);

        Assert.Equal([(1, 3, "XX县民政局二〇二三年工作总结"), (5, 7, "XX县财政局2023年工作总结")], Reports(result));
        Assert.All(result.Reports, r => Assert.Equal(2023, r.Report.Metadata.Year.Value));
        Assert.Equal(["民政局", "财政局"], result.Reports.Select(r => r.Report.Metadata.Department.Value));
    }

    [Fact]
    public void Titles_numbered_like_headings_cut_reports_when_they_name_a_department()
    {
        var result = Ingest("1.区教育局2023年工作总结", Body, "一、基础教育提质", Body2, "2.区卫健局2023年工作总结", Body, Body2);

        Assert.Equal([(1, 4, "区教育局2023年工作总结"), (5, 7, "区卫健局2023年工作总结")], Reports(result));
        Assert.Contains(result.Log, e => e.Line == 5 && e.Action == CleaningAction.Trimmed && e.Detail.Contains("'2.'", StringComparison.Ordinal));
        Assert.Equal(["教育局", "卫生健康委员会"], result.Reports.Select(r => r.Report.Metadata.Department.Value));
    }

    [Fact]
    public void Titles_numbered_in_brackets_cut_reports_too()
    {
        var result = Ingest("（一）区文旅局2023年工作总结", Body, Body2, "（二）区商务局2023年工作总结", Body, Body2);

        Assert.Equal([(1, 3, "区文旅局2023年工作总结"), (4, 6, "区商务局2023年工作总结")], Reports(result));
    }

    [Fact]
    public void A_numbered_heading_without_a_department_stays_inside_its_report()
    {
        var result = Ingest("区财政局2023年工作总结及2024年工作计划", Body, "一、2023年工作总结", Body, "二、2024年工作计划", Body2);

        Assert.Equal([(1, 6, "区财政局2023年工作总结及2024年工作计划")], Reports(result));
    }

    [Fact]
    public void A_subtitle_under_a_main_title_starts_a_report_and_gives_its_facts()
    {
        var result = Ingest("区民政局2023年工作总结", Body, Body2, "", "凝心聚力谋发展 砥砺奋进开新局", "——区财政局2023年工作总结", Body, Body2);

        Assert.Equal([(1, 3, "区民政局2023年工作总结"), (5, 8, "凝心聚力谋发展 砥砺奋进开新局——区财政局2023年工作总结")], Reports(result));
        var facts = result.Reports[1].Report.Metadata;
        Assert.Equal(("区", "财政局", 2023), (facts.Level.Value, facts.Department.Value, facts.Year.Value));
        Assert.Equal("区财政局", facts.Organization.Value);
    }

    [Fact]
    public void A_subtitle_without_a_main_title_loses_its_dash()
    {
        var result = Ingest("区民政局2023年工作总结", Body, Body2, "——区财政局2023年工作总结", Body, Body2);

        Assert.Equal([(1, 3, "区民政局2023年工作总结"), (4, 6, "区财政局2023年工作总结")], Reports(result));
    }

    [Fact]
    public void A_title_with_no_text_before_the_next_title_is_not_published_and_is_named()
    {
        var result = Ingest("区文联2023年工作总结", "", "区民政局2023年工作总结", Body, Body2, "", "区财政局2023年工作总结");

        Assert.Equal([(3, 5, "区民政局2023年工作总结")], Reports(result));
        Assert.Contains(result.Log, e => e.Line == 1 && e.Action == CleaningAction.Dropped && e.Detail == "title without text");
        Assert.Contains(result.Log, e => e.Line == 7 && e.Action == CleaningAction.Dropped && e.Detail == "title without text");
        Assert.Contains(result.Warnings, w => w.Contains("line 1 (区文联2023年工作总结)", StringComparison.Ordinal) && w.Contains("next title (line 3)", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("line 7", StringComparison.Ordinal) && w.Contains("end of the file", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_without_any_title_becomes_one_report_titled_after_the_file_with_a_warning()
    {
        var result = Ingest(IngestPipeline.Default, "区农业农村局_情况说明.txt", Body, Body2, Body);

        var report = Assert.Single(result.Reports).Report;
        Assert.Equal("区农业农村局 情况说明", report.Metadata.Title.Value);
        Assert.Equal(FieldSource.FileName, report.Metadata.Title.Source);
        Assert.Equal((1, 3), (report.Sources[0].Line, report.Sources[0].LastLine));
        Assert.Contains(result.Warnings, w => w.Contains("no report title recognised", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2023年第三季度工作总结.txt", 2023, Periods.Q3)]
    [InlineData("2023年第三季度工作总结汇编.txt", null, Periods.Unknown)] // a compilation's name says nothing of one report
    public void A_file_title_gives_the_facts_of_a_report_title_marked_as_from_the_file_name(string file, int? year, string period)
    {
        var result = Ingest(IngestPipeline.Default, file, "各项工作稳步推进，群众满意度不断提升，取得了较好成效。");

        var m = Assert.Single(result.Reports).Report.Metadata;
        Assert.Equal(year, m.Year.Value);
        Assert.Equal(period, m.Period.Value);
        Assert.Equal(year is null ? FieldSource.None : FieldSource.FileName, m.Year.Source);
    }

    private static readonly string[] UntitledCompilation =
    [
        "2023年街道工作总结汇编（3篇）", "", "目录", "1.XX街道2023年工作总结", "2.XX街道2023年平安建设工作总结", "3.XX街道2024年工作计划", "",
        "##paidbegin##", "2023年，XX街道在区委、区政府的坚强领导下，紧紧围绕年初目标任务，凝心聚力，各项工作取得新成效。", "一、经济发展稳中有进", Body, "XX街道办事处", "2023年12月25日",
        "##paidbegin##", "今年以来，街道坚持以人民为中心，全力推进平安建设，辖区社会大局持续和谐稳定。", "一、矛盾纠纷排查化解", Body2, "XX街道综治中心", "2023年12月20日",
        "##paidbegin##", "2024年，街道将紧紧围绕区委、区政府决策部署，重点抓好以下工作，推动各项事业再上新台阶。", "一、聚力经济发展", Body, "XX街道办事处", "2024年1月5日",
    ];

    [Fact]
    public void Signed_reports_without_title_lines_are_titled_in_order_by_the_contents_that_lists_them()
    {
        var result = Ingest(UntitledCompilation);

        Assert.Equal(
            [(9, 13, "XX街道2023年工作总结"), (15, 19, "XX街道2023年平安建设工作总结"), (21, 25, "XX街道2024年工作计划")],
            Reports(result));
        Assert.Equal(FieldSource.Inferred, result.Reports[0].Report.Metadata.Title.Source);
        Assert.Equal(Periods.Annual, result.Reports[2].Report.Metadata.Period.Value);
        Assert.Equal("计划", Assert.Single(result.Reports[2].Report.Metadata.Kinds));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("matches no report title", StringComparison.Ordinal));
    }

    // A contents of two entries, then a signed report without a title line and a titled one.
    private static FileResult UntitledThenTitled(string first, string second) => Ingest(
        "目录", "1." + first, "2." + second, "",
        "##paidbegin##", "2023年，XX街道在区委、区政府的坚强领导下，紧紧围绕年初目标任务，凝心聚力，各项工作取得新成效。", "一、经济发展稳中有进", Body, "XX街道办事处", "2023年12月25日",
        "", "区司法局2023年法治政府建设工作总结", Body, Body2);

    [Fact]
    public void Reports_without_title_lines_beside_titled_ones_take_their_entries_when_the_contents_list_all_in_order()
    {
        var result = UntitledThenTitled("XX街道2023年工作总结", "区司法局2023年法治政府建设工作总结");

        Assert.Equal([(6, 10, "XX街道2023年工作总结"), (12, 14, "区司法局2023年法治政府建设工作总结")], Reports(result));
    }

    [Fact]
    public void Untitled_reports_are_not_titled_by_a_contents_whose_entries_do_not_follow_the_titled_reports()
    {
        var result = UntitledThenTitled("区司法局2023年法治政府建设工作总结", "XX街道2023年工作总结");

        Assert.NotEqual("XX街道2023年工作总结", result.Reports[0].Report.Metadata.Title.Value);
        Assert.NotEqual("区司法局2023年法治政府建设工作总结", result.Reports[0].Report.Metadata.Title.Value);
    }

    [Fact]
    public void Untitled_reports_are_not_titled_by_a_contents_that_lists_another_number_of_reports()
    {
        string[] lines = [.. UntitledCompilation.Where(l => l != "3.XX街道2024年工作计划")];

        var result = Ingest(lines);

        Assert.Equal(3, result.Reports.Length);
        Assert.All(result.Reports, r => Assert.NotEqual("XX街道2023年工作总结", r.Report.Metadata.Title.Value));
    }

    [Fact]
    public void Substantial_text_before_the_first_title_is_kept_as_its_own_report()
    {
        var result = Ingest(Body, Body2, Body, "", "区财政局2023年工作总结", Body);

        Assert.Equal([(1, 3, "split"), (5, 6, "区财政局2023年工作总结")], Reports(result));
        Assert.Contains(result.Warnings, w => w.Contains("text before the first title (lines 1–3)", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_before_the_first_title_that_opens_with_a_documents_title_is_titled_by_it()
    {
        var result = Ingest("关于印发各单位2024年上半年工作总结的通知", "各镇（街道）、县直各单位：", "现将各单位2024年上半年工作总结汇编印发，请结合实际认真学习借鉴。", "县政府办公室", "2024年7月10日",
            "", "区财政局2023年工作总结", Body);

        Assert.Equal([(1, 5, "关于印发各单位2024年上半年工作总结的通知"), (7, 8, "区财政局2023年工作总结")], Reports(result));
        var notice = result.Reports[0].Report;
        Assert.DoesNotContain("关于印发", notice.Markdown, StringComparison.Ordinal); // the title is not repeated as text
        Assert.Contains("各镇（街道）、县直各单位：", notice.Markdown, StringComparison.Ordinal);
        Assert.Contains(result.Warnings, w => w.Contains("titled after its first line", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("关于加强基层治理的几点思考")] // no official document's kind at its end
    [InlineData("印发各单位工作总结的通知")] // not opening with 关于
    public void Text_before_the_first_title_without_a_documents_title_is_titled_after_the_file(string first)
    {
        var result = Ingest(first, Body, Body2, "", "区财政局2023年工作总结", Body);

        Assert.Equal("split", result.Reports[0].Report.Metadata.Title.Value);
    }

    private const string Opening = "2023年，县妇联在县委的坚强领导下，紧紧围绕县委中心工作，团结带领全县广大妇女建功新时代，各项工作取得新成效。";

    [Fact]
    public void A_report_without_a_title_after_the_signature_of_the_one_above_is_cut_off_and_titled_from_its_text()
    {
        var result = Ingest("县民政局2023年工作总结", Body, Body2, "县民政局", "2023年12月20日", Opening, "一、思想引领持续深化", Body2, "县妇联", "2023年12月");

        Assert.Equal([(1, 5, "县民政局2023年工作总结"), (6, 10, "县妇联2023年工作总结")], Reports(result));
        var untitled = result.Reports[1].Report.Metadata;
        Assert.Equal(FieldSource.Inferred, untitled.Title.Source);
        Assert.Equal("妇女联合会", untitled.Department.Value);
        Assert.Equal(new DateOnly(2023, 12, 20), result.Reports[0].Report.Metadata.Date.Value);
        Assert.Contains(result.Warnings, w => w.Contains("no title line", StringComparison.Ordinal));
    }

    [Fact]
    public void Signatures_on_one_line_bound_and_title_a_report_without_a_title_too()
    {
        var result = Ingest("县民政局2023年工作总结", Body, Body2, "县民政局  2023年12月20日", Opening, "一、思想引领持续深化", Body2, "县妇联  2023年12月28日");

        Assert.Equal([(1, 4, "县民政局2023年工作总结"), (5, 8, "县妇联2023年工作总结")], Reports(result));
        Assert.Equal(new DateOnly(2023, 12, 20), result.Reports[0].Report.Metadata.Date.Value);
        Assert.Equal(new DateOnly(2023, 12, 28), result.Reports[1].Report.Metadata.Date.Value);
    }

    [Fact]
    public void A_report_without_a_title_or_a_signature_of_its_own_is_titled_after_the_file()
    {
        var result = Ingest("县民政局2023年工作总结", Body, Body2, "县民政局", "2023年12月20日", Opening, "一、思想引领持续深化", Body2);

        Assert.Equal([(1, 5, "县民政局2023年工作总结"), (6, 8, "split")], Reports(result));
    }

    [Theory]
    [InlineData("附件：2023年民政工作台账", "一、低保资金发放情况", "全年发放低保资金3265万元，惠及群众11235人，资金全部通过一卡通发放到户。")]
    [InlineData("抄送：县委办公室，县人大办公室，县政府办公室，县政协办公室。", "县民政局办公室", "2023年12月21日印发")]
    public void Text_after_a_signature_that_opens_no_report_stays_with_the_report(string first, string second, string third)
    {
        var result = Ingest("县民政局2023年工作总结", Body, Body2, "县民政局", "2023年12月20日", first, second, third);

        Assert.Equal([(1, 8, "县民政局2023年工作总结")], Reports(result));
    }

    [Fact]
    public void A_short_line_before_the_first_title_is_dropped_with_a_warning_and_logged()
    {
        var result = Ingest("内部资料", "", "区财政局2023年工作总结", Body);

        Assert.Equal([(3, 4, "区财政局2023年工作总结")], Reports(result));
        Assert.Contains(result.Log, e => e.Line == 1 && e.Action == CleaningAction.Dropped && e.Detail == "text before the first report title");
        Assert.Contains(result.Log, e => e.Line == 2 && e.Action == CleaningAction.Dropped);
        Assert.Contains(result.Warnings, w => w.Contains("dropped 1 short line(s) before the first title (line 1)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_declared_count_larger_than_the_titles_found_is_a_warning()
    {
        var result = Ingest("工作总结汇编（3篇）", "", "区民政局2023年工作总结", Body, "", "区财政局2023年工作总结", Body);

        Assert.Equal(2, result.Reports.Length);
        Assert.Contains(result.Warnings, w => w.Contains("the header declares 3 reports but 2 titles were found", StringComparison.Ordinal));
    }

    [Fact]
    public void A_table_of_contents_longer_than_the_titles_found_is_a_warning()
    {
        var result = Ingest("目录", "1.", "2.", "3.", "", "区民政局2023年工作总结", Body, "", "区财政局2023年工作总结", Body);

        Assert.Contains(result.Warnings, w => w.Contains("the table of contents lists 3 entries but 2 titles were found", StringComparison.Ordinal));
    }

    [Fact]
    public void A_table_of_contents_entry_without_a_matching_report_is_named()
    {
        var result = Ingest(
            "目录", "1.区民政局2023年工作总结", "2.区审计局2023年工作总结", "",
            "区民政局2023年工作总结", Body, "", "区财政局2023年工作总结", Body);

        Assert.Contains(result.Warnings, w => w.Contains("table of contents entry '区审计局2023年工作总结' (line 3) matches no report title", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("'区民政局2023年工作总结'", StringComparison.Ordinal));
    }

    [Fact]
    public void When_count_contents_and_titles_agree_there_is_no_warning()
    {
        var result = Ingest(
            "工作总结汇编（2篇）", "目录", "1.区民政局2023年工作总结", "2.区财政局2023年工作总结", "",
            "区民政局2023年工作总结", Body, "", "区财政局2023年工作总结", Body);

        Assert.Equal(2, result.Reports.Length);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_title_line_override_starts_a_report_where_no_title_was_recognised()
    {
        string[] lines = ["区民政局2023年工作总结", Body, "", "关于近期工作的几点体会", Body, Body2];
        var pipeline = new IngestPipeline(new IngestOptions
        {
            Overrides = ArchiveOverrides.Parse("files:\n  split.txt:\n    title-lines: [4]\n"),
        });

        Assert.Single(Ingest(lines).Reports);
        var result = Ingest(pipeline, "split.txt", lines);

        Assert.Equal([(1, 2, "区民政局2023年工作总结"), (4, 6, "关于近期工作的几点体会")], Reports(result));
    }

    [Fact]
    public void A_not_title_line_override_keeps_a_title_shaped_line_inside_its_report()
    {
        string[] lines = ["区民政局2023年工作总结", Body, "", "2023年信息化工作总结", Body2];
        var pipeline = new IngestPipeline(new IngestOptions
        {
            Overrides = ArchiveOverrides.Parse("files:\n  split.txt:\n    not-title-lines: [4]\n"),
        });

        Assert.Equal(2, Ingest(lines).Reports.Length);
        var result = Ingest(pipeline, "split.txt", lines);

        Assert.Equal([(1, 5, "区民政局2023年工作总结")], Reports(result));
    }

    [Fact]
    public void A_split_override_for_another_file_changes_nothing()
    {
        string[] lines = ["区民政局2023年工作总结", Body, "", "2023年信息化工作总结", Body2];
        var pipeline = new IngestPipeline(new IngestOptions
        {
            Overrides = ArchiveOverrides.Parse("files:\n  other.txt:\n    not-title-lines: [4]\n"),
        });

        Assert.Equal(2, Ingest(pipeline, "split.txt", lines).Reports.Length);
    }

    [Fact]
    public void A_title_line_override_naming_a_blank_or_dropped_line_is_a_warning()
    {
        var pipeline = new IngestPipeline(new IngestOptions
        {
            Overrides = ArchiveOverrides.Parse("files:\n  split.txt:\n    title-lines: [2, 3]\n"),
        });

        var result = Ingest(pipeline, "split.txt", "区民政局2023年工作总结", "", "【哒哒素材库】每天更新材料", Body);

        Assert.Contains(result.Warnings, w => w.Contains("override names line 2 as a title", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("override names line 3 as a title", StringComparison.Ordinal));
    }
}
