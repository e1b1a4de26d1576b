using System.Buffers.Binary;
using System.Text;

namespace Archive.Ingest.Reading;

/// <summary>
/// The numbers Word puts before list paragraphs of a Word 97–2003 document (一、 / 1. / （1）), which are
/// not in its text: each paragraph's list and level (sprmPIlfo, sprmPIlvl in its PAPX, found through the
/// bin table PlcBtePapx and its FKP page), the list's levels (PlfLst: LSTF and LVL — start, number
/// format, number text with level placeholders, what follows the number) and the instance's start
/// overrides (PlfLfo), counted in document order as <see cref="DocxNumbering"/> counts a .docx's.
/// Numbering that comes from a paragraph style only is not read. Anything out of bounds means no number.
/// </summary>
internal sealed class WordBinaryLists
{
    private const int Levels = 9;
    private const ushort SprmPIlvl = 0x260A;
    private const ushort SprmPIlfo = 0x460B;

    private readonly byte[] _word;
    private readonly int[] _binFcs;
    private readonly int[] _binPages;
    private readonly List<int> _lfoLsid = [];
    private readonly List<Dictionary<int, int>> _lfoStarts = [];
    private readonly Dictionary<int, Level[]> _lists = [];
    private readonly Dictionary<(bool Instance, int Id), int?[]> _counters = [];

    private sealed record Level(int Start, string Format, string Text, int Follow, bool Legal);

    private WordBinaryLists(byte[] word, byte[] table, (int Fc, int Lcb) bins, (int Fc, int Lcb) lists, (int Fc, int Lcb) overrides)
    {
        _word = word;
        var n = Math.Max(0, (bins.Lcb - 4) / 8);
        _binFcs = new int[n + 1];
        _binPages = new int[n];
        for (var i = 0; i <= n; i++)
        {
            _binFcs[i] = BinaryPrimitives.ReadInt32LittleEndian(table.AsSpan(bins.Fc + (i * 4)));
        }

        for (var i = 0; i < n; i++)
        {
            _binPages[i] = BinaryPrimitives.ReadInt32LittleEndian(table.AsSpan(bins.Fc + ((n + 1) * 4) + (i * 4))) & 0x3FFFFF;
        }

        ReadLists(table, lists);
        ReadOverrides(table, overrides);
    }

    /// <summary>The lists of a document, or null when it has none (or they cannot be read).</summary>
    public static WordBinaryLists? Read(byte[] word, byte[] table, Func<int, (int Fc, int Lcb)> pair)
    {
        var (bins, lists, overrides) = (pair(13), pair(73), pair(74));
        if (bins.Lcb <= 4 || lists.Lcb <= 2 || overrides.Lcb <= 4 || !Inside(table, bins) || !Inside(table, lists) || !Inside(table, overrides))
        {
            return null;
        }

        try
        {
            return new WordBinaryLists(word, table, bins, lists, overrides);
        }
        catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return null; // damaged list tables: the text without numbers
        }
    }

    /// <summary>The number before the paragraph whose mark is at file offset <paramref name="markFc"/>, with what follows it; null for none.</summary>
    public string? Next(long markFc)
    {
        try
        {
            return Properties(markFc) is var (ilfo, ilvl) ? Number(ilfo, ilvl) : null;
        }
        catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    private (int Ilfo, int Ilvl)? Properties(long fc)
    {
        var bin = Array.FindLastIndex(_binFcs, 0, _binPages.Length, f => f <= fc);
        if (bin < 0 || fc >= _binFcs[bin + 1])
        {
            return null;
        }

        var page = _word.AsSpan(_binPages[bin] * 512, 512);
        int runs = page[511];
        for (var j = 0; j < runs; j++)
        {
            if (fc < BinaryPrimitives.ReadInt32LittleEndian(page[(j * 4)..]) || fc >= BinaryPrimitives.ReadInt32LittleEndian(page[((j + 1) * 4)..]))
            {
                continue;
            }

            var offset = page[((runs + 1) * 4) + (j * 13)] * 2;
            if (offset == 0)
            {
                return null;
            }

            int cb = page[offset];
            var (start, length) = cb == 0 ? (offset + 2, page[offset + 1] * 2) : (offset + 1, (cb * 2) - 1);
            return Sprms(page.Slice(start + 2, Math.Max(0, length - 2)));
        }

        return null;
    }

    // sprmPIlfo and sprmPIlvl among a paragraph's properties.
    private static (int Ilfo, int Ilvl)? Sprms(ReadOnlySpan<byte> grpprl)
    {
        int? ilfo = null;
        var ilvl = 0;
        for (var at = 0; at + 2 <= grpprl.Length;)
        {
            var sprm = BinaryPrimitives.ReadUInt16LittleEndian(grpprl[at..]);
            at += 2;
            var size = (sprm >> 13) switch
            {
                0 or 1 => 1,
                2 or 4 or 5 => 2,
                3 => 4,
                7 => 3,
                _ => at < grpprl.Length && sprm is not (0xD608 or 0xC615) ? grpprl[at] + 1 : -1,
            };
            if (size < 0 || at + size > grpprl.Length)
            {
                break; // a table definition or tab change: no list properties after it are needed
            }

            if (sprm == SprmPIlfo)
            {
                ilfo = BinaryPrimitives.ReadInt16LittleEndian(grpprl[at..]);
            }
            else if (sprm == SprmPIlvl)
            {
                ilvl = Math.Min((int)grpprl[at], Levels - 1);
            }

            at += size;
        }

        return ilfo is { } i and > 0 ? (i, ilvl) : null;
    }

    private string? Number(int ilfo, int ilvl)
    {
        if (ilfo > _lfoLsid.Count || !_lists.TryGetValue(_lfoLsid[ilfo - 1], out var levels))
        {
            return null;
        }

        var lsid = _lfoLsid[ilfo - 1];
        var starts = _lfoStarts[ilfo - 1];
        var key = starts.Count > 0 ? (true, ilfo) : (false, lsid); // an instance that restarts the list counts on its own
        if (!_counters.TryGetValue(key, out var counters))
        {
            _counters[key] = counters = new int?[Levels];
        }

        int Start(int level) => starts.TryGetValue(level, out var s) ? s : levels[Math.Min(level, levels.Length - 1)].Start;
        var current = levels[Math.Min(ilvl, levels.Length - 1)];
        DocxNumbering.Advance(counters, ilvl, Start);

        if (current.Format is "bullet" or "none")
        {
            return null;
        }

        var label = new StringBuilder();
        foreach (var c in current.Text)
        {
            if (c < Levels)
            {
                if (c <= ilvl)
                {
                    var level = levels[Math.Min((int)c, levels.Length - 1)];
                    label.Append(DocxNumbering.Render(counters[c] ?? Start(c), current.Legal ? "decimal" : level.Format));
                }
            }
            else
            {
                label.Append(c);
            }
        }

        if (label.Length == 0)
        {
            return null;
        }

        return DocxNumbering.Followed(label.ToString(), nothing: current.Follow == 2);
    }

    private void ReadLists(byte[] table, (int Fc, int Lcb) lists)
    {
        var count = BinaryPrimitives.ReadInt16LittleEndian(table.AsSpan(lists.Fc));
        var at = lists.Fc + lists.Lcb; // the LVLs follow the PlfLst, outside its length
        for (var i = 0; i < count; i++)
        {
            var lstf = table.AsSpan(lists.Fc + 2 + (i * 28), 28);
            var lsid = BinaryPrimitives.ReadInt32LittleEndian(lstf);
            var simple = (lstf[26] & 1) != 0;
            var levels = new Level[simple ? 1 : Levels];
            for (var l = 0; l < levels.Length; l++)
            {
                (levels[l], at) = ReadLevel(table, at);
            }

            _lists.TryAdd(lsid, levels);
        }
    }

    private static (Level Level, int Next) ReadLevel(byte[] table, int at)
    {
        var lvlf = table.AsSpan(at, 28);
        var start = BinaryPrimitives.ReadInt32LittleEndian(lvlf);
        var format = FormatOf(lvlf[4]);
        var legal = (lvlf[5] & 0x04) != 0;
        var follow = lvlf[15];
        var skip = lvlf[24] + lvlf[25]; // grpprlChpx and grpprlPapx
        var xst = at + 28 + skip;
        var cch = BinaryPrimitives.ReadUInt16LittleEndian(table.AsSpan(xst));
        var text = Encoding.Unicode.GetString(table, xst + 2, cch * 2);
        return (new Level(start, format, text, follow, legal), xst + 2 + (cch * 2));
    }

    private void ReadOverrides(byte[] table, (int Fc, int Lcb) overrides)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(table.AsSpan(overrides.Fc));
        if (count is < 0 or > 0x7FFE)
        {
            return;
        }

        var levelCounts = new int[count];
        for (var i = 0; i < count; i++)
        {
            var lfo = table.AsSpan(overrides.Fc + 4 + (i * 16), 16);
            _lfoLsid.Add(BinaryPrimitives.ReadInt32LittleEndian(lfo));
            _lfoStarts.Add([]);
            levelCounts[i] = lfo[12];
        }

        // LFOData after the LFOs: a CP, then the level overrides (LFOLVL, each followed by an LVL when it formats).
        var at = overrides.Fc + 4 + (count * 16);
        for (var i = 0; i < count; i++)
        {
            at += 4;
            for (var k = 0; k < levelCounts[i]; k++)
            {
                var startAt = BinaryPrimitives.ReadInt32LittleEndian(table.AsSpan(at));
                var flags = BinaryPrimitives.ReadInt32LittleEndian(table.AsSpan(at + 4));
                at += 8;
                if ((flags & 0x10) != 0)
                {
                    _lfoStarts[i][Math.Min(flags & 0x0F, Levels - 1)] = startAt;
                }

                if ((flags & 0x20) != 0)
                {
                    at = ReadLevel(table, at).Next;
                }
            }
        }
    }

    /// <summary>Word's number format codes (MSONFC) as the names a .docx gives them.</summary>
    internal static string FormatOf(byte nfc) => nfc switch
    {
        0 => "decimal",
        1 => "upperRoman",
        2 => "lowerRoman",
        3 => "upperLetter",
        4 => "lowerLetter",
        10 => "ideographDigital",
        11 => "japaneseCounting",
        14 or 19 => "decimalFullWidth",
        18 => "decimalEnclosedCircle",
        22 => "decimalZero",
        23 => "bullet",
        26 => "decimalEnclosedFullstop",
        27 => "decimalEnclosedParen",
        28 => "decimalEnclosedCircleChinese",
        29 => "ideographEnclosedCircle",
        30 => "ideographTraditional",
        31 => "ideographZodiac",
        33 => "taiwaneseCounting",
        34 => "ideographLegalTraditional",
        35 => "taiwaneseCountingThousand",
        36 => "taiwaneseDigital",
        37 => "chineseCounting",
        38 => "chineseLegalSimplified",
        39 => "chineseCountingThousand",
        255 => "none",
        _ => "decimal",
    };

    private static bool Inside(byte[] table, (int Fc, int Lcb) range) => range.Fc >= 0 && range.Lcb >= 0 && (long)range.Fc + range.Lcb <= table.Length;
}
