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

    public static Option<DirectoryInfo> Output() => new("--output", "-o")
    {
        Description = "Folder the site is published into.",
        DefaultValueFactory = _ => new DirectoryInfo("output"),
    };

    public static Option<DirectoryInfo> Theme() => new("--theme")
    {
        Description = "Theme folder (layouts, partials, assets).",
        DefaultValueFactory = _ => new DirectoryInfo("theme"),
    };

    public static Option<DirectoryInfo?> Content() => new("--content")
    {
        Description = "Derived content folder: one Markdown file per report (default: content/ next to the output folder).",
    };

    public static Option<DirectoryInfo?> Cache() => new("--cache")
    {
        Description = "Folder the build owns for its cache (default: .archive-cache/ next to the output folder).",
    };

    public static Option<string> BaseUrl() => new("--base-url")
    {
        Description = "Where the site will be served: / (default), a sub-path such as /archive/, or a full URL such as https://example.org/archive/ (needed for absolute links in the feed and sitemap). Defaults to $ARCHIVE_BASE_URL when set.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ARCHIVE_BASE_URL") is { Length: > 0 } fromEnvironment ? fromEnvironment : "/",
    };

    public static Option<bool> Strict() => new("--strict")
    {
        Description = "Treat warnings as errors: exit with a non-zero code when any file raised a warning.",
    };

    public static Option<bool> Clean() => new("--clean")
    {
        Description = "Ignore the build cache and rebuild everything (the output is byte-identical to an incremental build).",
    };
}
