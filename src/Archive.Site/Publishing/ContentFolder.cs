using Archive.Site.Pipeline;

namespace Archive.Site.Publishing;

/// <summary>
/// The derived content folder: one Markdown file (front matter + body) per report, the same bytes as
/// the site's downloads. Files whose bytes did not change are left alone; files of reports that no
/// longer exist are removed.
/// </summary>
public static class ContentFolder
{
    public static void Sync(string directory, IEnumerable<OutputFile> markdown)
    {
        var folder = Path.Combine(directory, "reports");
        Directory.CreateDirectory(folder);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in markdown)
        {
            var name = Path.GetFileName(file.Path);
            keep.Add(name);
            var path = Path.Combine(folder, name);
            if (File.Exists(path) && new FileInfo(path).Length == file.Content.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Content.Span))
            {
                continue;
            }

            var temp = path + ".tmp";
            File.WriteAllBytes(temp, file.Content.ToArray());
            File.Move(temp, path, overwrite: true);
        }

        foreach (var stale in Directory.EnumerateFiles(folder, "*.md").Where(p => !keep.Contains(Path.GetFileName(p))))
        {
            File.Delete(stale);
        }
    }
}
