using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Archive.Ingest;
using Archive.Ingest.Overrides;
using Archive.Ingest.Reading;

namespace Archive.Site.Caching;

/// <summary>An input file as the build sees it: its name, where it is, and its content hash.</summary>
public sealed record InputEntry(InputFile File, InputStamp Stamp);

/// <summary>
/// Ingest with a memory: a file whose bytes, rule files and tool version are unchanged is not read
/// or split again; its reports come from the cache. Duplicates are merged across all files afresh.
/// </summary>
public static class CachedIngest
{
    /// <summary>Hash over the archivist's rule, department and override files: any change re-ingests everything.</summary>
    public static string ConfigHash(string inputDirectory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in new[] { InputFolder.RulesFile, InputFolder.DepartmentsFile, ArchiveOverrides.FileName })
        {
            var path = Path.Combine(inputDirectory, name);
            hash.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
            if (File.Exists(path))
            {
                hash.AppendData(File.ReadAllBytes(path));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>
    /// The input files with their content hashes; a file whose size and modification time match the
    /// last build's is not read again (as make and git do).
    /// </summary>
    public static IReadOnlyList<InputEntry> Stamp(string inputDirectory, IReadOnlyDictionary<string, InputStamp>? previous)
    {
        var files = InputFolder.Enumerate(inputDirectory);
        var entries = new InputEntry[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            var file = files[i];
            var info = new FileInfo(file.Path);
            long size = -1, ticks = -1;
            try
            {
                size = info.Length;
                ticks = info.LastWriteTimeUtc.Ticks;
            }
            catch (IOException)
            {
                // vanished: the reader will say so
            }

            if (previous is not null && previous.TryGetValue(file.Name, out var old) && old.Size == size && old.Ticks == ticks && size >= 0)
            {
                entries[i] = new InputEntry(file, old);
                return;
            }

            string sha;
            try
            {
                using var stream = File.OpenRead(file.Path);
                sha = Convert.ToHexStringLower(SHA256.HashData(stream));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                sha = "unreadable";
            }

            entries[i] = new InputEntry(file, new InputStamp(size, ticks, sha));
        });
        return entries;
    }

    /// <summary>Ingests the inputs, taking unchanged files from the cache and storing new results.</summary>
    public static (IngestResult Result, ImmutableArray<string> FileKeys, int Reused) Run(
        IngestPipeline pipeline, IReadOnlyList<InputEntry> inputs, BuildCache cache, string configHash)
    {
        var results = new CachedFile[inputs.Count];
        var keys = new string[inputs.Count];
        var reused = 0;
        Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = pipeline.Options.MaxDegreeOfParallelism }, i =>
        {
            var input = inputs[i];
            // The file name is part of the key: a report's sources name the file it came from.
            var key = Key(input, configHash);
            keys[i] = key;
            if (input.Stamp.Sha256 != "unreadable" && cache.TryGetFile(key) is { } cached && (cached.Result ?? (object?)cached.Skipped) is not null)
            {
                results[i] = cached;
                Interlocked.Increment(ref reused);
                return;
            }

            var read = SourceReader.Read(input.File.Path, input.File.Name);
            var file = read.Source is { } source && pipeline.TryIngestFile(source) is var (ingested, stopped)
                ? new CachedFile(ingested, stopped)
                : new CachedFile(null, new SkippedFile(read.File, read.Skipped!));
            var ingestStopped = read.Source is not null && file.Result is null;

            // A file ingest stopped on (a rule's time limit, a fault) is not kept: the next build tries it again.
            if (read.Source?.Sha256 == input.Stamp.Sha256 && !ingestStopped)
            {
                cache.PutFile(key, file);
            }

            results[i] = file;
        });

        var files = results.Select(r => r.Result).OfType<FileResult>().ToImmutableArray();
        var skipped = results.Select(r => r.Skipped).OfType<SkippedFile>().ToImmutableArray();
        var result = pipeline.Result(files, skipped);
        return (result, [.. keys], reused);
    }

    private static string Key(InputEntry input, string configHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{input.File.Name}\n{input.Stamp.Sha256}\n{configHash}")))[..32];
}
