namespace Archive.Site.Tests;

/// <summary>Repository folders and scratch folders for tests.</summary>
internal static class TestPaths
{
    public static string Root => RepoPaths.Root;

    public static string Input => RepoPaths.Input;

    public static string Theme => RepoPaths.Get("theme");

    public static string Fixtures => RepoPaths.Fixtures;

    /// <summary>A new empty folder under the system temp folder, removed when disposed.</summary>
    public static TempFolder Temp(string name = "archive") => new(name);
}

internal sealed class TempFolder : IDisposable
{
    public TempFolder(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
