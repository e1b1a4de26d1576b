using System.Collections.Immutable;

namespace Archive.Core;

/// <summary>Where a metadata value came from, so that a wrong guess can be traced.</summary>
public enum FieldSource
{
    /// <summary>Nothing in the text says; the value is a placeholder such as 未知.</summary>
    None,
    /// <summary>Read from the report's title line.</summary>
    Title,
    /// <summary>Read from the signature block (organisation and date lines at the end).</summary>
    Signature,
    /// <summary>Read from an explicit statement in the body text.</summary>
    Body,
    /// <summary>Derived by a rule from indirect evidence (topic words, dates, the plan following the summary).</summary>
    Inferred,
    /// <summary>Set by the archivist in <c>input/overrides.yaml</c>.</summary>
    Override,
    /// <summary>Taken from the name of the raw file.</summary>
    FileName,
}

/// <summary>A metadata value with its provenance.</summary>
public sealed record Sourced<T>(T Value, FieldSource Source, string? Evidence = null)
{
    public static Sourced<T> None(T value) => new(value, FieldSource.None);
}

/// <summary>Descriptive metadata of one report.</summary>
public sealed record ReportMetadata
{
    public required Sourced<string> Title { get; init; }
    public required Sourced<int?> Year { get; init; }
    public required Sourced<int?> PlanYear { get; init; }
    public required Sourced<string> Period { get; init; }
    public required Sourced<string> Level { get; init; }
    public required Sourced<string> Department { get; init; }
    public required Sourced<string?> Organization { get; init; }
    public required Sourced<DateOnly?> Date { get; init; }
    public ImmutableArray<string> Regions { get; init; } = [];
    public ImmutableArray<string> Kinds { get; init; } = [];
    public ImmutableArray<string> Tags { get; init; } = [];
}

/// <summary>One place a report was found: the raw file and the 1-based lines of its title and last line.</summary>
public sealed record SourceRef(string File, int Line, int LastLine);

/// <summary>What cleaning did to one line of raw input (<paramref name="Count"/> times, e.g. three masks restored).</summary>
public sealed record CleaningEntry(string File, int Line, CleaningAction Action, string Detail, int Count = 1);

public enum CleaningAction
{
    /// <summary>The whole line was dropped (advertising, table of contents, header, blank line between reports…).</summary>
    Dropped,
    /// <summary>Part of the line was removed (a paid-content marker glued to text, odd whitespace).</summary>
    Trimmed,
    /// <summary>Masked characters were restored (D → 党).</summary>
    Unmasked,
    /// <summary>The line was joined to the previous one (a paragraph broken mid-sentence).</summary>
    Joined,
}

/// <summary>A report as published: immutable; every stage makes a new one.</summary>
public sealed record Report
{
    /// <summary>Stable id, derived from the report's own text; also its URL slug.</summary>
    public required string Id { get; init; }
    public required ReportMetadata Metadata { get; init; }
    /// <summary>Body as Markdown (title excluded), with report text escaped so it never acts as markup.</summary>
    public required string Markdown { get; init; }
    /// <summary>Every raw file and line range the report was found at, in a stable order.</summary>
    public required ImmutableArray<SourceRef> Sources { get; init; }
    /// <summary>SHA-256 (hex) of the report's normalised text.</summary>
    public required string ContentHash { get; init; }
    /// <summary>What cleaning changed in this report's lines (first source).</summary>
    public ImmutableArray<CleaningEntry> Cleaning { get; init; } = [];
    /// <summary>Doubts raised while reading this report (count mismatch, suspicious plan year…).</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];
}
