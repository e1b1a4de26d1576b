using System.Collections.Concurrent;
using System.Text.Json;
using Archive.Site.Pipeline;

namespace Archive.Site.Publishing;

/// <summary>What publishing changed in the output folder.</summary>
public sealed record PublishResult(int Written, int Unchanged, IReadOnlyList<string> Removed)
{
    /// <summary>Path → hash of the site that was published before this one.</summary>
    public IReadOnlyDictionary<string, string> PreviousHashes { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Publishes a build atomically: the whole new site is assembled in a staging folder next to the
/// output folder (files whose bytes did not change are hard-linked from the published site, so they
/// keep their modification time), then exchanged with the output folder in one step. A build that
/// fails or is killed before the exchange leaves the published site exactly as it was.
/// </summary>
public sealed class SitePublisher(string outputDirectory, string cacheDirectory)
{
    private const string ManifestName = "manifest.json";
    private Dictionary<string, ManifestEntry>? _manifest;

    public string OutputDirectory { get; } = Path.GetFullPath(outputDirectory);

    public string CacheDirectory { get; } = Path.GetFullPath(cacheDirectory);

    private string StagingDirectory => OutputDirectory.TrimEnd(Path.DirectorySeparatorChar) + ".staging";

    /// <summary>Path → hash of the files last published (empty if unknown or untrustworthy).</summary>
    public IReadOnlyDictionary<string, string> PublishedHashes() =>
        ReadManifest().ToDictionary(kv => kv.Key, kv => kv.Value.Hash, StringComparer.Ordinal);

    /// <summary>The published copy of a file, if the manifest knows it and the file is intact.</summary>
    public (string Hash, string Path)? TryGetPublished(string path)
    {
        _manifest ??= ReadManifest();
        if (!_manifest.TryGetValue(path, out var entry))
        {
            return null;
        }

        var full = Path.Combine(OutputDirectory, path.Replace('/', Path.DirectorySeparatorChar));
        return IsIntact(full, entry) ? (entry.Hash, full) : null;
    }

    /// <summary>Whether every file of the last published site is still there as it was written.</summary>
    public bool IsIntact()
    {
        _manifest ??= ReadManifest();
        return _manifest.Count > 0 && _manifest.All(kv =>
            IsIntact(Path.Combine(OutputDirectory, kv.Key.Replace('/', Path.DirectorySeparatorChar)), kv.Value));
    }

    public PublishResult Publish(IReadOnlyList<OutputFile> files, int parallelism = -1)
    {
        Directory.CreateDirectory(CacheDirectory);
        var previous = _manifest ??= ReadManifest();
        var staging = StagingDirectory;
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true); // left over from an interrupted build
        }

        Directory.CreateDirectory(staging);
        var written = 0;
        var unchanged = 0;
        var manifest = new ConcurrentDictionary<string, ManifestEntry>(StringComparer.Ordinal);
        foreach (var folder in files.Select(f => Path.GetDirectoryName(f.Path.Replace('/', Path.DirectorySeparatorChar))).Distinct())
        {
            Directory.CreateDirectory(Path.Combine(staging, folder ?? ""));
        }

        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, file =>
        {
            var relative = file.Path.Replace('/', Path.DirectorySeparatorChar);
            var target = Path.Combine(staging, relative);
            var published = Path.Combine(OutputDirectory, relative);
            if (previous.TryGetValue(file.Path, out var entry) && entry.Hash == file.Hash && IsIntact(published, entry))
            {
                FileSystemOps.LinkOrCopy(published, target);
                Interlocked.Increment(ref unchanged);
            }
            else
            {
                using (var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
                {
                    stream.Write(file.Content.Span);
                }

                Interlocked.Increment(ref written);
            }

            var info = new FileInfo(target);
            manifest[file.Path] = new ManifestEntry(file.Hash, info.Length, info.LastWriteTimeUtc.Ticks);
        });

        var removed = previous.Keys.Where(p => !manifest.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();

        // The manifest describes the site about to be published; written first so that, whichever
        // side of the exchange a crash lands on, the next build checks files against it before trusting them.
        WriteManifest(manifest);
        FileSystemOps.Exchange(staging, OutputDirectory);
        Directory.Delete(staging, recursive: true);
        _manifest = null;
        return new PublishResult(written, unchanged, removed)
        {
            PreviousHashes = previous.ToDictionary(kv => kv.Key, kv => kv.Value.Hash, StringComparer.Ordinal),
        };
    }

    // A published file is trusted to hold its recorded bytes only if its size and time stamp are as recorded.
    private static bool IsIntact(string path, ManifestEntry entry)
    {
        var info = new FileInfo(path);
        return info.Exists && info.Length == entry.Size && info.LastWriteTimeUtc.Ticks == entry.Ticks;
    }

    private Dictionary<string, ManifestEntry> ReadManifest()
    {
        var path = Path.Combine(CacheDirectory, ManifestName);
        try
        {
            return File.Exists(path)
                ? JsonSerializer.Deserialize<Dictionary<string, ManifestEntry>>(File.ReadAllBytes(path)) ?? []
                : [];
        }
        catch (JsonException)
        {
            return []; // a corrupt manifest is discarded: every file is written afresh
        }
    }

    private void WriteManifest(IDictionary<string, ManifestEntry> manifest)
    {
        var path = Path.Combine(CacheDirectory, ManifestName);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, ManifestEntry>(manifest, StringComparer.Ordinal)));
        File.Move(temp, path, overwrite: true);
    }

    private sealed record ManifestEntry(string Hash, long Size, long Ticks);
}
