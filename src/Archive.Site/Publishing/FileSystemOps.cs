using System.Runtime.InteropServices;

namespace Archive.Site.Publishing;

/// <summary>
/// The file-system operations publishing and the build cache need beyond .NET's: a hard link (an
/// unchanged file keeps its bytes, inode and modification time in the new site without being copied),
/// an atomic exchange of two folders (the new site replaces the old one in a single step) and an atomic
/// write of one file. Link and exchange fall back to portable operations where the platform lacks them.
/// </summary>
internal static partial class FileSystemOps
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    /// <summary>Writes a file whole or not at all: into a temporary file beside it, then renamed over it.</summary>
    public static void WriteAtomically(string path, byte[] bytes) => WriteAtomically(path, stream => stream.Write(bytes));

    /// <inheritdoc cref="WriteAtomically(string, byte[])"/>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            write(stream);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Makes <paramref name="target"/> the same file as <paramref name="source"/>; copies (keeping the time stamp) where links are unavailable.</summary>
    public static void LinkOrCopy(string source, string target)
    {
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                if (Link(source, target) == 0)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // fall through to copying
            }
        }

        File.Copy(source, target, overwrite: true);
        File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(source));
    }

    /// <summary>
    /// Puts <paramref name="staging"/> where <paramref name="output"/> was, and the old output where the
    /// staging folder was, atomically on Linux (renameat2 RENAME_EXCHANGE); elsewhere by two renames.
    /// </summary>
    public static void Exchange(string staging, string output)
    {
        if (!Directory.Exists(output))
        {
            Directory.Move(staging, output);
            Directory.CreateDirectory(staging);
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (RenameAt2(AtFdCwd, staging, AtFdCwd, output, RenameExchange) == 0)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // fall back below
            }
        }

        var old = staging + ".old";
        Directory.Move(output, old);
        Directory.Move(staging, output);
        Directory.Move(old, staging);
    }
}
