using Archive.Site;

namespace Archive.Cli.Watching;

/// <summary>
/// Watches the input and theme folders and rebuilds the site when they change: changes are
/// collected for a quiet period (debounce), and a build waits until files being copied in have
/// stopped growing and can be read, so a half-copied compilation is never ingested.
/// </summary>
public sealed class SiteWatcher : IDisposable
{
    private readonly SiteOptions _options;
    private readonly TimeSpan _debounce;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly SemaphoreSlim _signal = new(0);

    public SiteWatcher(SiteOptions options, TimeSpan debounce)
    {
        _options = options;
        _debounce = debounce;
        Watch(options.InputDirectory, "input");
        Watch(options.ThemeDirectory, "theme");
    }

    /// <summary>Raised after each rebuild, with the files that triggered it and the build's summary (or its error).</summary>
    public event Action<IReadOnlyList<string>, BuildSummary?, Exception?>? Rebuilt;

    /// <summary>Builds once now, then rebuilds on every change until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        Build([]);
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(cancel).ConfigureAwait(false);
                // Quiet period: keep absorbing events until none arrive for the debounce time.
                while (await _signal.WaitAsync(_debounce, cancel).ConfigureAwait(false))
                {
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            string[] changed;
            lock (_gate)
            {
                changed = [.. _changed.Order(StringComparer.Ordinal)];
                _changed.Clear();
            }

            await WaitUntilStableAsync(changed, cancel).ConfigureAwait(false);
            Build(changed);
        }
    }

    private void Build(IReadOnlyList<string> changed)
    {
        try
        {
            var summary = new SiteBuild(_options).Run();
            Rebuilt?.Invoke(changed, summary, null);
        }
        catch (Exception ex)
        {
            Rebuilt?.Invoke(changed, null, ex);
        }
    }

    private void Watch(string directory, string label)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        void OnChange(string path)
        {
            var relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
            if (relative.StartsWith("node_modules", StringComparison.Ordinal) || relative.Split('/').Any(p => p.StartsWith('.')))
            {
                return;
            }

            lock (_gate)
            {
                _changed.Add($"{label}/{relative}");
            }

            _signal.Release();
        }

        watcher.Changed += (_, e) => OnChange(e.FullPath);
        watcher.Created += (_, e) => OnChange(e.FullPath);
        watcher.Deleted += (_, e) => OnChange(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            OnChange(e.OldFullPath);
            OnChange(e.FullPath);
        };
        watcher.EnableRaisingEvents = true;
        _watchers.Add(watcher);
    }

    // A file still being copied keeps changing size; one being written may not open for reading.
    private async Task WaitUntilStableAsync(IReadOnlyList<string> changed, CancellationToken cancel)
    {
        var paths = changed
            .Select(c => c.StartsWith("input/", StringComparison.Ordinal) ? Path.Combine(_options.InputDirectory, c["input/".Length..]) : Path.Combine(_options.ThemeDirectory, c["theme/".Length..]))
            .Where(File.Exists)
            .ToList();
        for (var attempt = 0; attempt < 50 && paths.Count > 0; attempt++)
        {
            var before = paths.Select(Stamp).ToList();
            await Task.Delay(250, cancel).ConfigureAwait(false);
            var after = paths.Select(Stamp).ToList();
            if (before.SequenceEqual(after) && paths.All(CanRead))
            {
                return;
            }
        }
    }

    private static (long, DateTime) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, default);
    }

    private static bool CanRead(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return true;
        }
        catch (IOException)
        {
            return !File.Exists(path);
        }
        catch (UnauthorizedAccessException)
        {
            return true; // unreadable for good: the build will say so
        }
    }

    public void Dispose()
    {
        foreach (var w in _watchers)
        {
            w.Dispose();
        }

        _signal.Dispose();
    }
}
