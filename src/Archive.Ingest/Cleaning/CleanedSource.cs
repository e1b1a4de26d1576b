using System.Collections.Immutable;
using Archive.Core;
using Archive.Ingest.Reading;

namespace Archive.Ingest.Cleaning;

/// <summary>A line kept after cleaning: its 1-based number in the raw file and its cleaned text.</summary>
/// <param name="Number">1-based line number in the raw file.</param>
/// <param name="Text">Cleaned text; empty for a blank line.</param>
/// <param name="AfterNoise">Noise stood right before this text (a dropped line or a glued marker), which,
/// like a blank line, marks a possible start of a report.</param>
public sealed record CleanLine(int Number, string Text, bool AfterNoise = false)
{
    public bool IsBlank => Text.Length == 0;
}

/// <summary>An entry of a compilation's table of contents.</summary>
public sealed record TocEntry(int Line, int? Number, string? Title);

/// <summary>A raw file after noise stripping: the kept lines and a log of everything changed or dropped.</summary>
public sealed record CleanedSource(
    SourceText Source,
    ImmutableArray<CleanLine> Lines,
    ImmutableArray<CleaningEntry> Log,
    ImmutableArray<int> DeclaredCounts,
    ImmutableArray<TocEntry> Toc)
{
    public string File => Source.File;

    /// <summary>The number of reports the compilation's header declares, when it declares one.</summary>
    public int? DeclaredCount => DeclaredCounts.IsEmpty ? null : DeclaredCounts.Sum();
}
