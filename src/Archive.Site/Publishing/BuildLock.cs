namespace Archive.Site.Publishing;

/// <summary>Another build holds the lock on this output folder.</summary>
public sealed class BuildLockedException(string path, TimeSpan waited)
    : Exception($"another build of this site is running (lock {path}); waited {waited.TotalSeconds:0} s. Try again when it has finished.");

/// <summary>
/// One build at a time per output folder: an exclusive lock file in the cache folder. The operating
/// system releases it when the process ends, even if killed, so a crashed build never blocks the next.
/// </summary>
public sealed class BuildLock : IDisposable
{
    private readonly FileStream _stream;

    private BuildLock(FileStream stream) => _stream = stream;

    public static BuildLock Acquire(string cacheDirectory, TimeSpan wait)
    {
        Directory.CreateDirectory(cacheDirectory);
        var path = Path.Combine(cacheDirectory, "build.lock");
        var started = DateTime.UtcNow;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new BuildLock(stream);
            }
            catch (IOException) when (DateTime.UtcNow - started < wait)
            {
                Thread.Sleep(200);
            }
            catch (IOException)
            {
                throw new BuildLockedException(path, DateTime.UtcNow - started);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
