using Archive.Core;
using Archive.Ingest.Tests.Support;

namespace Archive.Ingest.Tests.Metadata;

/// <summary>
/// Level and department, from the most to the least explicit source: the title's unit or note, the
/// signature's organisation, the body's self-references and department mentions, then inference from
/// topic words (only for a report that calls itself 我局). When nothing says, 未知 with no source.
/// </summary>
public sealed class LevelAndDepartmentTests
{
    private const string Plain = "各项工作稳步推进，重点任务全面完成，取得了较好成效。";

    private static ReportMetadata Meta(string title, params string[] body)
    {
        var result = IngestPipeline.Default.IngestFile(Sources.Text("meta.txt", [title, .. body]));
        var report = Assert.Single(result.Reports).Report;
        Assert.Equal(title, report.Metadata.Title.Value);
        return report.Metadata;
    }

    private static void AssertField(Sourced<string> field, string value, FieldSource source)
    {
        Assert.True(field.Value == value && field.Source == source, $"got {field.Value} from {field.Source} ({field.Evidence}), expected {value} from {source}");
    }

    [Theory]
    [InlineData("区财政局2023年工作总结", "区", "财政局")]
    [InlineData("县经信局2023年第三季度重点工作总结", "县", "经济和信息化局")]
    [InlineData("团区委2023年第三季度转作风提效能工作总结", "区", "共青团")]
    [InlineData("公路街办2023年上半年工作总结暨下半年工作计划", "街道", "街道办事处")]
    [InlineData("镇2023年第三季度转作风提效能工作总结", "镇", "镇人民政府")]
    [InlineData("2023年第三季度工作总结和第四季度计划（街道）", "街道", "街道办事处")]
    [InlineData("2023年工作总结及2024年工作计划（镇乡）", "镇", "镇人民政府")]
    [InlineData("市商务局2023年工作总结", "市", "商务局")]
    [InlineData("广西壮族自治区林业局2023年工作总结", "省", "林业局")]
    [InlineData("市直机关工委2023年工作总结", "市", "机关工作委员会")]
    [InlineData("县关工委2023年工作总结", "县", "关心下一代工作委员会")]
    [InlineData("市公安局XX分局2023年工作总结", "市", "公安局")]
    [InlineData("区审计局2022—2023年工作总结", "区", "审计局")]
    [InlineData("XX市生态环境局XX分局2023年工作总结", "市", "生态环境局")]
    [InlineData("市公安局城东区分局2023年工作总结", "区", "公安局")]
    [InlineData("市自然资源和规划局XX分局2023年上半年工作总结", "市", "自然资源局")]
    [InlineData("XX省交通运输厅2023年工作总结", "省", "交通运输局")]
    [InlineData("广西壮族自治区民政厅2023年工作总结", "省", "民政局")]
    [InlineData("2023年度工作总结-县审计局", "县", "审计局")]
    [InlineData("2023年上半年工作总结——XX街道", "街道", "街道办事处")]
    public void The_title_names_the_level_and_department(string title, string level, string department)
    {
        var m = Meta(title, Plain);

        AssertField(m.Level, level, FieldSource.Title);
        AssertField(m.Department, department, FieldSource.Title);
    }

    [Theory]
    [InlineData("市地震局2023年工作总结", "市", "地震局")]
    [InlineData("县烟草专卖局2022年上半年工作总结", "县", "烟草专卖局")]
    [InlineData("XX镇农业综合服务中心2024年第一季度工作总结", "镇", "农业综合服务中心")]
    [InlineData("县第一中学2023年工作总结", "县", "第一中学")]
    [InlineData("XX镇中心幼儿园2023年工作总结", "镇", "中心幼儿园")]
    [InlineData("区市场服务中心2023年工作总结", "区", "市场服务中心")]
    [InlineData("XX省国防科技工业厅2023年工作总结", "省", "国防科技工业厅")]
    public void A_department_not_in_the_table_is_named_as_written_with_the_level_of_its_place(string title, string level, string department)
    {
        var m = Meta(title, Plain);

        AssertField(m.Level, level, FieldSource.Title);
        AssertField(m.Department, department, FieldSource.Title);
        Assert.Contains("not in the department table", m.Department.Evidence, StringComparison.Ordinal);
        Assert.Equal(title[..title.IndexOf("20", StringComparison.Ordinal)], m.Organization.Value);
    }

    [Theory]
    [InlineData("XX县2023年政府工作报告", "县")]
    [InlineData("XX县XX镇XX村2023年工作总结", "镇")]
    [InlineData("XX市XX区XX街道XX社区2024年工作计划", "街道")]
    public void A_unit_that_is_a_place_or_lies_in_one_gives_that_places_level(string title, string level)
    {
        var m = Meta(title, Plain);

        AssertField(m.Level, level, FieldSource.Title);
    }

    [Theory]
    [InlineData("XX局2023年工作总结")]
    [InlineData("县委办公室2023年工作总结", "党委办公室")]
    [InlineData("市局2023年工作总结")]
    [InlineData("乡村振兴2023年工作总结")]
    public void A_masked_bare_or_committee_office_name_is_no_unlisted_department(string title, string department = Levels.Unknown)
    {
        var m = Meta(title, Plain);

        Assert.Equal(department, m.Department.Value);
    }

    [Theory]
    [InlineData("XX街道党工委书记2023年度述职报告", "街道", "街道办事处")]
    [InlineData("县财政局局长2023年述职报告", "县", "财政局")]
    [InlineData("区发改局副局长2024年上半年工作总结", "区", "发展和改革局")]
    public void A_post_after_the_organisation_in_a_title_is_cut_off_before_the_lookup(string title, string level, string department)
    {
        var m = Meta(title, Plain);

        AssertField(m.Level, level, FieldSource.Title);
        AssertField(m.Department, department, FieldSource.Title);
    }

    [Theory]
    [InlineData("2023年区财政局工作总结", "区", "财政局")]
    [InlineData("2023年度县民政局工作总结", "县", "民政局")]
    [InlineData("2024年上半年XX镇安全生产工作总结", "镇", "镇人民政府")]
    [InlineData("二〇二三年度XX苏木工作总结", "镇", "镇人民政府")]
    [InlineData("2023年1-9月市地震局工作总结", "市", "地震局")]
    [InlineData("关于区财政局2023年工作情况的报告", "区", "财政局")]
    [InlineData("2022-2023年度区教育局工作总结", "区", "教育局")]
    [InlineData("2023年工作总结（县财政局）", "县", "财政局")]
    [InlineData("【县水利局】2023年工作总结", "县", "水利局")]
    [InlineData("县审计局：2023年工作总结", "县", "审计局")]
    [InlineData("县教育局（县体育局）2023年工作总结", "县", "教育局")]
    [InlineData("县司法局20xx年工作总结", "县", "司法局")]
    public void A_unit_after_the_time_or_the_about_a_title_starts_with_names_the_level_and_department(string title, string level, string department)
    {
        var m = Meta(title, Plain);

        AssertField(m.Level, level, FieldSource.Title);
        AssertField(m.Department, department, FieldSource.Title);
        Assert.DoesNotContain("关于", m.Organization.Value ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("年", m.Organization.Value ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("XX社区2023年工作总结", "社区居民委员会")]
    [InlineData("XX村党支部2023年工作总结", "村民委员会")]
    [InlineData("XX县XX镇XX村2023年工作总结", "村民委员会")]
    [InlineData("XX旗XX苏木XX嘎查2023年工作总结", "村民委员会")]
    public void A_community_or_a_village_is_the_department_of_its_own_report(string title, string department)
    {
        var m = Meta(title, Plain);

        AssertField(m.Department, department, FieldSource.Title);
    }

    [Theory]
    [InlineData("2023年全县安全生产工作总结")]
    [InlineData("2023年抓党建第三季度工作总结")]
    [InlineData("2023年上半年营商环境工作总结")]
    public void Words_after_the_time_that_name_no_department_give_none(string title)
    {
        var m = Meta(title, Plain);

        Assert.Equal(Levels.Unknown, m.Department.Value);
    }

    [Theory]
    [InlineData("（2023年12月20日）", "2023-12-20")]
    [InlineData("(二〇二三年十二月二十日)", "2023-12-20")]
    [InlineData("（2023年12月）", null)]
    [InlineData("（2023年12月20日在全县大会上的讲话）", null)]
    [InlineData("（县统计局 2024年1月5日）", "2024-01-05")]
    [InlineData("（县统计局2024年1月5日）", null)]
    [InlineData("县统计局 2024年1月5日", "2024-01-05")]
    [InlineData("2024年1月5日", "2024-01-05")]
    [InlineData("县统计局|2024年1月5日", "2024-01-05")]
    [InlineData("县统计局|（2024年1月5日）", "2024-01-05")]
    [InlineData("县统计局局长 张三|（2024年1月5日）", "2024-01-05")]
    [InlineData("县统计局 李四|2024年1月5日", "2024-01-05")]
    [InlineData("——2024年1月8日在XX县第十八届人民代表大会第三次会议上|县长 王XX", "2024-01-08")]
    [InlineData("——二〇二四年一月八日在全县经济工作会议上", "2024-01-08")]
    [InlineData("——2024年1月8日至10日开展专项检查", null)]
    [InlineData("统计工作 很好|2024年1月5日", null)]
    [InlineData("今年以来，我局稳步推进各项工作。|2024年1月5日", null)]
    public void A_byline_under_the_title_dates_a_report_without_a_dated_signature(string lines, string? expected)
    {
        var m = Meta("县商务局2023年工作总结", [.. lines.Split('|'), Plain]);

        Assert.Equal(expected, m.Date.Value?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected is null ? FieldSource.None : FieldSource.Body, m.Date.Source);
    }

    [Theory]
    [InlineData("县商务局2023年工作总结（2024年1月5日）", "2024-01-05")]
    [InlineData("县商务局2023年工作总结(二〇二三年十二月二十日)", "2023-12-20")]
    [InlineData("县商务局2023年工作总结（2023年12月）", null)]
    [InlineData("县商务局2023年工作总结（2023年12月20日修订）", null)]
    [InlineData("县商务局2023年1月5日至12月20日工作总结", null)]
    public void A_date_in_brackets_at_the_end_of_the_title_dates_the_report(string title, string? expected)
    {
        var m = Meta(title, Plain);

        Assert.Equal(expected, m.Date.Value?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected is null ? FieldSource.None : FieldSource.Title, m.Date.Source);
    }

    [Fact]
    public void A_byline_date_under_the_title_comes_before_one_in_the_title()
    {
        var m = Meta("县商务局2023年工作总结（2024年1月5日）", ["（2024年1月8日）", Plain]);

        Assert.Equal(new DateOnly(2024, 1, 8), m.Date.Value);
        Assert.Equal(FieldSource.Body, m.Date.Source);
    }

    [Theory]
    [InlineData("县司法局|（2024年1月15日）", "县", "司法局", "县司法局")]
    [InlineData("（2023年12月20日）|县商务局", "县", "商务局", "县商务局")]
    [InlineData("（XX区统计局 2024年1月5日）", "区", "统计局", "XX区统计局")]
    [InlineData("县民政局局长 张三|（2024年1月5日）", "县", "民政局", "县民政局")]
    public void A_unit_named_under_a_title_without_one_files_the_report(string lines, string level, string department, string organization)
    {
        var m = Meta("关于2023年度法治政府建设工作情况的报告", [.. lines.Split('|'), "按照有关要求，现将2023年度工作情况报告如下："]);

        AssertField(m.Level, level, FieldSource.Body);
        AssertField(m.Department, department, FieldSource.Body);
        Assert.Equal(organization, m.Organization.Value);
    }

    [Theory]
    [InlineData("县委：")]
    [InlineData("今年以来，县司法局稳步推进各项工作。")]
    public void An_addressee_or_a_sentence_under_the_title_names_no_unit(string line)
    {
        var m = Meta("关于2023年度法治政府建设工作情况的报告", [line, "按照有关要求，现将2023年度工作情况报告如下："]);

        Assert.Null(m.Organization.Value);
    }

    [Theory]
    [InlineData("中共XX镇委员会|XX镇人民政府|2023年12月25日", "中共XX镇委员会 XX镇人民政府", "镇人民政府", "2023-12-25")]
    [InlineData("报送单位：XX县审计局|报送时间：2023年12月28日", "XX县审计局", "审计局", "2023-12-28")]
    [InlineData("XX县财政局（盖章）|2023年12月27日", "XX县财政局", "财政局", "2023-12-27")]
    [InlineData("2023年12月26日|XX县民政局", "XX县民政局", "民政局", "2023-12-26")]
    public void A_signature_names_its_organisations_without_labels_or_seal_notes(string lines, string organization, string department, string date)
    {
        var m = Meta("2023年工作总结", [Plain, .. lines.Split('|')]);

        Assert.Equal(organization, m.Organization.Value);
        AssertField(m.Department, department, FieldSource.Signature);
        Assert.Equal(date, m.Date.Value?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2023年12月25日", "2023-12-25")]
    [InlineData("二〇二三年十二月二十五日", "2023-12-25")]
    [InlineData("2023.12.25", "2023-12-25")]
    [InlineData("2023/12/25", "2023-12-25")]
    [InlineData("2023-12-25", "2023-12-25")]
    [InlineData("2023年12月25号", "2023-12-25")]
    [InlineData("2023年12月25日（此件公开发布）", "2023-12-25")]
    [InlineData("日期：2023年12月25日", "2023-12-25")]
    [InlineData("时间：2023年12月25日", null)]
    [InlineData("2023-12/25", null)]
    [InlineData("2023.13.25", null)]
    [InlineData("2023.12", null)]
    public void A_signature_date_is_read_in_words_or_digits_with_one_separator(string line, string? expected)
    {
        var m = Meta("第三季度工作总结", Plain, "XX县林业局", line);

        Assert.Equal(expected, m.Date.Value?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_signature_dated_to_the_month_gives_the_year_but_no_date()
    {
        var m = Meta("第三季度工作总结", Plain, "XX县林业局", "2023年12月");

        Assert.Null(m.Date.Value);
        Assert.Equal(2023, m.Year.Value);
        Assert.Equal(FieldSource.Signature, m.Year.Source);
    }

    [Fact]
    public void A_signature_not_in_the_table_names_the_department_as_written()
    {
        var m = Meta("2023年第三季度工作总结", Plain, "XX县气象灾害防御指挥部", "2023年10月19日");

        AssertField(m.Department, "气象灾害防御指挥部", FieldSource.Signature);
        AssertField(m.Level, "县", FieldSource.Signature);
    }

    [Fact]
    public void An_unlisted_department_suffix_can_be_switched_off_from_the_archive()
    {
        var table = Archive.Ingest.Rules.DepartmentTable.FromYaml("disable: [局]");

        Assert.Null(table.Match("市地震局"));
        Assert.Equal("地震局", Archive.Ingest.Rules.DepartmentTable.Default.Match("市地震局")?.Department.Name);
    }

    [Theory]
    [InlineData("XX市XX区发展和改革局", "区", "发展和改革局")]
    [InlineData("共青团XX市XX区委员会", "区", "共青团")]
    [InlineData("XX县林业局", "县", "林业局")]
    [InlineData("XX州林业和草原局", "市", "林业局")]
    public void The_signature_names_the_level_and_department(string organisation, string level, string department)
    {
        var m = Meta("2023年第三季度工作总结", Plain, organisation, "2023年10月19日");

        AssertField(m.Level, level, FieldSource.Signature);
        AssertField(m.Department, department, FieldSource.Signature);
        Assert.Equal(organisation, m.Organization.Value);
        Assert.Equal(new DateOnly(2023, 10, 19), m.Date.Value);
    }

    [Fact]
    public void The_title_wins_over_the_signature()
    {
        var m = Meta("区民政局2023年第三季度工作总结", Plain, "XX县财政局", "2023年10月19日");

        AssertField(m.Level, "区", FieldSource.Title);
        AssertField(m.Department, "民政局", FieldSource.Title);
    }

    [Fact]
    public void The_body_naming_the_department_with_a_place_word_gives_it()
    {
        var m = Meta("2023年三季度工作总结及下步工作计划", "今年以来，全区工业经济稳中有进，规上工业增加值增长6%。", "下一步，区经信局将继续抓好工业稳增长工作。");

        AssertField(m.Level, "区", FieldSource.Body);
        AssertField(m.Department, "经济和信息化局", FieldSource.Body);
    }

    [Fact]
    public void The_party_committee_and_government_of_a_level_say_the_level_but_not_the_department()
    {
        var m = Meta("2023年工作总结", "今年以来，在区委、区政府的坚强领导下，我局坚持稳中求进，各项工作取得新成效。");

        AssertField(m.Level, "区", FieldSource.Body);
        AssertField(m.Department, Levels.Unknown, FieldSource.None);
    }

    [Fact]
    public void A_superior_department_mentioned_in_the_body_is_not_the_reporting_department()
    {
        var m = Meta("2023年前三季度工作总结", "2023年，在州委、州政府的坚强领导下，在省林业局的精心指导下，我州各项工作稳步推进。全州完成营造林任务。");

        AssertField(m.Level, "市", FieldSource.Body);
        AssertField(m.Department, Levels.Unknown, FieldSource.None);
    }

    [Fact]
    public void The_department_of_the_reports_own_level_is_found_among_superior_mentions()
    {
        var m = Meta(
            "2023年前三季度工作总结",
            "2023年，在州委、州政府的坚强领导下，在省林业局的精心指导下，我州各项工作稳步推进。",
            "州林业局牵头完成营造林任务，州林业局联合各县开展森林防火检查。");

        AssertField(m.Level, "市", FieldSource.Body);
        AssertField(m.Department, "林业局", FieldSource.Body);
    }

    [Fact]
    public void An_autonomous_region_is_a_province_never_a_district()
    {
        var m = Meta("2023年工作总结", "今年以来，在自治区党委、自治区政府的坚强领导下，全自治区林业工作稳步推进，自治区直属林场完成造林任务。");

        AssertField(m.Level, "省", FieldSource.Body);
    }

    [Fact]
    public void An_autonomous_region_department_is_not_a_district_department()
    {
        var m = Meta("2023年工作总结", "今年以来，全区林业工作稳步推进。在自治区林业局的指导下，完成造林任务。");

        AssertField(m.Level, "区", FieldSource.Body);
        AssertField(m.Department, Levels.Unknown, FieldSource.None);
    }

    [Fact]
    public void An_area_naming_itself_as_the_subject_is_its_own_government()
    {
        var m = Meta("2023年工作总结", "今年以来，XX镇坚持以党建为引领，全力推进乡村振兴各项工作。");

        AssertField(m.Level, "镇", FieldSource.Body);
        AssertField(m.Department, "镇人民政府", FieldSource.Body);
    }

    [Fact]
    public void When_nothing_says_level_and_department_are_unknown_without_a_source()
    {
        var m = Meta("2023年工作总结", Plain);

        AssertField(m.Level, Levels.Unknown, FieldSource.None);
        AssertField(m.Department, Levels.Unknown, FieldSource.None);
        Assert.Null(m.Level.Evidence);
        Assert.Null(m.Organization.Value);
    }

    private const string CivilAffairs =
        "今年以来，{0}扎实做好低保、特困人员救助供养工作，全年发放低保金1200万元、特困供养金300万元。"
        + "加强养老服务体系建设，新建养老服务站3个。规范婚姻登记和殡葬管理，深化社会救助改革，积极发展慈善事业。";

    [Fact]
    public void A_report_calling_itself_our_bureau_with_dominant_topic_words_gets_an_inferred_department()
    {
        var m = Meta("2023年工作总结", string.Format(System.Globalization.CultureInfo.InvariantCulture, CivilAffairs, "我局"));

        AssertField(m.Department, "民政局", FieldSource.Inferred);
        Assert.Contains("我局", m.Department.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Topic_words_alone_without_our_bureau_infer_nothing()
    {
        var m = Meta("2023年工作总结", string.Format(System.Globalization.CultureInfo.InvariantCulture, CivilAffairs, "我们"));

        AssertField(m.Department, Levels.Unknown, FieldSource.None);
    }

    [Fact]
    public void Our_bureau_with_few_topic_words_infers_nothing()
    {
        var m = Meta("2023年工作总结", "今年以来，我局扎实做好低保工作，各项工作稳步推进，取得了较好成效。");

        AssertField(m.Department, Levels.Unknown, FieldSource.None);
    }

    [Fact]
    public void Topic_words_of_two_departments_in_balance_infer_nothing()
    {
        var m = Meta(
            "2023年工作总结",
            "今年以来，我局扎实做好低保、特困、养老服务、婚姻登记、殡葬、社会救助工作。"
            + "同时抓好预算管理、财政收入、专项债、政府采购、国有资产、绩效评价工作。");

        AssertField(m.Department, Levels.Unknown, FieldSource.None);
    }
}
