using System.Buffers.Binary;
using System.Text;

namespace Archive.Ingest.Reading;

/// <summary>
/// The text of a Word 97–2003 document (.doc, and WPS files saved in its format) as lines, read from
/// its compound file ([MS-DOC]): the main document's characters, in the order of its piece table, of
/// which paragraph marks end lines, table cells are tab-separated and each table row is a line (as
/// <see cref="DocxText"/> lays out a .docx), a field shows its result (a hyperlink's text, not its
/// address), and pictures, footnote marks and other object anchors go. Headers, footers, footnotes and
/// comments, which come after the main text in the file, are not read.
/// </summary>
public static class WordBinaryText
{
    /// <summary>The lines of the document, or the reason it cannot be read (<see cref="InvalidDataException"/> for damage).</summary>
    public static (IReadOnlyList<string>? Lines, string? Problem) Read(CompoundFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var word = file.Read("WordDocument");
        if (word is null)
        {
            return (null, file.StreamNames.Any(n => n.Equals("Workbook", StringComparison.OrdinalIgnoreCase) || n.Equals("Book", StringComparison.OrdinalIgnoreCase))
                ? "an Excel workbook (.xls), not a report"
                : file.StreamNames.Any(n => n.Equals("PowerPoint Document", StringComparison.OrdinalIgnoreCase))
                ? "a PowerPoint presentation (.ppt), not a report"
                : "an old Office file with no Word document in it");
        }

        if (word.Length < 0x200 || BinaryPrimitives.ReadUInt16LittleEndian(word) != 0xA5EC)
        {
            throw new InvalidDataException("its WordDocument stream has no Word header");
        }

        var nFib = BinaryPrimitives.ReadUInt16LittleEndian(word.AsSpan(2));
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(word.AsSpan(0x0A));
        if ((flags & 0x0100) != 0)
        {
            return (null, "password-protected Word document: save it without a password");
        }

        if (nFib < 0x00C1)
        {
            return (null, "Word 6/95 document: save it as .docx or in Word 97–2003 format");
        }

        var table = file.Read((flags & 0x0200) != 0 ? "1Table" : "0Table")
            ?? throw new InvalidDataException("its table stream is missing");
        var (text, pieces) = Document(word, table);
        var lists = WordBinaryLists.Read(word, table, i => Pair(word, i));
        return (Lines(text, lists is null ? null : mark => lists.Next(FcOf(pieces, mark))), null);
    }

    /// <summary>The main document's characters through the piece table (FIB → Clx → PlcPcd).</summary>
    internal static string Characters(byte[] word, byte[] table) => Document(word, table).Text;

    // FibBase (32 bytes), csw + FibRgW, cslw + FibRgLw (ccpText is its 4th value), cbRgFcLcb + FibRgFcLcb:
    // where the pairs start and how many there are.
    private static (int CcpText, int RgFcLcb, int Pairs) Fib(byte[] word)
    {
        var span = word.AsSpan();
        var rgLw = 32 + 2 + (BinaryPrimitives.ReadUInt16LittleEndian(span[32..]) * 2);
        var cslw = BinaryPrimitives.ReadUInt16LittleEndian(span[rgLw..]);
        var ccpText = BinaryPrimitives.ReadInt32LittleEndian(span[(rgLw + 2 + 12)..]);
        var rgFcLcb = rgLw + 2 + (cslw * 4);
        return (ccpText, rgFcLcb + 2, BinaryPrimitives.ReadUInt16LittleEndian(span[rgFcLcb..]));
    }

    // The fc/lcb pair at index i of FibRgFcLcb (33: the piece table; 13: paragraph bins; 73, 74: lists); (0, 0) beyond its end.
    private static (int Fc, int Lcb) Pair(byte[] word, int i)
    {
        var (_, at, pairs) = Fib(word);
        return i < pairs && at + (i * 8) + 8 <= word.Length
            ? (BinaryPrimitives.ReadInt32LittleEndian(word.AsSpan(at + (i * 8))), BinaryPrimitives.ReadInt32LittleEndian(word.AsSpan(at + (i * 8) + 4)))
            : (0, 0);
    }

    // The file offset of the character at a position of the text: through the piece it came from.
    private static long FcOf(List<(int Start, long Fc, bool Compressed)> pieces, int position)
    {
        var piece = pieces.FindLast(p => p.Start <= position);
        return piece.Compressed ? piece.Fc + (position - piece.Start) : piece.Fc + (2L * (position - piece.Start));
    }

    private static (string Text, List<(int Start, long Fc, bool Compressed)> Pieces) Document(byte[] word, byte[] table)
    {
        var (ccpText, _, pairs) = Fib(word);
        if (pairs <= 33)
        {
            throw new InvalidDataException("its header has no piece table");
        }

        var (fcClx, lcbClx) = Pair(word, 33);
        if (fcClx < 0 || lcbClx <= 0 || (long)fcClx + lcbClx > table.Length || ccpText < 0)
        {
            throw new InvalidDataException("its piece table lies outside the table stream");
        }

        var clx = table.AsSpan(fcClx, lcbClx);

        // Prc entries (0x01, cbGrpprl, grpprl) come first; then the Pcdt (0x02, lcb, PlcPcd).
        var at = 0;
        while (at < clx.Length && clx[at] == 0x01)
        {
            at += 3 + BinaryPrimitives.ReadInt16LittleEndian(clx[(at + 1)..]);
        }

        if (at + 5 > clx.Length || clx[at] != 0x02)
        {
            throw new InvalidDataException("its piece table is damaged");
        }

        var lcb = BinaryPrimitives.ReadInt32LittleEndian(clx[(at + 1)..]);
        var plc = clx.Slice(at + 5, Math.Min(lcb, clx.Length - at - 5));
        var pieces = (plc.Length - 4) / 12;
        var text = new StringBuilder(ccpText);
        var placed = new List<(int Start, long Fc, bool Compressed)>();
        var cp1252 = CodePages.Get(1252);
        for (var i = 0; i < pieces && text.Length < ccpText; i++)
        {
            var cpStart = BinaryPrimitives.ReadInt32LittleEndian(plc[(i * 4)..]);
            var cpEnd = BinaryPrimitives.ReadInt32LittleEndian(plc[((i + 1) * 4)..]);
            var pcd = plc[(((pieces + 1) * 4) + (i * 8))..];
            var fc = BinaryPrimitives.ReadUInt32LittleEndian(pcd[2..]);
            var count = Math.Min(cpEnd - cpStart, ccpText - text.Length);
            if (count <= 0)
            {
                continue;
            }

            var compressed = (fc & 0x40000000) != 0;
            var offset = (long)(fc & 0x3FFFFFFF);
            if (compressed)
            {
                // 8-bit text (Windows-1252) at half the offset.
                offset /= 2;
                if (offset + count > word.Length)
                {
                    throw new InvalidDataException("a piece of its text lies outside the file");
                }

                placed.Add((text.Length, offset, true));
                text.Append(cp1252.GetString(word, (int)offset, count));
            }
            else
            {
                if (offset + (count * 2L) > word.Length)
                {
                    throw new InvalidDataException("a piece of its text lies outside the file");
                }

                placed.Add((text.Length, offset, false));
                text.Append(Encoding.Unicode.GetString(word, (int)offset, count * 2));
            }
        }

        return (text.ToString(), placed);
    }

    /// <summary>
    /// Word's characters as lines: 0x0D ends a paragraph, 0x0B (a line break) and 0x0C (a page or
    /// section break) end a line; 0x07 ends a table cell, and a second one right after it (the row's
    /// end mark) ends the row's line; a field (0x13 instructions 0x14 result 0x15) keeps its result;
    /// other control characters (pictures 0x01, footnote marks 0x02, drawn objects 0x08…) go; a
    /// non-breaking hyphen (0x1E) is a hyphen, an optional one (0x1F) goes.
    /// </summary>
    internal static IReadOnlyList<string> Lines(string characters, Func<int, string?>? numberOfParagraphEndingAt = null)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var fields = new Stack<bool>(); // per open field: whether its result has begun
        var paragraphStart = true;
        for (var i = 0; i < characters.Length; i++)
        {
            var c = characters[i];

            // A list paragraph's number (not in the text): asked of its paragraph mark.
            if (paragraphStart && numberOfParagraphEndingAt is not null)
            {
                paragraphStart = false;
                var mark = characters.AsSpan(i).IndexOfAny('\r', '\x07');
                if (mark >= 0 && numberOfParagraphEndingAt(i + mark) is { } number)
                {
                    line.Append(number);
                }
            }

            paragraphStart = c is '\r' or '\x07';
            switch (c)
            {
                case '\x13':
                    fields.Push(false);
                    continue;
                case '\x14':
                    if (fields.Count > 0)
                    {
                        fields.Pop();
                        fields.Push(true);
                    }

                    continue;
                case '\x15':
                    fields.TryPop(out _);
                    continue;
            }

            if (fields.Contains(false))
            {
                continue; // a field's instructions (HYPERLINK "…", PAGE, TOC \o…), and fields nested in them
            }

            switch (c)
            {
                case '\r' or '\x0B' or '\x0C':
                    lines.Add(line.ToString());
                    line.Clear();
                    break;
                case '\x07':
                    if (i + 1 < characters.Length && characters[i + 1] == '\x07')
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                        i++;
                    }
                    else
                    {
                        line.Append('\t');
                    }

                    break;
                case '\x1E':
                    line.Append('-');
                    break;
                case '\t':
                    line.Append(c);
                    break;
                case < ' ' or '\x1F':
                    break;
                default:
                    line.Append(c);
                    break;
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }
}
