using System.Text;

namespace Archive.Bench;

/// <summary>
/// Turns the derived content folder (one .md per report, YAML front matter) into Hugo content:
/// the facets year, level, department and period become taxonomy lists of strings
/// (<c>years: ["2023"]</c>: Hugo wants string lists, and our year is a number), an empty
/// <c>date:</c> is dropped (Hugo would read it as a date), everything else is copied as it is.
/// </summary>
internal static class HugoContent
{
    private static readonly (string Key, string Taxonomy)[] Facets =
        [("year", "years"), ("level", "levels"), ("department", "departments"), ("period", "periods")];

    public static int Convert(string from, string to)
    {
        var target = Path.Combine(to, "reports");
        Directory.CreateDirectory(target);
        var files = Directory.EnumerateFiles(from, "*.md", SearchOption.AllDirectories).ToList();
        Parallel.ForEach(files, file =>
        {
            var lines = File.ReadAllLines(file, Encoding.UTF8);
            var sb = new StringBuilder();
            var inFrontMatter = false;
            var facets = new List<string>();
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line == "---")
                {
                    if (i == 0)
                    {
                        inFrontMatter = true;
                    }
                    else if (inFrontMatter)
                    {
                        inFrontMatter = false;
                        foreach (var facet in facets)
                        {
                            sb.Append(facet).Append('\n');
                        }
                    }

                    sb.Append(line).Append('\n');
                    continue;
                }

                if (inFrontMatter && !line.StartsWith(' ') && line.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
                {
                    var key = line[..colon];
                    var value = line[(colon + 1)..].Trim();
                    if (key == "date" && value.Length == 0)
                    {
                        continue;
                    }

                    foreach (var (name, taxonomy) in Facets)
                    {
                        if (key == name && value.Length > 0)
                        {
                            var unquoted = value.Trim('\'', '"');
                            facets.Add($"{taxonomy}: [\"{unquoted.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]");
                        }
                    }
                }

                sb.Append(line).Append('\n');
            }

            File.WriteAllText(Path.Combine(target, Path.GetFileName(file)), sb.ToString(), new UTF8Encoding(false));
        });
        File.WriteAllText(Path.Combine(target, "_index.md"), "---\ntitle: 报告\n---\n", new UTF8Encoding(false));
        Console.WriteLine($"converted {files.Count} reports into {target}");
        return 0;
    }
}
