using System.CommandLine;
using Archive.Ingest.Rules;
using Archive.Site;
using Archive.Site.Publishing;
using Archive.Site.Steps;
using Archive.Site.Theme;

namespace Archive.Cli.Commands;

/// <summary><c>archive build</c>: ingest input/, render the site, publish it atomically into output/.</summary>
internal static class BuildCommand
{
    public static Command Create()
    {
        var settings = new BuildSettings();
        var timings = new Option<bool>("--timings") { Description = "Also print how long each build step took." };
        var command = new Command("build", "Build the archive site from the input folder into the output folder.");
        settings.AddTo(command);
        command.Options.Add(timings);
        command.SetAction(parse =>
        {
            var options = settings.Read(parse);
            var invocation = parse.InvocationConfiguration;
            return Run(options, parse.GetValue(settings.Strict), invocation.Output, invocation.Error, parse.GetValue(timings));
        });
        return command;
    }

    /// <summary>Runs one build and prints its summary. Exit codes: 0 built, 1 built with warnings under --strict, 2 failed.</summary>
    public static int Run(SiteOptions options, bool strict, TextWriter output, TextWriter error, bool timings = false)
    {
        var reporter = ProgressReporter.For(output);
        try
        {
            var summary = reporter.Run(progress => new SiteBuild(options).Run(progress));
            BuildReport.Print(summary, options, output);
            if (timings)
            {
                foreach (var t in summary.Timings)
                {
                    output.WriteLine($"  {t.Step,-22} {t.Elapsed.TotalSeconds,7:0.00} s");
                }
            }

            return strict && summary.Warnings.Length > 0 ? 1 : 0;
        }
        catch (Exception ex) when (ex is RuleFileException or ThemeException or BrokenLinksException or BuildLockedException
            or Site.Pipeline.BuildStepException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {Describe(ex)}");
            error.WriteLine($"the previous site in {options.OutputDirectory} was left as it was.");
            return 2;
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        Site.Pipeline.BuildStepException step when step.InnerException is RuleFileException or ThemeException or BrokenLinksException or DirectoryNotFoundException
            => step.InnerException!.Message,
        _ => ex.Message,
    };
}
