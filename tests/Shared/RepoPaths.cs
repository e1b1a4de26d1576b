namespace Archive.Tests.Shared;

/// <summary>Locates files in the repository (inputs, fixtures, theme, node scripts) from the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The bundled raw compilations.</summary>
    public static string Input => Get("input");

    /// <summary>tests/fixtures.</summary>
    public static string Fixtures => Get("tests", "fixtures");

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
