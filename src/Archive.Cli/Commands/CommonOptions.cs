using System.CommandLine;

namespace Archive.Cli.Commands;

/// <summary>Options shared by several verbs.</summary>
internal static class CommonOptions
{
    public static Option<DirectoryInfo> Input() => new("--input", "-i")
    {
        Description = "Folder of raw files (read-only to the tool).",
        DefaultValueFactory = _ => new DirectoryInfo("input"),
    };

    public static Option<bool> Strict() => new("--strict")
    {
        Description = "Treat warnings as errors: exit with a non-zero code when any file raised a warning.",
    };
}
