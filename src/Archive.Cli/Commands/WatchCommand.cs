using System.CommandLine;
using Archive.Cli.Watching;
using Archive.Site;

namespace Archive.Cli.Commands;

/// <summary><c>archive watch</c>: build, then rebuild whenever input/ or theme/ change.</summary>
internal static class WatchCommand
{
    public static Option<int> Debounce() => new("--debounce")
    {
        Description = "Milliseconds of quiet after a change before rebuilding.",
        DefaultValueFactory = _ => 500,
    };

    public static Command Create()
    {
        var settings = new BuildSettings();
        var debounce = Debounce();
        var command = new Command("watch", "Build the site, then rebuild it whenever the input or theme folders change (Ctrl+C to stop).");
        settings.AddTo(command);
        command.Options.Add(debounce);
        command.SetAction(async (parse, cancel) =>
        {
            var options = settings.Read(parse);
            using var watcher = new SiteWatcher(options, TimeSpan.FromMilliseconds(parse.GetValue(debounce)));
            watcher.Rebuilt += (changed, summary, error) => Print(changed, summary, error, options, parse.InvocationConfiguration.Output);
            parse.InvocationConfiguration.Output.WriteLine($"watching {options.InputDirectory} and {options.ThemeDirectory} (Ctrl+C to stop)");
            await watcher.RunAsync(cancel).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    public static void Print(IReadOnlyList<string> changed, BuildSummary? summary, Exception? error, SiteOptions options, TextWriter output)
    {
        foreach (var file in changed)
        {
            output.WriteLine($"changed: {file}");
        }

        if (summary is not null)
        {
            BuildReport.Print(summary, options, output);
        }
        else if (error is not null)
        {
            output.WriteLine($"error: {error.Message}");
            output.WriteLine("the previous site was left as it was; fix the problem and save again.");
        }
    }
}
