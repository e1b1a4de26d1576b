using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Archive.Site.Rendering;

/// <summary>
/// Heading levels without gaps: a report that numbers its outline from （一） (level 3) with no 一、
/// above it would jump from the page's h1 to h3; this closes such gaps (h1 → h2 → h3) so headings
/// stay in order for readers and assistive technology.
/// </summary>
public sealed class HeadingLevelsExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline) => pipeline.DocumentProcessed += Normalise;

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
    }

    private static void Normalise(MarkdownDocument document)
    {
        // First close the gaps between the levels used, then make sure no heading is more than one
        // level below the one before it (a report may open with （一） before any 一、).
        var used = document.Descendants<HeadingBlock>().Select(h => h.Level).Distinct().Order().ToList();
        var previous = 1;
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var level = Math.Min(6, 2 + used.IndexOf(heading.Level));
            heading.Level = Math.Min(level, previous + 1);
            previous = heading.Level;
        }
    }
}

/// <summary>
/// Stable heading ids from the outline's position: the second 一、-level section is <c>s2</c>, its
/// third subsection <c>s2-3</c>. Short, ASCII, and citable as <c>report/#s2-3</c>.
/// </summary>
public sealed class OutlineIdsExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline) => pipeline.DocumentProcessed += Assign;

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
    }

    private static void Assign(MarkdownDocument document)
    {
        var counters = new int[7];
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var level = Math.Clamp(heading.Level, 2, 6);
            counters[level]++;
            Array.Clear(counters, level + 1, counters.Length - level - 1);
            var parts = Enumerable.Range(2, level - 1).Select(l => Math.Max(counters[l], 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            heading.GetAttributes().Id = "s" + string.Join('-', parts);
        }
    }
}

/// <summary>Switches on the extensions by name, Markdig-style.</summary>
public static class ArchiveMarkdownExtensions
{
    public static MarkdownPipelineBuilder UseHeadingLevels(this MarkdownPipelineBuilder pipeline)
    {
        pipeline.Extensions.AddIfNotAlready<HeadingLevelsExtension>();
        return pipeline;
    }

    public static MarkdownPipelineBuilder UseOutlineIds(this MarkdownPipelineBuilder pipeline)
    {
        pipeline.Extensions.AddIfNotAlready<OutlineIdsExtension>();
        return pipeline;
    }
}
