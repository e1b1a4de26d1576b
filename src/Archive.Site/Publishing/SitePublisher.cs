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
/// Publishes a build atomically: the build writes into a staging folder next to the output folder, and
/// only a build that succeeded is published; a build that fails or is killed before that leaves the
/// published site exactly as it was (the next build clears the staging folder). Files whose bytes
/// equal the published copy's are never rewritten, so they keep their modification time. Two ways:
/// <list type="bullet">
/// <item><b>Whole site</b> (no intact published site: a first build, or an output folder changed by
/// hand): the new site is assembled in the staging folder — unchanged files hard-linked from the
/// published one — and exchanged with the output folder in one step.</item>
/// <item><b>Changed files</b> (the published site is intact, as after every build): only new and
/// changed files are staged. Publishing writes a commit journal (files to move in, files to delete),
/// then renames each staged file over its published copy and deletes what the new site no longer has.
/// Linking tens of thousands of unchanged files into a new folder and deleting the old one cost
/// seconds; this costs what changed. A build killed during those renames leaves the journal, which
/// the next build applies before anything else (<see cref="FinishInterruptedCommit"/>).</item>
/// </list>
/// </summary>
public sealed class SitePublisher(string outputDirectory, string cacheDirectory)
{
    private const string ManifestName = "manifest.json";
    private const string JournalName = "commit.json";
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

    /// <summary>
    /// Completes a publication that a killed build left half done (its commit journal is still there),
    /// so that the output folder is the site the manifest describes. Call before anything else reads
    /// the published site. Returns a message when there was one to finish.
    /// </summary>
    public string? FinishInterruptedCommit()
    {
        var path = Path.Combine(CacheDirectory, JournalName);
        if (!File.Exists(path))
        {
            return null;
        }

        CommitJournal? journal;
        try
        {
            journal = JsonSerializer.Deserialize<CommitJournal>(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            journal = null;
        }

        if (journal is null)
        {
            // Unreadable: the output folder may be part old, part new. Forget what was published, so
            // that the next publication replaces the whole site.
            File.Delete(Path.Combine(CacheDirectory, ManifestName));
            File.Delete(path);
            _manifest = null;
            return "the last build was interrupted while publishing and its journal is unreadable: the whole site is published again";
        }

        Apply(journal);
        File.Delete(path);
        return $"the last build was interrupted while publishing: finished it ({journal.Moves.Count} files moved in, {journal.Deletes.Count} deleted)";
    }

    /// <summary>
    /// Starts a new staging folder (clearing one left by an interrupted build): of changed files only
    /// when the published site is intact, else of the whole site.
    /// </summary>
    public Staging Begin()
    {
        Directory.CreateDirectory(CacheDirectory);
        if (Directory.Exists(StagingDirectory))
        {
            Directory.Delete(StagingDirectory, recursive: true);
        }

        Directory.CreateDirectory(StagingDirectory);
        return new Staging(this, StagingDirectory, changedOnly: IsIntact());
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
        if (staging.ChangedOnly)
        {
            // Everything in the output folder that the new site does not have goes: removed files, and
            // any a hand put there (the output equals what a whole-site publication would give).
            var deletes = Directory.Exists(OutputDirectory)
                ? Directory.EnumerateFiles(OutputDirectory, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(OutputDirectory, f).Replace(Path.DirectorySeparatorChar, '/'))
                    .Where(p => !manifest.ContainsKey(p))
                    .Order(StringComparer.Ordinal)
                    .ToList()
                : [];
            var journal = new CommitJournal(staging.Directory, [.. staging.Staged.Order(StringComparer.Ordinal)], deletes);
            FileSystemOps.WriteAtomically(Path.Combine(CacheDirectory, JournalName), JsonSerializer.SerializeToUtf8Bytes(journal));
            Apply(journal);
            File.Delete(Path.Combine(CacheDirectory, JournalName));
        }
        else
        {
            FileSystemOps.Exchange(staging.Directory, OutputDirectory);
        }

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

    /// <summary>
    /// Carries out a commit journal; safe to repeat, whole or in part (a file already moved in has
    /// left the staging folder, a deleted one and its pruned folder are gone). Deletes first, so that a file may become a folder and back.
    /// </summary>
    private void Apply(CommitJournal journal)
    {
        var emptied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in journal.Deletes)
        {
            var full = Full(OutputDirectory, path);
            if (Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true);
            }
            else if (File.Exists(full))
            {
                // (File.Delete throws if the folder is gone, as it is when a repeated journal
                // deleted this file and pruned its folder the first time.)
                File.Delete(full);
            }

            emptied.Add(Path.GetDirectoryName(full)!);
        }

        var made = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in journal.Moves)
        {
            var staged = Full(journal.Staging, path);
            if (!File.Exists(staged))
            {
                continue; // moved in before an interruption
            }

            var target = Full(OutputDirectory, path);
            var folder = Path.GetDirectoryName(target)!;
            if (made.Add(folder))
            {
                if (File.Exists(folder))
                {
                    File.Delete(folder); // a file of the old site where the new one has a folder
                }

                Directory.CreateDirectory(folder);
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            File.Move(staged, target, overwrite: true);
        }

        // Folders left empty by deletions go too, up to the output folder itself.
        var root = OutputDirectory.TrimEnd(Path.DirectorySeparatorChar);
        foreach (var start in emptied.OrderByDescending(f => f.Length))
        {
            for (var folder = start; folder.Length > root.Length && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any(); folder = Path.GetDirectoryName(folder)!)
            {
                Directory.Delete(folder);
            }
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

    private void WriteManifest(IDictionary<string, ManifestEntry> manifest) =>
        FileSystemOps.WriteAtomically(Path.Combine(CacheDirectory, ManifestName),
            JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, ManifestEntry>(manifest, StringComparer.Ordinal)));

    internal sealed record ManifestEntry(string Hash, long Size, long Ticks);

    /// <summary>A publication of changed files: what moves from <paramref name="Staging"/> into the output folder, and what is deleted from it.</summary>
    internal sealed record CommitJournal(string Staging, IReadOnlyList<string> Moves, IReadOnlyList<string> Deletes);

    /// <summary>
    /// The staging folder of one build; receives files as steps produce them. With
    /// <see cref="ChangedOnly"/>, a file whose bytes equal the published copy's is only recorded;
    /// otherwise it is hard-linked from the published copy, so that the folder holds the whole site.
    /// </summary>
    public sealed class Staging : IOutputWriter
    {
        private readonly SitePublisher _publisher;
        // One creation per folder; other writers to the same folder wait until it exists.
        private readonly ConcurrentDictionary<string, Lazy<DirectoryInfo>> _folders = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, byte> _staged = new(StringComparer.Ordinal);
        private int _written;
        private int _unchanged;

        internal Staging(SitePublisher publisher, string directory, bool changedOnly)
        {
            _publisher = publisher;
            Directory = directory;
            ChangedOnly = changedOnly;
        }

        public string Directory { get; }

        /// <summary>Whether the folder holds only new and changed files (the published site is intact).</summary>
        public bool ChangedOnly { get; }

        /// <summary>The files written into the staging folder (all of them unless <see cref="ChangedOnly"/>).</summary>
        internal IEnumerable<string> Staged => _staged.Keys;

        public int Written => _written;

        public int Unchanged => _unchanged;

        internal ConcurrentDictionary<string, ManifestEntry> Recorded { get; } = new(StringComparer.Ordinal);

        public void Write(string path, ReadOnlySpan<byte> content, string hash)
        {
            if (_publisher.TryGetPublished(path) is { } published && published.Hash == hash)
            {
                KeepPublished(path, published.Path);
                return;
            }

            var target = Prepare(path);
            using (var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                stream.Write(content);
            }

            Interlocked.Increment(ref _written);
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
            if (_publisher.TryGetPublished(path) is { } published && published.Hash == hash)
            {
                File.Delete(temp);
                KeepPublished(path, published.Path);
                return (path, hash, published.Size);
            }

            var target = Prepare(path);
            File.Move(temp, target);
            Interlocked.Increment(ref _written);
            var size = Record(path, target, hash);
            return (path, hash, size);
        }

        public void Reuse(string path, string publishedPath) => KeepPublished(path, publishedPath);

        // A file whose bytes equal the published copy's: it stays where it is (linked into a whole-site
        // staging folder), with its recorded size and time stamp.
        private void KeepPublished(string path, string publishedPath)
        {
            var entry = _publisher.Manifest[path];
            if (!ChangedOnly)
            {
                FileSystemOps.LinkOrCopy(publishedPath, Prepare(path));
            }

            Interlocked.Increment(ref _unchanged);
            Recorded[path] = entry;
        }

        private string Prepare(string path)
        {
            var target = Full(Directory, path);
            var folder = Path.GetDirectoryName(target)!;
            _ = _folders.GetOrAdd(folder, f => new Lazy<DirectoryInfo>(() => System.IO.Directory.CreateDirectory(f))).Value;

            return target;
        }

        private long Record(string path, string target, string hash)
        {
            var info = new FileInfo(target);
            Recorded[path] = new ManifestEntry(hash, info.Length, info.LastWriteTimeUtc.Ticks);
            _staged[path] = 0;
            return info.Length;
        }
    }
}
