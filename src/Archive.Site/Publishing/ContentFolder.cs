namespace Archive.Site.Publishing;

/// <summary>
/// The derived content folder: one Markdown file (front matter + body) per report — the very files
/// the site publishes as downloads, hard-linked from the published site (copied where links are not
/// available). Files that did not change are left alone; files of reports that no longer exist are removed.
/// </summary>
public static class ContentFolder
{
    public static void Sync(string directory, string outputDirectory, IEnumerable<string> markdownPaths)
    {
        var folder = Path.Combine(directory, "reports");
        Directory.CreateDirectory(folder);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var relative in markdownPaths)
        {
            var name = Path.GetFileName(relative);
            keep.Add(name);
            var source = new FileInfo(Path.Combine(outputDirectory, relative.Replace('/', Path.DirectorySeparatorChar)));
            var target = new FileInfo(Path.Combine(folder, name));
            if (target.Exists && target.Length == source.Length && target.LastWriteTimeUtc == source.LastWriteTimeUtc)
            {
                continue; // the same file (a link to it, or an identical copy)
            }

            var temp = target.FullName + ".tmp";
            File.Delete(temp);
            FileSystemOps.LinkOrCopy(source.FullName, temp);
            File.Move(temp, target.FullName, overwrite: true);
        }

        foreach (var stale in Directory.EnumerateFiles(folder, "*.md").Where(p => !keep.Contains(Path.GetFileName(p))))
        {
            File.Delete(stale);
        }
    }
}
