using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Archive.Ingest.Reading;

/// <summary>
/// A PDF's text layer (PdfPig) as lines: on each page its characters in the order the page writes
/// them, broken into printed lines where the baseline moves; the printed lines of one paragraph are
/// joined again — a line that runs to the right edge of the page's text goes on in the next one, unless
/// that one is indented (a new paragraph) — so a paragraph is one line as in a text file. A gap of a
/// third of the type size or more between two characters is a space (Latin words, table cells). A
/// running header or footer (the same line, digits aside, at the top or bottom of most pages — page
/// numbers too) goes; other furniture stays for the cleaning rules.
/// </summary>
public static class PdfText
{
    /// <summary>
    /// The document's lines, or why it has none to give: no page has any text (a scan, which needs
    /// OCR first), or its fonts do not say which characters they draw (most of them come out as
    /// private-use or replacement characters).
    /// </summary>
    public static (List<string>? Lines, string? Problem) Read(byte[] bytes)
    {
        using var document = PdfDocument.Open(bytes);
        var pages = new List<List<PrintedLine>>();
        var letters = 0;
        var unreadable = 0;
        foreach (var page in document.GetPages())
        {
            letters += page.Letters.Count;
            unreadable += page.Letters.Count(l => Unreadable(l.Value));
            pages.Add(PrintedLines(page.Letters));
        }

        var running = RunningLines(pages);
        var lines = pages.SelectMany(page => Paragraphs([.. page.Where(l => !running.Contains(Key(l)))])).ToList();

        if (lines.Count == 0)
        {
            return (null, "PDF without text (a scanned document?): run OCR on it, or convert it to .docx or .txt");
        }

        return unreadable > letters / 5
            ? (null, $"PDF whose text cannot be read: its fonts do not say which characters they draw ({unreadable * 100 / letters} % of them); convert it to .docx or .txt, or run OCR on it")
            : (lines, null);
    }

    /// <summary>Whether a character a PDF draws is none a reader could use: private use, replacement, control, or nothing.</summary>
    internal static bool Unreadable(string? value) =>
        string.IsNullOrEmpty(value) || value.Any(c => c is >= '\uE000' and <= '\uF8FF' or '\uFFFD' || (char.IsControl(c) && c != '\t'));

    /// <summary>
    /// A page's running header or footer (全县各部门2023年工作总结 at the top of every page, 第 3 页): the
    /// first or last line of a page whose text — its digits aside — stands at the same height on at
    /// least two pages and half of them. Left in, a header that reads like a title would split the
    /// report it runs through.
    /// </summary>
    private static HashSet<string> RunningLines(List<List<PrintedLine>> pages)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var page in pages.Where(p => p.Count > 1))
        {
            var top = page.MaxBy(l => l.Baseline)!;
            var bottom = page.MinBy(l => l.Baseline)!;
            foreach (var key in new[] { Key(top), Key(bottom) }.Distinct())
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return [.. counts.Where(c => c.Value >= 2 && c.Value * 2 >= pages.Count).Select(c => c.Key)];
    }

    // A line's text with its digits as # (page numbers change), and its height on the page.
    private static string Key(PrintedLine line) =>
        $"{Math.Round(line.Baseline)}|{string.Concat(line.Text.Select(c => char.IsDigit(c) ? '#' : c))}";

    private sealed record PrintedLine(string Text, double Left, double Right, double Baseline, double Size);

    // Characters in content order, a new line where the baseline moves by half a character or the
    // writing jumps back to the left.
    private static List<PrintedLine> PrintedLines(IReadOnlyList<Letter> letters)
    {
        var lines = new List<PrintedLine>();
        var sb = new StringBuilder();
        double left = 0, right = 0, baseline = 0, size = 0;
        var count = 0;

        void Flush()
        {
            var text = sb.ToString().Trim();
            if (text.Length > 0)
            {
                lines.Add(new PrintedLine(text, left, right, baseline, size / Math.Max(count, 1)));
            }

            sb.Clear();
            count = 0;
            size = 0;
        }

        foreach (var letter in letters)
        {
            if (string.IsNullOrEmpty(letter.Value) || letter.TextOrientation != TextOrientation.Horizontal)
            {
                continue;
            }

            // Positions along the baseline: where the character's advance starts and ends (a comma's
            // glyph is narrower than the room it takes).
            var (start, end) = (letter.StartBaseLine.X, letter.EndBaseLine.X);
            var height = Math.Max(letter.PointSize, 1);
            var y = letter.StartBaseLine.Y;
            if (count > 0 && (Math.Abs(y - baseline) > height / 2 || start < right - 2 * height))
            {
                Flush();
            }

            if (count == 0)
            {
                left = start;
                right = end;
                baseline = y;
            }
            else if (start - right > height / 3 && sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(' ');
            }

            sb.Append(letter.Value);
            right = Math.Max(right, end);
            size += Math.Max(end - start, height / 2);
            count++;
        }

        Flush();
        return lines;
    }

    // Printed lines joined into paragraphs: a line reaching the right edge of the page's text goes on
    // in the next line when that one starts at the left edge.
    private static IEnumerable<string> Paragraphs(List<PrintedLine> lines)
    {
        if (lines.Count == 0)
        {
            yield break;
        }

        // The margins: where most lines start and end (a page header or footer in the margin does not
        // move them).
        var size0 = Median(lines.Select(l => l.Size));
        var leftEdge = Mode(lines.Select(l => l.Left), size0);
        var rightEdge = Mode(lines.Select(l => l.Right), size0);
        var paragraph = new StringBuilder(lines[0].Text);
        for (var i = 1; i < lines.Count; i++)
        {
            var (above, line) = (lines[i - 1], lines[i]);
            var size = Math.Max(above.Size, 1);
            var runsOn = above.Right >= rightEdge - 1.5 * size
                && line.Left <= leftEdge + 0.5 * size
                && above.Baseline - line.Baseline > 0 && above.Baseline - line.Baseline < 4.5 * size;
            if (runsOn)
            {
                // A Latin word broken at the line's end keeps a space; Chinese runs on.
                if (IsLatin(paragraph[^1]) && IsLatin(line.Text[0]))
                {
                    paragraph.Append(' ');
                }

                paragraph.Append(line.Text);
            }
            else
            {
                yield return paragraph.ToString();
                paragraph.Clear().Append(line.Text);
            }
        }

        yield return paragraph.ToString();
    }

    // Where values crowd: the top of the first window of width `tolerance` that holds the most of them.
    private static double Mode(IEnumerable<double> values, double tolerance)
    {
        var sorted = values.Order().ToList();
        var (best, count) = (sorted[0], 0);
        for (int i = 0, j = 0; i < sorted.Count; i++)
        {
            while (sorted[i] - sorted[j] > tolerance)
            {
                j++;
            }

            if (i - j + 1 > count)
            {
                (best, count) = (sorted[i], i - j + 1);
            }
        }

        return best;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static bool IsLatin(char c) => c < 0x2E80 && char.IsLetterOrDigit(c);
}
