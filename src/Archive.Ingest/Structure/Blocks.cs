using System.Collections.Immutable;

namespace Archive.Ingest.Structure;

/// <summary>A piece of a report's body, with the raw lines it came from.</summary>
public abstract record Block(ImmutableArray<int> Lines);

/// <summary>An outline heading: <c>一、</c> is level 2 (<c>##</c>), <c>（一）</c> 3, <c>1.</c> 4, <c>（1）</c> 5.</summary>
public sealed record HeadingBlock(int Level, string Text, ImmutableArray<int> Lines) : Block(Lines);

/// <summary>A paragraph of running text.</summary>
public sealed record ParagraphBlock(string Text, ImmutableArray<int> Lines) : Block(Lines);

/// <summary>The byline under the title: its lines (县司法局 / （2024年1月15日）, or a dated subtitle).</summary>
public sealed record BylineBlock(ImmutableArray<string> Texts, ImmutableArray<int> Lines) : Block(Lines);

/// <summary>Rows of a table (cells separated by tabs in the source).</summary>
public sealed record TableBlock(ImmutableArray<ImmutableArray<string>> Rows, ImmutableArray<int> Lines) : Block(Lines);

/// <summary>The signature at the end of a report: the issuing organisation and the date.</summary>
public sealed record SignatureBlock(string? Organization, string? DateText, DateOnly? Date, ImmutableArray<int> Lines) : Block(Lines)
{
    /// <summary>False for a date line without a day (2023年12月): <see cref="Date"/> is then the 1st, good for its year and month only.</summary>
    public bool HasDay { get; init; } = true;

    /// <summary>
    /// The organisation's lines as written (中共XX镇委员会 / XX镇人民政府; 报送单位：XX县审计局), where
    /// <see cref="Organization"/> holds the names alone, joined by a space.
    /// </summary>
    public ImmutableArray<string> OrganizationLines { get; init; } = [];

    /// <summary>True when the date stands above the organisation (2023年12月26日 / XX县民政局).</summary>
    public bool DateFirst { get; init; }
}

/// <summary>A paragraph as repaired: its text and the raw lines joined into it.</summary>
public sealed record SourceParagraph(string Text, ImmutableArray<int> Lines);

/// <summary>Measures of a report's blocks.</summary>
public static class BlockText
{
    /// <summary>
    /// The characters of the blocks' texts (headings, paragraphs, bylines, table cells, signatures) and
    /// a line break for each: the capacity for a text written from them, which then needs no regrowing.
    /// </summary>
    public static int Length(ImmutableArray<Block> blocks)
    {
        var length = 0;
        foreach (var block in blocks)
        {
            length += 1 + block switch
            {
                HeadingBlock h => h.Text.Length,
                ParagraphBlock p => p.Text.Length,
                BylineBlock y => y.Texts.Sum(t => t.Length + 1),
                TableBlock t => t.Rows.Sum(r => r.Sum(c => c.Length + 3) + 2),
                SignatureBlock s => s.OrganizationLines.Sum(o => o.Length + 1) + (s.Organization?.Length ?? 0) + (s.DateText?.Length ?? 0) + 1,
                _ => 0,
            };
        }

        return length;
    }
}
