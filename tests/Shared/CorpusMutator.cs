using System.Text;

namespace Archive.Tests.Shared;

/// <summary>A mutated copy of a raw file: its name, its bytes, and what was done to it (for failure messages).</summary>
public sealed record Mutant(string Name, byte[] Bytes, IReadOnlyList<string> Mutations)
{
    public override string ToString() => $"{Name} [{string.Join(", ", Mutations)}]";
}

/// <summary>
/// Makes damaged, reshuffled and re-encoded copies of raw compilations, deterministically from a seed,
/// to check properties that must hold for any input (fuzzing). Self-contained (System only), so other
/// test projects include it from tests/Shared.
/// Text mutations: lines shuffled, cut, duplicated, blank lines inserted or removed, a line split in
/// two, lines joined, paid markers / advertising / headers / contents / hostile markup injected, odd
/// whitespace, lines wrapped in a web page's HTML (one per line or all on one), line endings changed. Byte mutations: re-encoding (UTF-8 with or without BOM, GB18030,
/// UTF-16 LE/BE), encodings mixed within one file, bytes flipped, the file truncated, NUL bytes.
/// </summary>
public sealed class CorpusMutator
{
    private static readonly string[] Injections =
    [
        "##paidbegin##",
        "##paidend##",
        "【哒哒素材库】——每天更新材料1000多篇内部高质量素材，会员群+网盘群同步每日更新",
        "欢迎加入“哒哒素材库svip会员”，9000万字材料，轻松解决您的各类素材需求！添加客服：cwk",
        "【哒哒代笔】——原创高质量保障、高度保密，各类代笔（润笔），好评如潮！",
        "2023年第三季度工作总结汇编（8篇）",
        "（4篇）",
        "目录",
        "1.",
        "2.",
        "区财政局2023年工作总结\t3",
        "区民政局",
        "2023年10月19日",
        "XX市XX区发展和改革局",
        "一、主要工作",
        "（一）加强组织领导。一是强化学习。",
        "- 3 -",
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "| a | b |",
        ":::",
        "---",
        "{{template}}",
        "项目\t数量\t完成率",
        "D的二十大 3D打印 A股 GDP",
        "\u3000\u3000\u00A0",
        "\uFEFF",
        "\u200B",
        "工作总结",
        "2023年工作总结及2023年工作思路（街道）",
    ];

    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });

    private readonly Random _random;

    public CorpusMutator(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
    }

    public int Seed { get; }

    /// <summary>A mutant of <paramref name="text"/> (a decoded raw file), with one to five mutations.</summary>
    public Mutant Mutate(string name, string text)
    {
        var mutations = new List<string>();
        var lines = SplitLines(text);
        var count = _random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            mutations.Add(MutateLines(lines));
        }

        var ending = Pick(["\n", "\n", "\r\n", "\r", "mixed"]);
        if (ending != "\n")
        {
            mutations.Add(ending == "mixed" ? "mixed line endings" : ending == "\r\n" ? "CRLF" : "CR");
        }

        var joined = Join(lines, ending);
        var (bytes, encoding) = Encode(joined);
        mutations.Add(encoding);

        if (_random.NextDouble() < 0.3)
        {
            mutations.Add(MutateBytes(ref bytes));
        }

        var extension = Pick([".txt", ".txt", ".txt", ".txt", ".txt", ".md", "", ".TXT", ".text", ".docx"]);
        return new Mutant($"mutant-{Seed}-{Path.GetFileNameWithoutExtension(name)}{extension}", bytes, mutations);
    }

    private string MutateLines(List<string> lines)
    {
        if (lines.Count == 0)
        {
            lines.Add(Pick(Injections));
            return "inject into empty";
        }

        switch (_random.Next(13))
        {
            case 0:
            {
                var (start, length) = Range(lines.Count, 40);
                var window = lines.GetRange(start, length);
                Shuffle(window);
                lines.RemoveRange(start, length);
                lines.InsertRange(start, window);
                return $"shuffle lines {start + 1}+{length}";
            }

            case 1:
            {
                var (start, length) = Range(lines.Count, Math.Max(1, lines.Count / 3));
                lines.RemoveRange(start, length);
                return $"cut lines {start + 1}+{length}";
            }

            case 2:
            {
                var (start, length) = Range(lines.Count, 30);
                var copy = lines.GetRange(start, length);
                var at = _random.Next(lines.Count + 1);
                lines.InsertRange(at, copy);
                return $"duplicate lines {start + 1}+{length} at {at + 1}";
            }

            case 3:
            {
                var n = _random.Next(1, 20);
                for (var i = 0; i < n; i++)
                {
                    lines.Insert(_random.Next(lines.Count + 1), "");
                }

                return $"insert {n} blank lines";
            }

            case 4:
            {
                var removed = lines.RemoveAll(l => l.Trim().Length == 0 && _random.NextDouble() < 0.7);
                return $"remove {removed} blank lines";
            }

            case 5:
            {
                var i = _random.Next(lines.Count);
                var line = lines[i];
                var at = line.Length == 0 ? 0 : _random.Next(line.Length + 1);
                if (at > 0 && at < line.Length && char.IsLowSurrogate(line[at]))
                {
                    at--;
                }

                lines[i] = line[..at];
                lines.Insert(i + 1, line[at..]);
                return $"split line {i + 1} at {at}";
            }

            case 6:
            {
                var i = _random.Next(lines.Count);
                if (i + 1 < lines.Count)
                {
                    lines[i] += lines[i + 1];
                    lines.RemoveAt(i + 1);
                }

                return $"join lines {i + 1}-{i + 2}";
            }

            case 7:
            case 8:
            {
                var n = _random.Next(1, 8);
                for (var k = 0; k < n; k++)
                {
                    var injection = Pick(Injections);
                    var at = _random.Next(lines.Count + 1);
                    if (_random.NextDouble() < 0.3 && at < lines.Count)
                    {
                        lines[at] = injection + lines[at]; // glued to a line start
                    }
                    else
                    {
                        lines.Insert(at, injection);
                    }
                }

                return $"inject {n} noise/markup lines";
            }

            case 9:
            {
                var n = _random.Next(1, 10);
                for (var k = 0; k < n; k++)
                {
                    var i = _random.Next(lines.Count);
                    var at = lines[i].Length == 0 ? 0 : _random.Next(lines[i].Length);
                    if (at > 0 && char.IsLowSurrogate(lines[i][at]))
                    {
                        at--;
                    }

                    lines[i] = lines[i].Insert(at, Pick(["\u3000", "\u00A0", "\u2002", "\t", " ", "\u200B", "\uFEFF"]));
                }

                return $"odd whitespace x{n}";
            }

            case 10:
            {
                var n = _random.Next(1, 5);
                for (var k = 0; k < n; k++)
                {
                    var i = _random.Next(lines.Count);
                    if (lines[i].Length > 0)
                    {
                        var at = _random.Next(lines[i].Length);
                        if (!char.IsSurrogate(lines[i][at]))
                        {
                            lines[i] = lines[i].Remove(at, 1).Insert(at, ((char)_random.Next(0x20, 0x7F)).ToString());
                        }
                    }
                }

                return $"replace {n} characters";
            }

            case 11:
            {
                // Copied out of a web page's source: each line of a window wrapped in <p>…</p> with
                // &nbsp; indentation, and the window on one line or on several.
                var (start, length) = Range(lines.Count, 30);
                var html = lines.GetRange(start, length).Select(l => $"<p style=\"text-indent:2em\">&nbsp;&nbsp;{l.Replace("&", "&amp;", StringComparison.Ordinal)}</p>").ToList();
                var oneLine = _random.Next(2) == 0;
                lines.RemoveRange(start, length);
                lines.InsertRange(start, oneLine ? [string.Concat(html)] : html);
                return $"lines {start + 1}+{length} as HTML{(oneLine ? " on one line" : "")}";
            }

            default:
            {
                var n = Math.Min(lines.Count, _random.Next(1, 4));
                for (var k = 0; k < n; k++)
                {
                    lines.RemoveAt(_random.Next(lines.Count));
                }

                return $"delete {n} single lines";
            }
        }
    }

    private (byte[] Bytes, string Name) Encode(string text)
    {
        switch (_random.Next(8))
        {
            case 0:
                return ([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], "utf-8 bom");
            case 1:
                return (Gb18030.Value.GetBytes(text), "gb18030");
            case 2:
                return ([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)], "utf-16le bom");
            case 3:
                return ([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)], "utf-16be bom");
            case 4:
            {
                // Encodings mixed within one file: the first part GB18030, the rest UTF-8.
                var cut = _random.Next(text.Length + 1);
                if (cut > 0 && cut < text.Length && char.IsLowSurrogate(text[cut]))
                {
                    cut--;
                }

                return ([.. Gb18030.Value.GetBytes(text[..cut]), .. Encoding.UTF8.GetBytes(text[cut..])], $"gb18030+utf-8 mixed at {cut}");
            }

            default:
                return (Encoding.UTF8.GetBytes(text), "utf-8");
        }
    }

    private string MutateBytes(ref byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return "no bytes to damage";
        }

        switch (_random.Next(4))
        {
            case 0:
            {
                var n = _random.Next(1, 4);
                for (var i = 0; i < n; i++)
                {
                    bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
                }

                return $"flip {n} bytes";
            }

            case 1:
            {
                var n = _random.Next(1, 200);
                for (var i = 0; i < n; i++)
                {
                    bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
                }

                return $"flip {n} bytes";
            }

            case 2:
            {
                var length = _random.Next(bytes.Length);
                bytes = bytes[..length];
                return $"truncate to {length} bytes";
            }

            default:
            {
                bytes[_random.Next(bytes.Length)] = 0;
                return "one NUL byte";
            }
        }
    }

    private static List<string> SplitLines(string text) =>
        [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')];

    private string Join(List<string> lines, string ending)
    {
        if (ending != "mixed")
        {
            return string.Join(ending, lines);
        }

        var sb = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            sb.Append(lines[i]);
            if (i + 1 < lines.Count)
            {
                sb.Append(Pick(["\n", "\r\n", "\r"]));
            }
        }

        return sb.ToString();
    }

    private (int Start, int Length) Range(int count, int maxLength)
    {
        var start = _random.Next(count);
        var length = _random.Next(1, Math.Min(maxLength, count - start) + 1);
        return (start, length);
    }

    private void Shuffle<T>(List<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
