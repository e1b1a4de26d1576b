using Archive.Ingest.Overrides;
using Archive.Ingest.Rules;

namespace Archive.Ingest;

/// <summary>A raw file to ingest: where it is, and the name it is known by (relative, forward slashes).</summary>
public sealed record InputFile(string Path, string Name);

/// <summary>
/// The archive's input folder: raw files, plus optional data files the archivist maintains
/// (<c>rules.yaml</c>, <c>departments.yaml</c>, <c>overrides.yaml</c>). Read-only to the tool.
/// </summary>
public static class InputFolder
{
    public const string RulesFile = "rules.yaml";
    public const string DepartmentsFile = "departments.yaml";

    private static readonly HashSet<string> ConfigFiles = new(StringComparer.OrdinalIgnoreCase)
    {
        RulesFile, DepartmentsFile, ArchiveOverrides.FileName,
    };

    /// <summary>Raw files under <paramref name="directory"/>, in ordinal order of their names. Hidden files, Office lock files and the data files are left out.</summary>
    public static IReadOnlyList<InputFile> Enumerate(string directory)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"input folder not found: {directory}");
        }

        var files = new List<InputFile>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, IgnoreInaccessible = true };
        foreach (var path in Directory.EnumerateFiles(root, "*", options))
        {
            var name = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (name.Split('/').Any(part => part.StartsWith('.')) || Path.GetFileName(name).StartsWith("~$", StringComparison.Ordinal)
                || (!name.Contains('/') && ConfigFiles.Contains(name)))
            {
                continue;
            }

            files.Add(new InputFile(path, name));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return files;
    }

    /// <summary>Ingest options with the archive's own rules, departments and overrides merged over the defaults.</summary>
    public static IngestOptions LoadOptions(string directory)
    {
        string In(string name) => Path.Combine(directory, name);
        string Display(string name) => $"input/{name}";
        return new IngestOptions
        {
            Rules = File.Exists(In(RulesFile)) ? CleaningRulesFrom(In(RulesFile), Display(RulesFile)) : CleaningRules.Default,
            Departments = File.Exists(In(DepartmentsFile)) ? DepartmentTable.Load(In(DepartmentsFile), Display(DepartmentsFile)) : DepartmentTable.Default,
            Overrides = ArchiveOverrides.Load(In(ArchiveOverrides.FileName), Display(ArchiveOverrides.FileName)),
        };
    }

    private static CleaningRules CleaningRulesFrom(string path, string display)
    {
        try
        {
            return CleaningRules.FromYaml(File.ReadAllText(path), display);
        }
        catch (IOException ex)
        {
            throw new RuleFileException(display, null, $"cannot be read: {ex.Message}", ex);
        }
    }
}
