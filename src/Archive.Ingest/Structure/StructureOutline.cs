using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Rules;
using Archive.Ingest.Splitting;

namespace Archive.Ingest.Structure;

/// <summary>
/// Step 5, <c>StructureOutline</c>: turns a report body into blocks. Chinese outline numbering becomes
/// headings (<c>一、</c> → level 2, <c>（一）</c> → 3, <c>1.</c>/<c>1、</c> → 4, <c>（1）</c> → 5); a
/// numbered line that goes on after a short lead sentence (<c>（一）科学推进国土绿化。一是…</c>) becomes
/// the heading and a paragraph; <c>一是…二是…</c> lead-ins stay paragraphs; the signature block
/// (organisation and date lines at the end) is recognised; tab-separated rows become a table.
/// </summary>
public sealed partial class StructureOutline(DepartmentTable departments)
{
    private readonly SignatureLines _signatures = new(departments);
    private readonly BylineLines _bylines = new(departments);

    /// <summary>Longest text kept as a heading; longer numbered lines are paragraphs.</summary>
    public const int MaxHeadingLength = 60;

    /// <summary>Longest lead sentence split off a numbered paragraph as its heading.</summary>
    public const int MaxLeadLength = 40;

    public (ImmutableArray<Block> Blocks, ImmutableArray<Core.CleaningEntry> Log) Apply(string file, ImmutableArray<CleanLine> body) =>
        Apply(file, body, []);

    /// <summary>
    /// Structures a body whose lines <paramref name="partHeadings"/> head its parts (found by
    /// <c>SplitReports</c>: 2024年工作计划 under 县财政局2023年工作总结及2024年工作计划): those are top-level headings.
    /// </summary>
    public (ImmutableArray<Block> Blocks, ImmutableArray<Core.CleaningEntry> Log) Apply(string file, ImmutableArray<CleanLine> body, ImmutableArray<int> partHeadings)
    {
        var (content, signature) = SplitSignature(body);
        var attachment = ImmutableArray<CleanLine>.Empty;
        if (signature is null && SplitAfterSignature(body) is { } signed)
        {
            (content, signature, attachment) = signed;
        }

        var blocks = ImmutableArray.CreateBuilder<Block>(content.Length + attachment.Length + 1);
        // A report in parts has its outline one level below the parts' headings.
        var depth = !partHeadings.IsEmpty || body.Any(l => IsPartHeading(l.Text)) ? 1 : 0;
        var log = AddBlocks(file, content, partHeadings, depth, blocks);
        SetApartByline(blocks);
        if (signature is not null)
        {
            blocks.Add(signature);
        }

        if (!attachment.IsEmpty)
        {
            log = log.AddRange(AddBlocks(file, attachment, partHeadings, depth, blocks));
        }

        return (blocks.ToImmutable(), log);
    }

    /// <summary>
    /// A report signed above what an official document carries after its signature — attachments
    /// (附件 / 附件1：… / 附表, then a table), the contact (（联系人：…）), copies (抄送：…), the issuing line
    /// (…印发): the signature before the first such line it stands right above, and the rest after it.
    /// </summary>
    private (ImmutableArray<CleanLine> Content, SignatureBlock Signature, ImmutableArray<CleanLine> Attachment)? SplitAfterSignature(ImmutableArray<CleanLine> body)
    {
        for (var i = 1; i < body.Length; i++)
        {
            if (!body[i].IsBlank && body[i].Text.Length <= MaxAfterSignatureLength && AfterSignatureLine().IsMatch(body[i].Text)
                && SplitSignature(body[..i]) is (var content, { } signature))
            {
                return (content, signature, body[i..]);
            }
        }

        return null;
    }

    // The longest first line of what follows a signature (抄送 lists are long; paragraphs longer still).
    private const int MaxAfterSignatureLength = 120;

    // The first line of what follows a signature: 附件 / 附件2：2023年重点项目推进情况表 / 附表：… /
    // （联系人：张三，联系电话：…） / 抄送：县委办… / 县财政局办公室 2023年12月20日印发.
    [GeneratedRegex(@"^附\s*[件表]\s*[\d一二三四五六七八九十]{0,2}\s*(?:[:：].*)?$|^[（(]?\s*联\s*系\s*人\s*[:：]|^抄\s*送\s*[:：]|\d\s*日\s*印\s*发$")]
    private static partial Regex AfterSignatureLine();

    // The byline under the title (its first paragraphs, when they are a date, a unit or a dated
    // subtitle) as a block of its own.
    private void SetApartByline(ImmutableArray<Block>.Builder blocks)
    {
        var lines = new List<(string Text, ImmutableArray<int> Lines)>();
        while (lines.Count < Math.Min(BylineLines.MaxLines, blocks.Count) && BylineText(blocks[lines.Count]) is { } text && _bylines.IsBylineLine(text))
        {
            lines.Add((text, blocks[lines.Count].Lines));
        }

        if (lines.Count == 0)
        {
            return;
        }

        blocks.RemoveRange(0, lines.Count);
        blocks.Insert(0, new BylineBlock([.. lines.Select(l => l.Text)], [.. lines.SelectMany(l => l.Lines)]));
    }

    // A paragraph's text; a one-row table's cells read as one line (县司法局⇥（2024年1月15日）: a tab pushing the date right).
    private static string? BylineText(Block block) => block switch
    {
        ParagraphBlock p => p.Text,
        TableBlock { Rows.Length: 1 } t => string.Join(' ', t.Rows[0].Where(c => c.Length > 0)),
        _ => null,
    };

    // A part of a report above its outline: 第一部分 2023年工作回顾 / 第二部分：2024年工作安排.
    [GeneratedRegex(@"^第\s*[一二三四五六七八九十]{1,3}\s*部分(?:[\s:：、．.]|$)")]
    private static partial Regex PartHeading();

    /// <summary>
    /// A numbered line with a tab after its number (一、⇥主要工作 / 1.⇥低保…: typed so in Word, or Word's
    /// own list number copied out with the text) is no table row of two cells: the number stands before
    /// its text as it would without the tab — nothing after Chinese punctuation, a space after a digit's stop.
    /// </summary>
    internal static SourceParagraph WithoutTabAfterMarker(SourceParagraph p)
    {
        var tab = p.Text.IndexOf('\t', StringComparison.Ordinal);
        if (tab <= 0 || p.Text.IndexOf('\t', tab + 1) >= 0 || p.Text.AsSpan(tab + 1).IsWhiteSpace())
        {
            return p;
        }

        // The number alone before the tab (spaces aside).
        var head = p.Text[..tab].TrimEnd();
        if (TextPatterns.OutlineMarker().Match(head) is not { Success: true } marker || marker.Length != head.Length)
        {
            return p;
        }

        var number = head;
        var rest = p.Text[(tab + 1)..].TrimStart();
        return p with { Text = number + (number[^1] is '.' or '．' ? " " : "") + rest };
    }

    // A list of attachments opening with its first item: 附：1.… / 附件：1.….
    [GeneratedRegex(@"^附\s*[件表]?\s*[:：]\s*[（(]?\s*1\s*[)）.、．]")]
    private static partial Regex AttachmentList();

    // Paragraphs, tables and headings of `lines` (broken lines repaired), added to `blocks`.
    private static ImmutableArray<Core.CleaningEntry> AddBlocks(string file, ImmutableArray<CleanLine> lines, ImmutableArray<int> partHeadings, int depth, ImmutableArray<Block>.Builder blocks)
    {
        var (paragraphs, log) = RepairParagraphs.Apply(file, lines);
        var inAttachmentList = false;
        for (var i = 0; i < paragraphs.Length; i++)
        {
            var p = WithoutTabAfterMarker(paragraphs[i]);

            // 附：1.县司法局…台账 / 2.县司法局行政执法统计表: the list's items are no headings.
            var listItem = inAttachmentList && TextPatterns.OutlineMarker().Match(p.Text) is { Success: true } item
                && (item.Groups["l3"].Success || item.Groups["l4"].Success);
            inAttachmentList = listItem || AttachmentList().IsMatch(p.Text);
            if (listItem)
            {
                blocks.Add(new ParagraphBlock(p.Text, p.Lines));
                continue;
            }

            if (p.Text.Contains('\t'))
            {
                var rows = new List<SourceParagraph> { p };
                while (i + 1 < paragraphs.Length && WithoutTabAfterMarker(paragraphs[i + 1]).Text.Contains('\t'))
                {
                    rows.Add(paragraphs[++i]);
                }

                blocks.Add(new TableBlock(
                    [.. rows.Select(r => r.Text.Split('\t').Select(c => c.Trim()).ToImmutableArray())],
                    [.. rows.SelectMany(r => r.Lines)]));
                continue;
            }

            if (p.Lines.Length == 1 && partHeadings.Contains(p.Lines[0]) || IsPartHeading(p.Text))
            {
                blocks.Add(new HeadingBlock(2, p.Text, p.Lines));
                continue;
            }

            AddParagraph(p, depth, blocks);
        }

        return log;
    }

    private static bool IsPartHeading(string text) =>
        text.Length <= MaxHeadingLength && PartHeading().IsMatch(text) && !TextPatterns.HasSentenceStop(text);

    private static void AddParagraph(SourceParagraph p, int depth, ImmutableArray<Block>.Builder blocks)
    {
        var marker = TextPatterns.OutlineMarker().Match(p.Text);
        if (!marker.Success)
        {
            blocks.Add(new ParagraphBlock(p.Text, p.Lines));
            return;
        }

        var level = LevelOf(marker) + depth;
        if (RepairParagraphs.IsHeading(p.Text) && p.Text.Length <= MaxHeadingLength)
        {
            blocks.Add(new HeadingBlock(level, TrimStop(p.Text), p.Lines));
            return;
        }

        // 「（一）科学推进国土绿化。一是…」: a short lead sentence is the heading, the rest a paragraph.
        var stop = p.Text.AsSpan(marker.Length).IndexOfAny(TextPatterns.SentenceStops);
        if (stop > 0 && marker.Length + stop <= MaxLeadLength && marker.Length + stop + 1 < p.Text.Length)
        {
            var cut = marker.Length + stop;
            blocks.Add(new HeadingBlock(level, p.Text[..cut], p.Lines));
            blocks.Add(new ParagraphBlock(p.Text[(cut + 1)..].TrimStart(), p.Lines));
            return;
        }

        blocks.Add(new ParagraphBlock(p.Text, p.Lines));
    }

    private static int LevelOf(Match marker) =>
        marker.Groups["l1"].Success ? 2 : marker.Groups["l2"].Success ? 3 : marker.Groups["l3"].Success ? 4 : 5;

    private static string TrimStop(string text) =>
        text.Length > 1 && text[^1] is '。' or '；' or ';' ? text[..^1] : text;

    /// <summary>
    /// Finds the signature at the end of a body: a date line, optionally preceded by one or two short
    /// organisation lines; or the organisation and the date on one line (县民政局　2024年1月5日).
    /// </summary>
    public (ImmutableArray<CleanLine> Content, SignatureBlock? Signature) SplitSignature(ImmutableArray<CleanLine> body)
    {
        var last = body.Length - 1;
        while (last >= 0 && body[last].IsBlank)
        {
            last--;
        }

        if (last < 0)
        {
            return (body, null);
        }

        if (_signatures.ReadDate(body[last].Text) is not { } signed)
        {
            return DateAboveOrganisation(body, last);
        }

        var (organization, dateText, dateMatch) = signed;
        var start = last;
        var lines = new List<int> { body[last].Number };
        List<string> names = organization is null ? [] : [organization]; // on the date's line (县民政局　2024年1月5日)
        List<string> shown = [.. names];

        for (var j = last - 1; j >= 0 && j >= last - 2; j--)
        {
            if (body[j].IsBlank || _signatures.Organisation(body[j].Text) is not { } name)
            {
                break;
            }

            // Each line as written (中共XX镇委员会 / XX镇人民政府, 报送单位：XX县审计局); the names for the metadata.
            names.Insert(0, name);
            shown.Insert(0, body[j].Text.Trim());
            lines.Insert(0, body[j].Number);
            start = j;
        }

        var signature = new SignatureBlock(names.Count == 0 ? null : string.Join(' ', names), dateText, TextPatterns.ParseDate(dateMatch), [.. lines])
        {
            HasDay = dateMatch.Groups["d"].Success,
            OrganizationLines = [.. shown],
        };
        return (body[..start], signature);
    }

    // A signature written date first (2023年12月26日 / XX县民政局): the organisation on the last line,
    // right under a date line.
    private (ImmutableArray<CleanLine> Content, SignatureBlock? Signature) DateAboveOrganisation(ImmutableArray<CleanLine> body, int last)
    {
        if (last < 1 || body[last - 1].IsBlank || _signatures.Organisation(body[last].Text) is not { } name
            || _signatures.ReadDate(body[last - 1].Text) is not { Organisation: null } signed)
        {
            return (body, null);
        }

        return (body[..(last - 1)], new SignatureBlock(name, signed.Text, TextPatterns.ParseDate(signed.Date), [body[last - 1].Number, body[last].Number])
        {
            HasDay = signed.Date.Groups["d"].Success,
            OrganizationLines = [body[last].Text.Trim()],
            DateFirst = true,
        });
    }
}
