namespace Archive.Tests.Shared;

/// <summary>Locates files in the repository (fixtures and the node scripts are read from there).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Get(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Archive.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Archive.sln above {AppContext.BaseDirectory}.");
    }
}
