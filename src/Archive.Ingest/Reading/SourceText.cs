using System.Collections.Immutable;

namespace Archive.Ingest.Reading;

/// <summary>The decoded lines of one raw input file. Line <c>i</c> of the file is <c>Lines[i - 1]</c>.</summary>
/// <param name="File">The file's path relative to the input folder, with forward slashes.</param>
/// <param name="Encoding">The encoding it was decoded with (utf-8, utf-16le, gb18030, docx…).</param>
/// <param name="Lines">Lines without their line endings.</param>
/// <param name="Sha256">SHA-256 of the raw bytes (hex), identifying the file's exact content.</param>
public sealed record SourceText(string File, string Encoding, ImmutableArray<string> Lines, string Sha256)
{
    /// <summary>Warnings raised while decoding (truncated UTF-8, replaced bytes…).</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];
}

/// <summary>What reading one file gave: its text, or the one-line reason it was skipped.</summary>
public sealed record ReadOutcome(string File, SourceText? Source, string? Skipped)
{
    public static ReadOutcome Read(SourceText source) => new(source.File, source, null);

    public static ReadOutcome Skip(string file, string reason) => new(file, null, reason);
}
