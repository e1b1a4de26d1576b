using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Archive.Bench;

/// <summary>What a body line is, for recombination.</summary>
internal enum LineKind
{
    /// <summary>A paragraph before the first heading (the report's opening).</summary>
    Opening,
    /// <summary>An outline heading (一、… / （一）… / short line without a sentence stop).</summary>
    Heading,
    /// <summary>A body paragraph.</summary>
    Paragraph,
    /// <summary>Signature or date at the end.</summary>
    Closing,
}

internal sealed record SourceLine(LineKind Kind, string Text);

/// <summary>One real report, cut out of input/ with the line range annotated in the gold file.</summary>
internal sealed record SourceReport(string File, string Title, int Year, string Period, IReadOnlyList<SourceLine> Lines)
{
    public IEnumerable<SourceLine> Of(LineKind kind) => Lines.Where(l => l.Kind == kind);
}

/// <summary>
/// The real material the generator recombines: the reports of input/ (cut with the gold line
/// ranges), their paragraphs classified, and the noise of the raw files (advertising tails).
/// </summary>
internal sealed partial class Corpus
{
    [GeneratedRegex(@"#{2}\s*paid\s*(begin|end)\s*#{2}")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^(?:[一二三四五六七八九十百]+\s*[、．.]|[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]|\d{1,2}\s*[、．.](?!\d))")]
    private static partial Regex OutlineMarker();

    [GeneratedRegex(@"^((19|20)\d{2}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*((\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^【[^】]{0,24}(素材库|素材网|文库|代笔|写作|范文|公文)|欢迎加入|添加客服|每天更新|每日更新")]
    private static partial Regex Advertising();

    public required IReadOnlyList<SourceReport> Reports { get; init; }

    /// <summary>Advertising lines found after the last report of the raw files (verbatim).</summary>
    public required IReadOnlyList<string> AdLines { get; init; }

    public IReadOnlyList<string> Openings => field ??= [.. Reports.SelectMany(r => r.Of(LineKind.Opening)).Select(l => l.Text)];

    public IReadOnlyList<string> Paragraphs => field ??= [.. Reports.SelectMany(r => r.Of(LineKind.Paragraph)).Select(l => l.Text)];

    /// <summary>Reads the gold annotations (tab-separated, # comments) and cuts the reports out of the raw files.</summary>
    public static Corpus Load(string inputDirectory, string goldPath)
    {
        var files = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string[] LinesOf(string file)
        {
            if (!files.TryGetValue(file, out var lines))
            {
                files[file] = lines = File.ReadAllLines(Path.Combine(inputDirectory, file), Encoding.UTF8);
            }

            return lines;
        }

        var reports = new List<SourceReport>();
        var lastLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in File.ReadLines(goldPath, Encoding.UTF8))
        {
            if (row.Length == 0 || row.StartsWith('#'))
            {
                continue;
            }

            var cells = row.Split('\t');
            var file = cells[0];
            var titleLine = int.Parse(cells[1], CultureInfo.InvariantCulture);
            var last = int.Parse(cells[2], CultureInfo.InvariantCulture);
            var raw = LinesOf(file);
            var body = new List<string>();
            for (var n = titleLine + 1; n <= last && n <= raw.Length; n++)
            {
                var text = Marker().Replace(raw[n - 1], "").Trim();
                if (text.Length > 0 && !Advertising().IsMatch(text))
                {
                    body.Add(text);
                }
            }

            reports.Add(new SourceReport(file, cells[3], int.Parse(cells[4], CultureInfo.InvariantCulture), cells[5], Classify(body)));
            lastLine[file] = Math.Max(lastLine.GetValueOrDefault(file), last);
        }

        var ads = new List<string>();
        foreach (var (file, last) in lastLine.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var line in LinesOf(file).Skip(last))
            {
                var text = line.Trim();
                if (Advertising().IsMatch(text) && !ads.Contains(text))
                {
                    ads.Add(text);
                }
            }
        }

        if (reports.Count == 0)
        {
            throw new InvalidOperationException($"no reports annotated in {goldPath}");
        }

        return new Corpus { Reports = reports, AdLines = ads };
    }

    private static List<SourceLine> Classify(List<string> body)
    {
        var result = new List<SourceLine>(body.Count);
        var seenHeading = false;
        for (var i = 0; i < body.Count; i++)
        {
            var text = body[i];
            var nearEnd = i >= body.Count - 3;
            LineKind kind;
            if (DateLine().IsMatch(text) || (nearEnd && text.Length <= 24 && !HasStop(text) && !OutlineMarker().IsMatch(text)
                && (i == body.Count - 1 || DateLine().IsMatch(body[^1]))))
            {
                kind = LineKind.Closing;
            }
            else if ((OutlineMarker().IsMatch(text) && text.Length <= 40 && !text.Contains('。', StringComparison.Ordinal)) || (text.Length <= 30 && !HasStop(text)))
            {
                kind = LineKind.Heading;
                seenHeading = true;
            }
            else
            {
                kind = seenHeading ? LineKind.Paragraph : LineKind.Opening;
            }

            result.Add(new SourceLine(kind, text));
        }

        return result;
    }

    private static bool HasStop(string text) => text.AsSpan().IndexOfAny("。！？；!?;") >= 0;
}
