using System.CommandLine;

namespace Archive.Cli.Commands;

/// <summary>The <c>archive</c> command line: build, check (ingest only), watch, serve.</summary>
public static class ArchiveCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Archive: turns raw compilations of Chinese government work reports into a static, searchable archive site.");
        root.Subcommands.Add(BuildCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(WatchCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        return root;
    }
}
