using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Archive.Ingest.Output;

namespace Archive.Bench;

/// <summary>Settings of one synthetic archive.</summary>
internal sealed record GeneratorOptions(int Reports, int PerFile, int Seed);

/// <summary>What was written.</summary>
internal sealed record GeneratorResult(int Files, int Reports, long Bytes, int Retries);

/// <summary>
/// Writes N synthetic reports as raw compilation files, recombined from the real reports of input/:
/// each report takes a real report's outline as its skeleton, swaps in openings and paragraphs from
/// other reports (and shuffles them within a section), rewrites the title's unit (level + one of ~70
/// real department names), year (2016–2025) and period, and randomises figures and xx placeholders so
/// that no two bodies open alike (the archive merges reports whose body openings are equal). Files
/// keep the noise of the real ones: a 「…汇编（10篇）」 header, sometimes a table of contents,
/// ##paidbegin## glued to the first title, advertising lines and ##paidend## at the end.
/// Deterministic for a given seed and input.
/// </summary>
internal sealed partial class Generator(Corpus corpus, GeneratorOptions options)
{
    // Department names as titles write them (short and long forms), from departments.yaml.
    private static readonly string[] DepartmentNames =
    [
        "发改局", "发展和改革局", "经信局", "工信局", "科技局", "教育局", "教体局", "公安局", "民政局", "司法局",
        "财政局", "人社局", "人力资源和社会保障局", "自然资源局", "自然资源和规划局", "生态环境局", "住建局", "住房和城乡建设局",
        "交通运输局", "水利局", "水务局", "农业农村局", "林业局", "林业和草原局", "商务局", "文旅局", "文化广电旅游局",
        "卫健委", "卫生健康局", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "市场监管局", "统计局",
        "医疗保障局", "医保局", "城市管理局", "综合行政执法局", "信访局", "税务局", "粮食和物资储备局", "民宗局",
        "政府办", "行政审批服务局", "政务服务管理局", "机关事务管理局", "乡村振兴局", "国资委", "金融工作局", "投资促进局",
        "招商中心", "档案馆", "融媒体中心", "住房公积金管理中心", "气象局", "供销社", "人民法院", "检察院", "人大常委会",
        "政协", "纪委监委", "委组织部", "委宣传部", "委统战部", "委政法委", "编办", "老干部局", "妇联", "总工会", "残联",
        "科协", "工商联", "文联", "红十字会",
    ];

    private static readonly string[] Levels = ["市", "县", "区"];

    // Areas that report as themselves: a township, a sub-district, a development zone.
    private static readonly string[] AreaUnits =
    [
        "镇", "xx镇", "XX镇", "乡", "xx乡", "街道", "xx街道", "XX街道办事处", "街道办", "管理区", "经济开发区", "工业园区", "高新区",
    ];

    // Notes that name the unit after the title instead of before it.
    private static readonly string[] TrailingUnits = ["（街道）", "（镇乡）", "（乡镇）", "（街道办）"];

    private static readonly string[] Topics = ["", "", "", "", "重点", "“转作风提效能”", "抓党建", "党建", "安全生产", "招商引资", "营商环境", "乡村振兴", "项目建设"];

    private static readonly string[] PeriodCodes = ["annual", "annual", "annual", "H1", "H1", "Q1", "Q2", "Q3", "Q3", "Q1-Q3", "Q4"];

    [GeneratedRegex(@"(?<![0-9])(?<y>(19|20)\d{2})(?=\s*年)")]
    private static partial Regex YearInText();

    // A figure: digits with an optional decimal part, with what follows it (to tell months, days, outline numbers).
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?<n>\d+)(?<frac>\.\d+)?(?<after>[月日号、．.）)]?)")]
    private static partial Regex Figure();

    // A masked figure: xx人, XX%, ××个… (only before a unit, so masked place names stay masked).
    [GeneratedRegex(@"(?<![A-Za-z])(?<x>[xX×]{1,4})(?=[人户个条期项家次万亿元%％名所座件场批天亩吨台辆套处支份余多倍])")]
    private static partial Regex MaskedFigure();

    [GeneratedRegex(@"^(\d{1,2}\s*[、．.]|[（(]\s*\d{1,2}\s*[)）])")]
    private static partial Regex NumberedStart();

    private readonly Random _random = new(options.Seed);
    private readonly HashSet<string> _openings = new(StringComparer.Ordinal);

    public GeneratorResult Write(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var old in Directory.EnumerateFiles(directory, "*.txt"))
        {
            System.IO.File.Delete(old);
        }

        var files = (options.Reports + options.PerFile - 1) / options.PerFile;
        long bytes = 0;
        var retries = 0;
        var written = 0;
        for (var f = 0; f < files; f++)
        {
            var count = Math.Min(options.PerFile, options.Reports - written);
            var (text, fileRetries) = Compilation(count);
            var name = $"{f:D4}_{Hex(16)}.txt";
            var data = Encoding.UTF8.GetBytes(text);
            System.IO.File.WriteAllBytes(Path.Combine(directory, name), data);
            bytes += data.Length;
            retries += fileRetries;
            written += count;
        }

        return new GeneratorResult(files, written, bytes, retries);
    }

    private (string Text, int Retries) Compilation(int count)
    {
        // A compilation is usually themed: one year and period, with a few strays.
        var year = 2016 + _random.Next(10);
        var period = Pick(PeriodCodes);
        var reports = new List<(string Title, List<string> Lines)>(count);
        var retries = 0;
        for (var i = 0; i < count; i++)
        {
            var (y, p) = _random.NextDouble() < 0.8 ? (year, period) : (2016 + _random.Next(10), Pick(PeriodCodes));
            var (report, tries) = Report(y, p);
            reports.Add(report);
            retries += tries;
        }

        var style = _random.Next(4); // 0: compact (000), 1: blank lines between reports (002), 2: blank lines everywhere (003), 3: no header (001)
        var sb = new StringBuilder();
        var collection = $"{year}年{CollectionName(year, period)}";
        switch (style)
        {
            case 0:
                sb.Append(collection).Append("汇编\n（").Append(count).Append("篇）\n");
                break;
            case 1:
                sb.Append('\n').Append(Pick(["各级局机关", "各部门", "县直单位", "区直部门", "乡镇街道", ""])).Append(collection).Append("材料汇编（").Append(count).Append("篇）\n\n\n\n\n");
                break;
            case 2:
                sb.Append('\n').Append(collection).Append("汇编（").Append(count).Append("篇）\n\n目录\n\n");
                for (var i = 1; i <= count; i++)
                {
                    sb.Append(i.ToString(CultureInfo.InvariantCulture)).Append(".\n");
                }

                sb.Append("\n\n\n");
                break;
            default:
                sb.Append(collection).Append("汇编（").Append(count).Append("篇）\n\n");
                break;
        }

        for (var i = 0; i < reports.Count; i++)
        {
            var (title, lines) = reports[i];
            sb.Append(i == 0 ? "##paidbegin##" : "").Append(title).Append('\n');
            if (style == 2)
            {
                sb.Append('\n');
            }

            foreach (var line in lines)
            {
                sb.Append(line).Append('\n');
                if (style == 2)
                {
                    sb.Append('\n');
                }
            }

            if (i < reports.Count - 1)
            {
                sb.Append(style is 1 or 2 ? "\n\n" : "\n");
            }
        }

        if (style is 1 or 2 && corpus.AdLines.Count > 0)
        {
            sb.Append("\n\n");
            foreach (var ad in corpus.AdLines)
            {
                sb.Append(ad).Append('\n');
            }

            sb.Append("\n\n");
        }

        sb.Append("##paidend##\n");
        return (sb.ToString(), retries);
    }

    private ((string Title, List<string> Lines) Report, int Retries) Report(int year, string period)
    {
        for (var attempt = 0; ; attempt++)
        {
            var lines = Body(year);
            var key = ReportIdentity.Normalise(string.Concat(lines), ReportIdentity.BodyPrefixLength);
            if (key.Length >= ReportIdentity.MinBodyForId && _openings.Add(key))
            {
                return ((Title(year, period), lines), attempt);
            }

            if (attempt > 50)
            {
                throw new InvalidOperationException("could not find a distinct body opening after 50 attempts");
            }
        }
    }

    /// <summary>A body on the outline of one real report, its paragraphs drawn from all of them.</summary>
    private List<string> Body(int year)
    {
        var skeleton = Pick(corpus.Reports);
        var sections = new List<List<string>> { new() };
        var headings = new List<string?> { null };
        var opening = new List<string>();
        var closing = new List<string>();
        foreach (var line in skeleton.Lines)
        {
            switch (line.Kind)
            {
                case LineKind.Opening:
                    opening.Add(_random.NextDouble() < 0.7 ? Pick(corpus.Openings) : line.Text);
                    break;
                case LineKind.Heading:
                    sections.Add([]);
                    headings.Add(line.Text);
                    break;
                case LineKind.Paragraph:
                    var roll = _random.NextDouble();
                    if (roll < 0.1)
                    {
                        break; // dropped
                    }

                    sections[^1].Add(roll < 0.65 ? Pick(corpus.Paragraphs) : line.Text);
                    if (_random.NextDouble() < 0.1)
                    {
                        sections[^1].Add(Pick(corpus.Paragraphs));
                    }

                    break;
                case LineKind.Closing:
                    closing.Add(line.Text);
                    break;
            }
        }

        if (opening.Count == 0 && _random.NextDouble() < 0.5)
        {
            opening.Add(Pick(corpus.Openings));
        }

        var lines = new List<string>();
        lines.AddRange(opening.Select(l => Figures(l, year)));
        for (var s = 0; s < sections.Count; s++)
        {
            if (headings[s] is { } heading)
            {
                lines.Add(Figures(heading, year));
            }

            var paragraphs = sections[s];
            if (_random.NextDouble() < 0.3)
            {
                Shuffle(paragraphs);
            }

            lines.AddRange(paragraphs.Select(p => Figures(p, year)));
        }

        lines.AddRange(closing.Select(l => Figures(l, year)));
        if (lines.Count == 0 || !lines.Any(l => l.Length > 40))
        {
            lines.Add(Figures(Pick(corpus.Paragraphs), year));
        }

        return lines;
    }

    /// <summary>Moves years to the report's year, and redraws figures and masked figures.</summary>
    private string Figures(string text, int year)
    {
        var shift = year - 2023;
        var numbered = NumberedStart().Match(text) is { Success: true } m ? m.Length : 0;
        text = YearInText().Replace(text, y => (int.Parse(y.Groups["y"].Value, CultureInfo.InvariantCulture) + shift).ToString(CultureInfo.InvariantCulture));
        text = Figure().Replace(text, f =>
        {
            var n = f.Groups["n"].Value;
            var after = f.Groups["after"].Value;
            if (f.Index < numbered || (n.Length == 4 && text.AsSpan(f.Index + 4).TrimStart().StartsWith("年", StringComparison.Ordinal)))
            {
                return f.Value; // outline number, year
            }

            if (after is "、" or "．" or "." or "）" or ")" && f.Groups["frac"].Length == 0 && n.Length <= 2)
            {
                return f.Value; // an enumeration inside the line: 1.… 2.… （1）…
            }

            if (after == "月")
            {
                return (1 + _random.Next(12)).ToString(CultureInfo.InvariantCulture) + after;
            }

            if (after is "日" or "号")
            {
                return (1 + _random.Next(28)).ToString(CultureInfo.InvariantCulture) + after;
            }

            if (_random.NextDouble() < 0.3)
            {
                return f.Value; // some figures stay as they were
            }

            return Digits(n.Length) + (f.Groups["frac"].Success ? "." + Digits(f.Groups["frac"].Length - 1, leadingZero: true) : "") + after;
        });
        return MaskedFigure().Replace(text, x => _random.NextDouble() < 0.6 ? Digits(x.Length) : x.Value);
    }

    private string Title(int year, string period)
    {
        var topic = Pick(Topics);
        var roll = _random.NextDouble();
        string prefix;
        var suffix = "";
        if (roll < 0.6)
        {
            var level = Pick(Levels);
            var department = Pick(DepartmentNames);
            prefix = (_random.NextDouble() < 0.15 ? Pick(["xx", "XX"]) + level : level) + department;
            if (department.StartsWith('委'))
            {
                prefix = level + department; // 区委组织部
            }
        }
        else if (roll < 0.68)
        {
            prefix = Pick(["团区委", "团县委", "团市委", "共青团xx县委", "区残联", "县妇联", "市总工会", "县科协", "区工商联"]);
        }
        else if (roll < 0.9)
        {
            prefix = Pick(AreaUnits);
        }
        else
        {
            prefix = "";
            suffix = Pick(TrailingUnits);
        }

        var next = year + 1;
        var body = period switch
        {
            "annual" => Pick([$"{topic}工作总结及{next}年工作计划", $"{topic}工作总结和{next}年工作思路", $"度{topic}工作总结", $"{topic}工作总结", $"{topic}工作总结暨{next}年工作打算", $"{topic}工作总结和{next}年工作安排"]),
            "H1" => Pick([$"上半年{topic}工作总结暨下半年工作计划", $"上半年{topic}工作总结", $"上半年{topic}工作总结及下半年工作打算"]),
            "Q1" => Pick([$"第一季度{topic}工作总结", $"一季度{topic}工作总结及二季度工作计划"]),
            "Q2" => Pick([$"第二季度{topic}工作总结", $"二季度{topic}工作总结及三季度工作安排"]),
            "Q3" => Pick([$"第三季度{topic}工作总结和第四季度计划", $"三季度{topic}工作总结及下步工作计划", $"第三季度{topic}工作总结"]),
            "Q4" => Pick([$"第四季度{topic}工作总结", $"四季度{topic}工作总结"]),
            _ => Pick([$"前三季度{topic}工作总结", $"前三季度{topic}工作总结及第四季度工作计划"]),
        };
        return $"{prefix}{year}年{body}{suffix}";
    }

    private static string CollectionName(int year, string period) => period switch
    {
        "annual" => $"工作总结及{year + 1}年工作计划",
        "H1" => "上半年工作总结",
        "Q1" => "第一季度工作总结",
        "Q2" => "第二季度工作总结",
        "Q3" => "第三季度工作总结和第四季度计划",
        "Q4" => "第四季度工作总结",
        _ => "前三季度工作总结",
    };

    private string Digits(int length, bool leadingZero = false)
    {
        Span<char> chars = stackalloc char[Math.Max(1, length)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('0' + (i == 0 && !leadingZero && chars.Length > 1 ? 1 + _random.Next(9) : _random.Next(10)));
        }

        return new string(chars);
    }

    private string Hex(int length)
    {
        var bytes = new byte[length / 2];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
