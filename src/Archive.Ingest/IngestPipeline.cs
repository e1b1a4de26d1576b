using System.Collections.Concurrent;
using System.Collections.Immutable;
using Archive.Core;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Metadata;
using Archive.Ingest.Output;
using Archive.Ingest.Overrides;
using Archive.Ingest.Reading;
using Archive.Ingest.Rules;
using Archive.Ingest.Splitting;
using Archive.Ingest.Structure;

namespace Archive.Ingest;

/// <summary>Everything ingest needs to know, as one immutable record.</summary>
public sealed record IngestOptions
{
    public CleaningRules Rules { get; init; } = CleaningRules.Default;
    public DepartmentTable Departments { get; init; } = DepartmentTable.Default;
    public ArchiveOverrides Overrides { get; init; } = ArchiveOverrides.None;
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// The ingest pipeline: built once from <see cref="IngestOptions"/>, then immutable and thread-safe.
/// Its steps, each its own class: <c>ReadSources</c> → <c>StripNoise</c> → <c>Unmask</c> →
/// <c>SplitReports</c> → <c>StructureOutline</c> (with <c>RepairParagraphs</c>) → <c>ExtractMetadata</c>
/// → <c>MarkdownText</c> → <c>MergeDuplicates</c> → <c>ApplyOverrides</c>.
/// </summary>
public sealed class IngestPipeline
{
    private readonly StripNoise _strip;
    private readonly Unmask _unmask;
    private readonly SplitReports _split;
    private readonly StructureOutline _structure;
    private readonly ExtractMetadata _metadata;

    public IngestPipeline(IngestOptions options)
    {
        Options = options;
        _strip = new StripNoise(options.Rules);
        _unmask = new Unmask(options.Rules);
        _split = new SplitReports(options.Rules, options.Departments);
        _structure = new StructureOutline(options.Departments);
        _metadata = new ExtractMetadata(options.Rules, options.Departments);
    }

    public IngestOptions Options { get; }

    /// <summary>A pipeline with the built-in rules and no overrides.</summary>
    public static IngestPipeline Default { get; } = new(new IngestOptions());

    /// <summary>Ingests every input file (read in parallel) and merges duplicates into unique reports.</summary>
    public IngestResult Ingest(IEnumerable<InputFile> inputs)
    {
        var list = inputs.ToList();
        var outcomes = new (FileResult? File, SkippedFile? Skipped)[list.Count];
        Parallel.For(0, list.Count, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism }, i =>
        {
            var read = SourceReader.Read(list[i].Path, list[i].Name);
            outcomes[i] = read.Source is { } source ? TryIngestFile(source) : (null, new SkippedFile(read.File, read.Skipped!));
        });

        var files = outcomes.Select(o => o.File).OfType<FileResult>().ToImmutableArray();
        var skipped = outcomes.Select(o => o.Skipped).OfType<SkippedFile>().ToImmutableArray();
        return Result(files, skipped);
    }

    /// <summary>The archive from its files: duplicates merged, overrides applied and checked.</summary>
    public IngestResult Result(ImmutableArray<FileResult> files, ImmutableArray<SkippedFile> skipped)
    {
        var reports = MergeDuplicates(files);
        var ids = reports.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var unused = Options.Overrides.Reports.Keys.Where(id => !ids.Contains(id)).Order(StringComparer.Ordinal)
            .Select(id => $"input/{ArchiveOverrides.FileName}: report {id} does not exist (mistyped, or its text changed and with it its id)");
        var unusedFiles = Options.Overrides.Files.Keys.Where(f => !files.Any(r => r.File == f)).Order(StringComparer.Ordinal)
            .Select(f => $"input/{ArchiveOverrides.FileName}: file {f} is not in the input folder");
        return new IngestResult(reports, files, skipped)
        {
            UnmaskRules = Options.Rules.Unmask,
            ArchiveWarnings = [.. unused, .. unusedFiles],
        };
    }

    /// <summary>
    /// <see cref="IngestFile"/>, or the file skipped when a pattern from an archivist's rule file ran
    /// past its time limit on it (it backtracks without end: the message names the pattern) or the tool
    /// failed on it (the message names the error); the rest of the archive builds either way.
    /// </summary>
    public (FileResult? File, SkippedFile? Skipped) TryIngestFile(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            return (IngestFile(source), null);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException ex)
        {
            return (null, new SkippedFile(source.File,
                $"a pattern from input/ ran over {ex.MatchTimeout.TotalSeconds:0.#} s on one of its lines and was stopped: simplify it (it backtracks without end): {ex.Pattern}"));
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or InsufficientExecutionStackException or OperationCanceledException))
        {
            // A fault of the tool on one file must not stop the archive: the file is skipped, saying so.
            return (null, new SkippedFile(source.File, $"internal error while ingesting it (please report it with the file): {ex.GetType().Name}: {ex.Message}"));
        }
    }

    /// <summary>Ingests one decoded file into reports (not yet merged with other files).</summary>
    public FileResult IngestFile(SourceText source)
    {
        var cleaned = _unmask.Apply(_strip.Apply(source));
        var split = _split.Apply(cleaned, Options.Overrides.SplitFor(source.File));
        var log = split.Log.ToBuilder();
        var reports = ImmutableArray.CreateBuilder<ReportFromSource>(split.Reports.Length);
        var warnings = source.Warnings.AddRange(split.Warnings).ToBuilder();

        foreach (var draft in split.Reports)
        {
            var (blocks, joins) = _structure.Apply(source.File, draft.Body, draft.PartHeadings);
            log.AddRange(joins);
            var (metadata, metadataWarnings) = _metadata.Apply(new MetadataInput(source.File, draft.Title, draft.TitleFromFileName, blocks) { TitleEvidence = draft.TitleEvidence });
            var markdown = MarkdownText.Write(blocks);
            var lines = draft.TitleLines.AddRange(draft.Body.Select(l => l.Number));
            var first = draft.TitleLine; // its first line of text (blank lines above it are the report's too)
            var last = draft.LastLine;
            var reportWarnings = draft.Warnings.AddRange(metadataWarnings);
            warnings.AddRange(reportWarnings.Select(w => $"lines {first}–{last} ({Shorten(draft.Title)}): {w}"));

            var report = new Report
            {
                Id = ReportIdentity.Id(draft.Title, draft.Body.Select(l => l.Text)),
                Metadata = metadata,
                Markdown = markdown,
                Sources = [new SourceRef(source.File, draft.TitleLine, last)],
                ContentHash = ReportIdentity.ContentHash(draft.Title, markdown),
                Warnings = reportWarnings,
            };
            reports.Add(new ReportFromSource(report, lines));
        }

        // Each report carries the cleaning done inside its own lines.
        var byLine = log.ToImmutable();
        var withCleaning = reports.Select(r =>
        {
            var first = r.Lines.Min();
            var last = r.Report.Sources[0].LastLine;
            var entries = byLine.Where(e => e.Line >= first && e.Line <= last).OrderBy(e => e.Line).ToImmutableArray();
            return r with { Report = r.Report with { Cleaning = entries } };
        }).ToImmutableArray();

        return new FileResult(source.File, source.Encoding, source.Sha256, source.Lines.Length, withCleaning,
            [.. byLine.OrderBy(e => e.Line)], warnings.ToImmutable());
    }

    /// <summary>
    /// Step 8, <c>MergeDuplicates</c>: the same report arriving more than once (two compilations, a
    /// re-encoded copy) becomes one report listing every source. The fullest copy's text is kept.
    /// Overrides are applied to the merged report. The result is ordered by id.
    /// </summary>
    public ImmutableArray<Report> MergeDuplicates(ImmutableArray<FileResult> files)
    {
        var groups = new Dictionary<string, List<Report>>(StringComparer.Ordinal);
        foreach (var file in files.OrderBy(f => f.File, StringComparer.Ordinal))
        {
            foreach (var r in file.Reports)
            {
                if (!groups.TryGetValue(r.Report.Id, out var list))
                {
                    groups[r.Report.Id] = list = [];
                }

                list.Add(r.Report);
            }
        }

        var merged = new ConcurrentBag<Report>();
        foreach (var (id, copies) in groups)
        {
            var primary = copies
                .OrderByDescending(c => c.Markdown.Length)
                .ThenBy(c => c.Sources[0].File, StringComparer.Ordinal)
                .ThenBy(c => c.Sources[0].Line)
                .First();
            var sources = copies.SelectMany(c => c.Sources)
                .Distinct()
                .OrderBy(s => s.File, StringComparer.Ordinal)
                .ThenBy(s => s.Line)
                .ToImmutableArray();
            var warnings = primary.Warnings;
            if (copies.Select(c => c.ContentHash).Distinct().Count() > 1)
            {
                warnings = warnings.Add($"copies differ; the fullest one ({primary.Sources[0].File}, line {primary.Sources[0].Line}) is published");
            }

            merged.Add(Options.Overrides.Apply(primary with { Sources = sources, Warnings = warnings }));
        }

        return [.. merged.OrderBy(r => r.Id, StringComparer.Ordinal)];
    }

    private static string Shorten(string text) => text.Length <= 24 ? text : text[..24] + "…";
}
