using System.Globalization;
using System.Text;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Archive.Ingest.Reading;

/// <summary>
/// The numbers Word writes before list paragraphs and numbered headings, which are no part of a
/// paragraph's text in a .docx: worked out from the numbering definitions as Word counts them, one
/// paragraph after another in document order. A paragraph is numbered by its own numbering properties
/// or by its style's (followed up the styles it is based on); each list level has a start, a number
/// format (一 二 三, 壹 贰, 1 2 3, ①, 甲 乙, A B, i ii…) and a text such as <c>%1、</c>, <c>（%1）</c> or
/// <c>%1.%2</c>; numbering a level starts the levels below it again; lists that share a definition
/// count together unless one restarts (<c>startOverride</c>). Bullets and unknown definitions give no
/// number.
/// </summary>
internal sealed class DocxNumbering
{
    private const int Levels = 9;

    private readonly Dictionary<int, W.NumberingInstance> _instances = [];
    private readonly Dictionary<int, W.AbstractNum> _definitions = [];
    private readonly Dictionary<string, W.Style> _styles = new(StringComparer.Ordinal);
    private readonly string? _defaultStyle;
    // Counters of each list being counted: by definition, or by instance when the instance restarts it.
    private readonly Dictionary<string, int?[]> _counters = new(StringComparer.Ordinal);

    public DocxNumbering(W.Numbering? numbering, W.Styles? styles)
    {
        foreach (var instance in numbering?.Elements<W.NumberingInstance>() ?? [])
        {
            if (instance.NumberID?.Value is int id)
            {
                _instances[id] = instance;
            }
        }

        foreach (var definition in numbering?.Elements<W.AbstractNum>() ?? [])
        {
            if (definition.AbstractNumberId?.Value is int id)
            {
                _definitions[id] = definition;
            }
        }

        foreach (var style in styles?.Elements<W.Style>() ?? [])
        {
            if (style.StyleId?.Value is { } id)
            {
                _styles.TryAdd(id, style);
                if (style.Default?.Value == true && style.Type?.Value == W.StyleValues.Paragraph)
                {
                    _defaultStyle ??= id;
                }
            }
        }
    }

    /// <summary>The number Word shows before <paramref name="paragraph"/> (with what separates it from the text), or null.</summary>
    public string? Next(W.Paragraph paragraph)
    {
        if (Resolve(paragraph) is not var (instanceId, level) || !_instances.TryGetValue(instanceId, out var instance)
            || instance.AbstractNumId?.Val?.Value is not int definitionId || Definition(definitionId) is not { } definition)
        {
            return null;
        }

        var overrides = instance.Elements<W.LevelOverride>().ToList();
        W.Level? Level(int index) =>
            overrides.FirstOrDefault(o => o.LevelIndex?.Value == index)?.Level
            ?? definition.Elements<W.Level>().FirstOrDefault(l => l.LevelIndex?.Value == index);
        int Start(int index) =>
            overrides.FirstOrDefault(o => o.LevelIndex?.Value == index)?.StartOverrideNumberingValue?.Val?.Value
            ?? Level(index)?.StartNumberingValue?.Val?.Value ?? 1;

        var key = overrides.Any(o => o.StartOverrideNumberingValue is not null) ? $"n{instanceId}" : $"a{definitionId}";
        if (!_counters.TryGetValue(key, out var counters))
        {
            _counters[key] = counters = new int?[Levels];
        }

        Advance(counters, level, Start);
        var current = Level(level);
        var format = Format(current);
        if (current?.LevelText?.Val?.Value is not { } text || format == "bullet")
        {
            return null;
        }

        var legal = current.IsLegalNumberingStyle is { } lgl && (lgl.Val?.Value ?? true);
        var label = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 1 < text.Length && text[i + 1] is >= '1' and <= '9')
            {
                var referenced = text[i + 1] - '1';
                if (referenced <= level)
                {
                    var value = counters[referenced] ?? Start(referenced);
                    label.Append(Render(value, legal ? "decimal" : referenced == level ? format : Format(Level(referenced))));
                }

                i++;
            }
            else
            {
                label.Append(text[i]);
            }
        }

        if (label.Length == 0)
        {
            return null;
        }

        return Followed(label.ToString(), nothing: current.LevelSuffix?.Val?.InnerText == "nothing");
    }

    /// <summary>Counts a list paragraph at <paramref name="level"/>: its counter goes on from the last one (or starts), the deeper levels start over.</summary>
    internal static void Advance(int?[] counters, int level, Func<int, int> start)
    {
        counters[level] = counters[level] is int n ? n + 1 : start(level);
        for (var below = level + 1; below < counters.Length; below++)
        {
            counters[below] = null;
        }
    }

    /// <summary>
    /// A list number with what Word puts after it (a tab, or a space) as text reads it: a space when the
    /// number ends in a letter or digit (1. Text), nothing after Chinese punctuation or an enclosed
    /// number (一、 （一） ①), nothing when the list says so (<paramref name="nothing"/>).
    /// </summary>
    internal static string Followed(string number, bool nothing)
    {
        var last = number[^1];
        return nothing || last >= '\u2E80' || (last >= '\u2460' && last <= '\u24FF') ? number : number + " ";
    }

    // The instance and level numbering a paragraph: its own properties, or its style's.
    private (int Instance, int Level)? Resolve(W.Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties;
        var own = properties?.NumberingProperties;
        var level = own?.NumberingLevelReference?.Val?.Value;
        if (own?.NumberingId?.Val?.Value is int direct)
        {
            return direct == 0 ? null : (direct, Clamp(level ?? 0));
        }

        var styleId = properties?.ParagraphStyleId?.Val?.Value ?? _defaultStyle;
        for (var depth = 0; styleId is not null && depth < 16 && _styles.TryGetValue(styleId, out var style); depth++)
        {
            var numbered = style.StyleParagraphProperties?.NumberingProperties;
            if (numbered?.NumberingId?.Val?.Value is int byStyle)
            {
                if (byStyle == 0)
                {
                    return null;
                }

                // A style's level: its own, or the level of the list that names the style.
                level ??= numbered.NumberingLevelReference?.Val?.Value ?? LevelNaming(byStyle, styleId);
                return (byStyle, Clamp(level ?? 0));
            }

            styleId = style.BasedOn?.Val?.Value;
        }

        return null;
    }

    private int? LevelNaming(int instanceId, string styleId) =>
        _instances.TryGetValue(instanceId, out var instance) && instance.AbstractNumId?.Val?.Value is int id && Definition(id) is { } definition
            ? definition.Elements<W.Level>().FirstOrDefault(l => l.ParagraphStyleIdInLevel?.Val?.Value == styleId)?.LevelIndex?.Value
            : null;

    // A definition, or the one its numbering style links to.
    private W.AbstractNum? Definition(int id)
    {
        if (!_definitions.TryGetValue(id, out var definition))
        {
            return null;
        }

        if (definition.NumberingStyleLink?.Val?.Value is { } link && _styles.TryGetValue(link, out var style)
            && style.StyleParagraphProperties?.NumberingProperties?.NumberingId?.Val?.Value is int linked
            && _instances.TryGetValue(linked, out var instance) && instance.AbstractNumId?.Val?.Value is int target
            && target != id && _definitions.TryGetValue(target, out var resolved))
        {
            return resolved;
        }

        return definition;
    }

    private static int Clamp(int level) => Math.Clamp(level, 0, Levels - 1);

    private static string Format(W.Level? level) => level?.NumberingFormat?.Val?.InnerText ?? "decimal";

    /// <summary>A number in one of Word's number formats (those a Chinese document uses, and the common Latin ones).</summary>
    internal static string Render(int n, string format) => format switch
    {
        "none" => "",
        "chineseCounting" or "chineseCountingThousand" or "taiwaneseCounting" or "taiwaneseCountingThousand" or "japaneseCounting" or "koreanCounting"
            => Counted(n, "零一二三四五六七八九", "十百千"),
        "chineseLegalSimplified" => Counted(n, "零壹贰叁肆伍陆柒捌玖", "拾佰仟"),
        "ideographLegalTraditional" => Counted(n, "零壹貳參肆伍陸柒捌玖", "拾佰仟"),
        "ideographDigital" or "taiwaneseDigital" or "japaneseDigitalTenThousand"
            => string.Concat(n.ToString(CultureInfo.InvariantCulture).Select(d => "〇一二三四五六七八九"[d - '0'])),
        "ideographTraditional" => Cycle(n, "甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" => Cycle(n, "子丑寅卯辰巳午未申酉戌亥"),
        "decimalEnclosedCircle" or "decimalEnclosedCircleChinese" or "ideographEnclosedCircle" when n is >= 1 and <= 20 => ((char)(0x2460 + n - 1)).ToString(),
        "decimalEnclosedParen" when n is >= 1 and <= 20 => ((char)(0x2474 + n - 1)).ToString(),
        "decimalEnclosedFullstop" when n is >= 1 and <= 20 => ((char)(0x2488 + n - 1)).ToString(),
        "decimalFullWidth" or "decimalFullWidth2" => string.Concat(n.ToString(CultureInfo.InvariantCulture).Select(d => (char)(d - '0' + '０'))),
        "decimalZero" => n.ToString("00", CultureInfo.InvariantCulture),
        "upperLetter" => Letters(n, 'A'),
        "lowerLetter" => Letters(n, 'a'),
        "upperRoman" => Roman(n),
        "lowerRoman" => Roman(n).ToLowerInvariant(),
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    // 1–9999 in Chinese counting: 十一, 二十, 一百零五, 一千二百; others as digits.
    private static string Counted(int n, string digits, string units)
    {
        if (n is <= 0 or > 9999)
        {
            return n.ToString(CultureInfo.InvariantCulture);
        }

        var sb = new StringBuilder();
        var zero = false;
        for (var power = 3; power >= 0; power--)
        {
            var d = n / (int)Math.Pow(10, power) % 10;
            if (d == 0)
            {
                zero = sb.Length > 0;
                continue;
            }

            if (zero)
            {
                sb.Append(digits[0]);
                zero = false;
            }

            // 十一, not 一十一 (but 一百一十).
            if (!(power == 1 && d == 1 && sb.Length == 0))
            {
                sb.Append(digits[d]);
            }

            if (power > 0)
            {
                sb.Append(units[power - 1]);
            }
        }

        return sb.ToString();
    }

    private static string Cycle(int n, string signs) => n <= 0 ? n.ToString(CultureInfo.InvariantCulture) : signs[(n - 1) % signs.Length].ToString();

    // Word's letters: A…Z, then AA…ZZ, AAA…
    private static string Letters(int n, char a) =>
        n <= 0 ? n.ToString(CultureInfo.InvariantCulture) : new string((char)(a + (n - 1) % 26), (n - 1) / 26 + 1);

    private static string Roman(int n)
    {
        if (n is <= 0 or >= 4000)
        {
            return n.ToString(CultureInfo.InvariantCulture);
        }

        var sb = new StringBuilder();
        foreach (var (value, numeral) in (ReadOnlySpan<(int, string)>)[(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")])
        {
            for (; n >= value; n -= value)
            {
                sb.Append(numeral);
            }
        }

        return sb.ToString();
    }
}
