using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Archive.Site.Publishing;

namespace Archive.Site.Caching;

/// <summary>
/// The build's cache, under a folder the build owns: per input file, what ingest made of it (keyed by
/// the file's content hash, the archive's rule files and the tool's version), the plain text of each
/// report (keyed by its content hash, in 256 files by the hash's first two digits, so that a build
/// that adds a few reports rewrites a few of them), the render key of each page, and the fingerprint
/// of the last successful build. A cache written by another version of the tool, or that cannot be read, is
/// discarded with a message, never trusted. Writes go to a temporary file renamed into place, so a
/// build killed mid-write leaves no half-written entry.
/// </summary>
public sealed class BuildCache
{
    private const string VersionFile = "version";
    private const string StateFile = "state.json";
    private const string BodiesFolder = "bodies";
    private readonly Action<string> _log;

    private readonly Lazy<Dictionary<string, string>> _bodies;

    private BuildCache(string directory, BuildState? state, Action<string> log)
    {
        Directory = directory;
        State = state;
        _log = log;
        // Read only when a build needs them (not when nothing changed).
        _bodies = new Lazy<Dictionary<string, string>>(ReadBodies);
    }

    /// <summary>The store folder (inside the build's cache folder).</summary>
    public string Directory { get; }

    /// <summary>The last successful build, or null when there is none to trust.</summary>
    public BuildState? State { get; }

    /// <summary>Report content hash → plain text, from the last build.</summary>
    public IReadOnlyDictionary<string, string> Bodies => _bodies.Value;

    private string FilesDirectory => Path.Combine(Directory, "files");

    private string BodiesDirectory => Path.Combine(Directory, BodiesFolder);

    /// <summary>Opens the cache; <paramref name="clean"/> starts from nothing (the old entries are cleared).</summary>
    public static BuildCache Open(string cacheDirectory, bool clean, Action<string> log)
    {
        var directory = Path.Combine(cacheDirectory, "store");
        var versionPath = Path.Combine(directory, VersionFile);
        if (clean)
        {
            Discard(directory);
        }
        else if (System.IO.Directory.Exists(directory))
        {
            string? version = null;
            try
            {
                version = File.Exists(versionPath) ? File.ReadAllText(versionPath).Trim() : null;
            }
            catch (IOException)
            {
                // unreadable: treated as foreign below
            }

            if (version != ToolVersion.Key)
            {
                log(version is null
                    ? "build cache has no version stamp: discarded"
                    : "build cache was written by another version of the tool: discarded");
                Discard(directory);
            }
        }

        System.IO.Directory.CreateDirectory(Path.Combine(directory, "files"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, BodiesFolder));
        if (!File.Exists(versionPath))
        {
            FileSystemOps.WriteAtomically(versionPath, System.Text.Encoding.UTF8.GetBytes(ToolVersion.Key));
        }

        var state = Read(Path.Combine(directory, StateFile), CacheJson.Context.BuildState, log, "build state");
        if (state is not null && state.ToolVersion != ToolVersion.Key)
        {
            log("build state was written by another version of the tool: discarded");
            state = null;
        }

        return new BuildCache(directory, state, log);
    }

    public CachedFile? TryGetFile(string key)
    {
        var path = Path.Combine(FilesDirectory, key + ".json");
        return File.Exists(path) ? Read(path, CacheJson.Context.CachedFile, _log, "cached ingest of one file") : null;
    }

    public void PutFile(string key, CachedFile file) =>
        FileSystemOps.WriteAtomically(Path.Combine(FilesDirectory, key + ".json"), JsonSerializer.SerializeToUtf8Bytes(file, CacheJson.Context.CachedFile));

    /// <summary>Records a successful build and forgets entries it no longer needs.</summary>
    public void Save(BuildState state, IReadOnlyDictionary<string, string> bodies, IEnumerable<string> liveFileKeys)
    {
        SaveBodies(bodies);
        FileSystemOps.WriteAtomically(Path.Combine(Directory, StateFile), stream => JsonSerializer.Serialize(stream, state, CacheJson.Context.BuildState));

        var live = new HashSet<string>(liveFileKeys.Select(k => k + ".json"), StringComparer.Ordinal);
        foreach (var entry in System.IO.Directory.EnumerateFiles(FilesDirectory))
        {
            if (!live.Contains(Path.GetFileName(entry)))
            {
                File.Delete(entry);
            }
        }
    }

    // The texts ~10 KB a report (100 MB at 10,000): a shard whose reports are those it held after the
    // last build (when that build's texts were read) holds the same texts — a text is a function of its
    // report's content hash and the tool — and is not written again; one no report falls in any more goes.
    private void SaveBodies(IReadOnlyDictionary<string, string> bodies)
    {
        var previous = _bodies.IsValueCreated ? Shards(_bodies.Value) : null;
        var current = Shards(bodies);
        Parallel.ForEach(current, shard =>
        {
            if (previous is not null && previous.TryGetValue(shard.Key, out var old) && old.Count == shard.Value.Count
                && shard.Value.Keys.All(old.ContainsKey) && File.Exists(ShardPath(shard.Key)))
            {
                return;
            }

            FileSystemOps.WriteAtomically(ShardPath(shard.Key), stream => JsonSerializer.Serialize(stream, shard.Value, CacheJson.Context.SortedDictionaryStringString));
        });

        foreach (var file in System.IO.Directory.EnumerateFiles(BodiesDirectory, "*.json"))
        {
            if (!current.ContainsKey(Path.GetFileNameWithoutExtension(file)))
            {
                File.Delete(file);
            }
        }
    }

    private Dictionary<string, string> ReadBodies()
    {
        var shards = System.IO.Directory.Exists(BodiesDirectory) ? System.IO.Directory.GetFiles(BodiesDirectory, "*.json") : [];
        var parts = new SortedDictionary<string, string>?[shards.Length];
        Parallel.For(0, shards.Length, i => parts[i] = Read(shards[i], CacheJson.Context.SortedDictionaryStringString, _log, "report texts"));
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.OfType<SortedDictionary<string, string>>())
        {
            foreach (var (hash, text) in part)
            {
                bodies[hash] = text;
            }
        }

        return bodies;
    }

    private static Dictionary<string, SortedDictionary<string, string>> Shards(IReadOnlyDictionary<string, string> bodies)
    {
        var shards = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (hash, text) in bodies)
        {
            var name = hash.Length >= 2 ? hash[..2] : "_";
            if (!shards.TryGetValue(name, out var shard))
            {
                shards[name] = shard = new SortedDictionary<string, string>(StringComparer.Ordinal);
            }

            shard[hash] = text;
        }

        return shards;
    }

    private string ShardPath(string name) => Path.Combine(BodiesDirectory, name + ".json");

    private static T? Read<T>(string path, JsonTypeInfo<T> type, Action<string> log, string what)
        where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, type)
                ?? throw new JsonException("empty");
        }
        catch (Exception ex) when (ex is JsonException or IOException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            log($"build cache entry {Path.GetFileName(path)} ({what}) is corrupt ({ex.GetType().Name}): discarded");
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // left for the next build to discard
            }

            return null;
        }
    }

    private static void Discard(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}
