using System.Collections.Immutable;
using Archive.Core;

namespace Archive.Ingest;

/// <summary>A report as found in one file, with every raw line it took (title, body, blank lines inside).</summary>
public sealed record ReportFromSource(Report Report, ImmutableArray<int> Lines);

/// <summary>What ingest found in one raw file.</summary>
public sealed record FileResult(
    string File,
    string Encoding,
    string Sha256,
    int LineCount,
    ImmutableArray<ReportFromSource> Reports,
    ImmutableArray<CleaningEntry> Log,
    ImmutableArray<string> Warnings);

/// <summary>A file that could not be used, with the one-line reason.</summary>
public sealed record SkippedFile(string File, string Reason);

/// <summary>The whole archive after ingest: unique reports (duplicates merged), and per-file detail.</summary>
public sealed record IngestResult(
    ImmutableArray<Report> Reports,
    ImmutableArray<FileResult> Files,
    ImmutableArray<SkippedFile> Skipped)
{
    /// <summary>The unmask rules ingest applied, so that search can restore masked queries the same way.</summary>
    public ImmutableArray<Rules.PatternRule> UnmaskRules { get; init; } = [];

    /// <summary>Warnings about the archive as a whole (an override naming no report…).</summary>
    public ImmutableArray<string> ArchiveWarnings { get; init; } = [];

    /// <summary>Every warning, each naming its file: skipped files first, then per-file doubts, then the archive's.</summary>
    public IEnumerable<string> Warnings =>
        Skipped.Select(s => $"{s.File}: skipped: {s.Reason}")
            .Concat(Files.SelectMany(f => f.Warnings.Select(w => $"{f.File}: {w}")))
            .Concat(ArchiveWarnings);
}
