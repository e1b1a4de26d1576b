using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Archive.Ingest.Reading;

/// <summary>
/// A PDF's text layer (PdfPig) as lines: on each page its characters in the order the page writes
/// them, broken into printed lines where the baseline moves; the printed lines of one paragraph are
/// joined again — a line that runs to the right edge of the page's text goes on in the next one, unless
/// that one is indented (a new paragraph) — so a paragraph is one line as in a text file. A gap of a
/// third of the type size or more between two characters is a space (Latin words, table cells). What
/// the page prints outside the text (page numbers, headers) stays for the cleaning rules.
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
        var lines = new List<string>();
        var letters = 0;
        var unreadable = 0;
        foreach (var page in document.GetPages())
        {
            letters += page.Letters.Count;
            unreadable += page.Letters.Count(l => Unreadable(l.Value));
            lines.AddRange(Paragraphs(PrintedLines(page.Letters)));
        }

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

    // The value most others lie within `tolerance` of (the smallest of them on a tie).
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
