using System.Text;

namespace Archive.Ingest.Reading;

/// <summary>
/// The text of an RTF document (what Word, WPS and office systems save as .rtf, often named .doc) as
/// lines, laid out as a .docx is: <c>\par</c>, <c>\line</c>, <c>\page</c> and <c>\sect</c> end lines,
/// <c>\cell</c> separates cells and <c>\row</c> ends the row's line; a field shows its result; the font
/// table, styles, pictures, objects, headers, footers, footnotes, comments and every ignorable
/// destination (<c>{\*\…}</c>) go. Characters come as <c>\uN</c> (with its fallback skipped, <c>\ucN</c>)
/// or as <c>\'hh</c> bytes in the code page of the current font's character set (<c>\fcharset134</c>:
/// GBK), else the document's (<c>\ansicpg936</c>).
/// </summary>
public static class RtfText
{
    /// <summary>Destinations whose text is not the document's.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "colortbl", "stylesheet", "info", "pict", "object", "objdata", "header", "headerl", "headerr", "headerf",
        "footer", "footerl", "footerr", "footerf", "footnote", "annotation", "atnid", "atnauthor", "fldinst", "themedata",
        "colorschememapping", "latentstyles", "datastore", "xmlnstbl", "listtable", "listoverridetable", "rsidtbl",
        "generator", "filetbl", "revtbl", "userprops", "docvar", "xe", "tc", "template", "bkmkstart", "bkmkend",
        "shp", "shpinst", "nonshppict", "blipuid", "mmathPr", "pgdsctbl", "txe", "file", "ftnsep", "ftnsepc", "aftnsep",
        "aftnsepc", "pntext", "pntxta", "pntxtb", "falt", "panose", "fname", "passwordhash", "wgrffmtfilter", "formfield",
    };

    /// <summary>Whether the bytes are an RTF document.</summary>
    public static bool IsRtf(ReadOnlySpan<byte> bytes) => bytes.StartsWith(@"{\rtf"u8);

    /// <summary>The document's lines.</summary>
    public static IReadOnlyList<string> Lines(byte[] rtf)
    {
        ArgumentNullException.ThrowIfNull(rtf);
        var reader = new Reader(rtf);
        return reader.Run();
    }

    private sealed class Reader(byte[] rtf)
    {
        private readonly List<string> _lines = [];
        private readonly StringBuilder _line = new();
        private readonly List<byte> _bytes = []; // \'hh bytes waiting to be decoded together (a GBK character is two)
        private readonly Dictionary<int, int> _fontCodePages = [];
        private readonly Stack<State> _states = new();
        private State _state = new(Skip: false, UnicodeSkip: 1, Font: -1, InFontTable: false, ListTextFrom: -1);
        private int _documentCodePage = 1252;
        private int _pendingSkip; // fallback characters still to skip after \uN
        private int _pos;
        private int _fontOfEntry = -1; // the font table entry being read

        // ListTextFrom: where in the line a list paragraph's number (\listtext) began, -1 outside one.
        private readonly record struct State(bool Skip, int UnicodeSkip, int Font, bool InFontTable, int ListTextFrom);

        public List<string> Run()
        {
            while (_pos < rtf.Length)
            {
                var b = rtf[_pos++];
                switch (b)
                {
                    case (byte)'{':
                        FlushBytes();
                        _states.Push(_state);
                        break;
                    case (byte)'}':
                        FlushBytes();
                        var inner = _state;
                        _state = _states.TryPop(out var outer) ? outer : _state;
                        _pendingSkip = 0;
                        if (inner.ListTextFrom >= 0 && _state.ListTextFrom < 0)
                        {
                            EndListText(inner.ListTextFrom);
                        }

                        break;
                    case (byte)'\\':
                        ControlWord();
                        break;
                    case (byte)'\r' or (byte)'\n':
                        break;
                    default:
                        if (_pendingSkip > 0)
                        {
                            _pendingSkip--;
                        }
                        else if (!_state.Skip)
                        {
                            if (b < 0x80)
                            {
                                FlushBytes();
                                _line.Append((char)b);
                            }
                            else
                            {
                                _bytes.Add(b);
                            }
                        }

                        break;
                }
            }

            FlushBytes();
            if (_line.Length > 0)
            {
                _lines.Add(_line.ToString());
            }

            return _lines;
        }

        private void ControlWord()
        {
            if (_pos >= rtf.Length)
            {
                return;
            }

            var c = rtf[_pos];
            if (!IsLetter(c))
            {
                _pos++;
                ControlSymbol(c);
                return;
            }

            var start = _pos;
            while (_pos < rtf.Length && IsLetter(rtf[_pos]) && _pos - start < 32)
            {
                _pos++;
            }

            var word = Encoding.ASCII.GetString(rtf, start, _pos - start);
            int? parameter = null;
            var numberStart = _pos;
            if (_pos < rtf.Length && (rtf[_pos] == '-' || IsDigit(rtf[_pos])))
            {
                _pos++;
                while (_pos < rtf.Length && IsDigit(rtf[_pos]) && _pos - numberStart < 11)
                {
                    _pos++;
                }

                parameter = int.TryParse(Encoding.ASCII.GetString(rtf, numberStart, _pos - numberStart), out var n) ? n : 0;
            }

            if (_pos < rtf.Length && rtf[_pos] == ' ')
            {
                _pos++; // the delimiter belongs to the control word
            }

            Apply(word, parameter);
        }

        private void ControlSymbol(byte c)
        {
            switch (c)
            {
                case (byte)'\'':
                    if (_pos + 2 <= rtf.Length && byte.TryParse(Encoding.ASCII.GetString(rtf, _pos, 2), System.Globalization.NumberStyles.HexNumber, null, out var value))
                    {
                        _pos += 2;
                        if (_pendingSkip > 0)
                        {
                            _pendingSkip--;
                        }
                        else if (!_state.Skip)
                        {
                            _bytes.Add(value);
                        }
                    }

                    return;
                case (byte)'*':
                    _state = _state with { Skip = true }; // an ignorable destination
                    return;
                case (byte)'~':
                    Emit('\u00A0');
                    return;
                case (byte)'_':
                    Emit('-');
                    return;
                case (byte)'-':
                    return; // optional hyphen
                case (byte)'\r' or (byte)'\n':
                    Apply("par", null); // "\" before a line end is a paragraph mark
                    return;
                case (byte)'\\' or (byte)'{' or (byte)'}':
                    Emit((char)c);
                    return;
                case (byte)'\t':
                    Emit('\t');
                    return;
            }
        }

        private void Apply(string word, int? parameter)
        {
            if (Skipped.Contains(word))
            {
                _state = _state with { Skip = true };
                return;
            }

            switch (word)
            {
                case "listtext":
                    // The number Word writes before a list paragraph (一、\tab): kept, laid out as a .docx's.
                    FlushBytes();
                    _state = _state with { ListTextFrom = _line.Length };
                    return;
                case "fonttbl":
                    // Its entries (\fN\fcharsetM … name;) are read for their character sets; their names are no text.
                    _state = _state with { Skip = true, InFontTable = true };
                    return;
                case "ansicpg" when parameter is { } cp:
                    _documentCodePage = cp;
                    return;
                case "f" when parameter is { } font:
                    FlushBytes();
                    if (_state.InFontTable)
                    {
                        _fontOfEntry = font;
                    }
                    else
                    {
                        _state = _state with { Font = font };
                    }

                    return;
                case "fcharset" when parameter is { } charset && _state.InFontTable && _fontOfEntry >= 0:
                    if (CodePageOf(charset) is { } page)
                    {
                        _fontCodePages[_fontOfEntry] = page;
                    }

                    return;
                case "uc" when parameter is { } n:
                    _state = _state with { UnicodeSkip = Math.Clamp(n, 0, 8) };
                    return;
                case "u" when parameter is { } code:
                    _pendingSkip = 0;
                    Emit((char)(code < 0 ? code + 65536 : code));
                    _pendingSkip = _state.UnicodeSkip; // the character's stand-ins for readers without Unicode
                    return;
                case "par" or "line" or "page" or "sect" or "row" or "nestrow":
                    if (!_state.Skip)
                    {
                        FlushBytes();
                        EndLine();
                    }

                    return;
                case "cell" or "nestcell" or "tab":
                    Emit('\t');
                    return;
                case "emdash":
                    Emit('—');
                    return;
                case "endash":
                    Emit('–');
                    return;
                case "lquote":
                    Emit('‘');
                    return;
                case "rquote":
                    Emit('’');
                    return;
                case "ldblquote":
                    Emit('“');
                    return;
                case "rdblquote":
                    Emit('”');
                    return;
                case "bullet":
                    Emit('•');
                    return;
            }
        }

        private void Emit(char c)
        {
            if (_pendingSkip > 0 && c != '\t')
            {
                _pendingSkip--;
                return;
            }

            if (!_state.Skip)
            {
                FlushBytes();
                _line.Append(c);
            }
        }

        // A list number as a .docx's reads: no spaces around it, and after it what DocxNumbering.Followed puts.
        private void EndListText(int from)
        {
            if (from > _line.Length)
            {
                return;
            }

            var number = _line.ToString(from, _line.Length - from).Trim(' ', '\t', '\u00A0');
            _line.Length = from;
            if (number.Length > 0)
            {
                _line.Append(DocxNumbering.Followed(number, nothing: false));
            }
        }

        private void EndLine()
        {
            // A row's last cell mark is no separator.
            var text = _line.ToString().TrimEnd('\t');
            _lines.Add(text);
            _line.Clear();
        }

        private void FlushBytes()
        {
            if (_bytes.Count == 0)
            {
                return;
            }

            var page = _state.Font >= 0 && _fontCodePages.TryGetValue(_state.Font, out var p) ? p : _documentCodePage;
            var encoding = CodePages.Find(page) ?? CodePages.Get(1252);
            _line.Append(encoding.GetString([.. _bytes]));
            _bytes.Clear();
        }

        private static int? CodePageOf(int charset) => charset switch
        {
            0 => 1252,
            128 => 932,
            129 => 949,
            134 => 936,
            136 => 950,
            161 => 1253,
            162 => 1254,
            177 => 1255,
            178 => 1256,
            186 => 1257,
            204 => 1251,
            222 => 874,
            238 => 1250,
            _ => null,
        };

        private static bool IsLetter(byte c) => char.IsAsciiLetter((char)c);

        private static bool IsDigit(byte c) => char.IsAsciiDigit((char)c);
    }
}
