using System.CommandLine;
using Archive.Cli.Serving;
using Archive.Cli.Watching;
using Archive.Site.Model;

namespace Archive.Cli.Commands;

/// <summary><c>archive serve</c>: build, serve output/ on 127.0.0.1, rebuild on changes and live-reload open pages.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var settings = new BuildSettings();
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on (127.0.0.1 only).", DefaultValueFactory = _ => 5080 };
        var debounce = WatchCommand.Debounce();
        var command = new Command("serve", "Build the site, serve it locally, rebuild on changes and reload open pages (Ctrl+C to stop).");
        settings.AddTo(command);
        command.Options.Add(port);
        command.Options.Add(debounce);
        command.SetAction(async (parse, cancel) =>
        {
            var options = settings.Read(parse);
            await using var server = new PreviewServer(options.OutputDirectory, new SiteUrls(options.BaseUrl).BasePath);
            using var watcher = new SiteWatcher(options, TimeSpan.FromMilliseconds(parse.GetValue(debounce)));
            watcher.Rebuilt += (changed, summary, error) =>
            {
                WatchCommand.Print(changed, summary, error, options, parse.InvocationConfiguration.Output);
                if (summary is { NothingChanged: false })
                {
                    server.Reload();
                }
            };
            await server.StartAsync(parse.GetValue(port), cancel).ConfigureAwait(false);
            parse.InvocationConfiguration.Output.WriteLine($"serving {options.OutputDirectory} at {server.Address} (Ctrl+C to stop)");
            await watcher.RunAsync(cancel).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
