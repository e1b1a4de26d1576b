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
/// Publishes a build atomically. The new site is assembled, file by file as the build produces it,
/// in a staging folder next to the output folder — files whose bytes equal the published copy's are
/// hard-linked from it, so they keep their modification time — and then exchanged with the output
/// folder in one step. A build that fails or is killed before the exchange leaves the published site
/// exactly as it was; the next build clears the staging folder.
/// </summary>
public sealed class SitePublisher(string outputDirectory, string cacheDirectory)
{
    private const string ManifestName = "manifest.json";
    private Dictionary<string, ManifestEntry>? _manifest;

    public string OutputDirectory { get; } = Path.GetFullPath(outputDirectory);

    public string CacheDirectory { get; } = Path.GetFullPath(cacheDirectory);

    private string StagingDirectory => OutputDirectory.TrimEnd(Path.DirectorySeparatorChar) + ".staging";

    private Dictionary<string, ManifestEntry> Manifest => _manifest ??= ReadManifest();

    /// <summary>Path → hash of the files last published (empty if unknown or untrustworthy).</summary>
    public IReadOnlyDictionary<string, string> PublishedHashes() =>
        Manifest.ToDictionary(kv => kv.Key, kv => kv.Value.Hash, StringComparer.Ordinal);

    /// <summary>The published copy of a file, if the manifest knows it and the file is intact.</summary>
    public (string Hash, string Path, long Size)? TryGetPublished(string path)
    {
        if (!Manifest.TryGetValue(path, out var entry))
        {
            return null;
        }

        var full = Full(OutputDirectory, path);
        return IsIntact(full, entry) ? (entry.Hash, full, entry.Size) : null;
    }

    /// <summary>Whether every file of the last published site is still there as it was written.</summary>
    public bool IsIntact() =>
        Manifest.Count > 0 && Manifest.All(kv => IsIntact(Full(OutputDirectory, kv.Key), kv.Value));

    /// <summary>Starts a new staging folder (clearing one left by an interrupted build).</summary>
    public Staging Begin()
    {
        Directory.CreateDirectory(CacheDirectory);
        if (Directory.Exists(StagingDirectory))
        {
            Directory.Delete(StagingDirectory, recursive: true);
        }

        Directory.CreateDirectory(StagingDirectory);
        return new Staging(this, StagingDirectory);
    }

    /// <summary>Makes the staged site the published one, in one step.</summary>
    public PublishResult Commit(Staging staging, IReadOnlyList<OutputEntry> files)
    {
        var previous = Manifest;
        var manifest = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            manifest[file.Path] = staging.Recorded.TryGetValue(file.Path, out var entry)
                ? entry
                : throw new InvalidOperationException($"{file.Path} was not staged");
        }

        var removed = previous.Keys.Where(p => !manifest.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();

        // The manifest describes the site about to be published; written first so that, whichever side
        // of the exchange a crash lands on, the next build checks files against it before trusting them.
        WriteManifest(manifest);
        FileSystemOps.Exchange(staging.Directory, OutputDirectory);
        Directory.Delete(staging.Directory, recursive: true);
        _manifest = manifest;
        return new PublishResult(staging.Written, staging.Unchanged, removed)
        {
            PreviousHashes = previous.ToDictionary(kv => kv.Key, kv => kv.Value.Hash, StringComparer.Ordinal),
        };
    }

    /// <summary>Throws the staged site away; the published one is untouched.</summary>
    public static void Abort(Staging staging)
    {
        try
        {
            Directory.Delete(staging.Directory, recursive: true);
        }
        catch (IOException)
        {
            // the next build clears it
        }
    }

    private static string Full(string root, string relative) => Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));

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

    internal sealed record ManifestEntry(string Hash, long Size, long Ticks);

    /// <summary>The staging folder of one build; receives files as steps produce them.</summary>
    public sealed class Staging : IOutputWriter
    {
        private readonly SitePublisher _publisher;
        // One creation per folder; other writers to the same folder wait until it exists.
        private readonly ConcurrentDictionary<string, Lazy<DirectoryInfo>> _folders = new(StringComparer.Ordinal);
        private int _written;
        private int _unchanged;

        internal Staging(SitePublisher publisher, string directory)
        {
            _publisher = publisher;
            Directory = directory;
        }

        public string Directory { get; }

        public int Written => _written;

        public int Unchanged => _unchanged;

        internal ConcurrentDictionary<string, ManifestEntry> Recorded { get; } = new(StringComparer.Ordinal);

        public void Write(string path, ReadOnlySpan<byte> content, string hash)
        {
            var target = Prepare(path);
            if (_publisher.TryGetPublished(path) is { } published && published.Hash == hash)
            {
                FileSystemOps.LinkOrCopy(published.Path, target);
                Interlocked.Increment(ref _unchanged);
            }
            else
            {
                using var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
                stream.Write(content);
                Interlocked.Increment(ref _written);
            }

            Record(path, target, hash);
        }

        public (string Path, string Hash, long Size) WriteStream(Func<string, string> pathOf, Action<Stream> write)
        {
            var temp = Path.Combine(Directory, $".streaming-{Guid.NewGuid():N}");
            string hash;
            // Unbuffered: the writers hand over large pieces (and a buffer per file would be
            // allocated thousands of times for a sharded search index).
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            using (var hashing = new HashingStream(file))
            {
                write(hashing);
                hash = hashing.Hash();
            }

            var path = pathOf(hash);
            var target = Prepare(path);
            if (_publisher.TryGetPublished(path) is { } published && published.Hash == hash)
            {
                File.Delete(temp);
                FileSystemOps.LinkOrCopy(published.Path, target);
                Interlocked.Increment(ref _unchanged);
            }
            else
            {
                File.Move(temp, target);
                Interlocked.Increment(ref _written);
            }

            Record(path, target, hash);
            var size = new FileInfo(target).Length;
            return (path, hash, size);
        }

        public void Reuse(string path, string publishedPath)
        {
            var target = Prepare(path);
            FileSystemOps.LinkOrCopy(publishedPath, target);
            Interlocked.Increment(ref _unchanged);
            Record(path, target, _publisher.Manifest[path].Hash);
        }

        private string Prepare(string path)
        {
            var target = Full(Directory, path);
            var folder = Path.GetDirectoryName(target)!;
            _ = _folders.GetOrAdd(folder, f => new Lazy<DirectoryInfo>(() => System.IO.Directory.CreateDirectory(f))).Value;

            return target;
        }

        private void Record(string path, string target, string hash)
        {
            var info = new FileInfo(target);
            Recorded[path] = new ManifestEntry(hash, info.Length, info.LastWriteTimeUtc.Ticks);
        }
    }
}
