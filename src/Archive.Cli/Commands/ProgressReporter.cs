using Spectre.Console;

namespace Archive.Cli.Commands;

/// <summary>
/// Shows build progress: a Spectre.Console status line on an interactive terminal; plain lines when
/// output is redirected or in CI, so logs stay readable.
/// </summary>
internal abstract class ProgressReporter
{
    public abstract T Run<T>(Func<Action<string>, T> work);

    public static ProgressReporter For(TextWriter output)
    {
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
            && Environment.GetEnvironmentVariable("CI") is not ("true" or "1") && AnsiConsole.Profile.Capabilities.Interactive;
        return interactive ? new Live() : new Plain(output);
    }

    private sealed class Plain(TextWriter output) : ProgressReporter
    {
        public override T Run<T>(Func<Action<string>, T> work) =>
            work(step => output.WriteLine($"  {step}"));
    }

    private sealed class Live : ProgressReporter
    {
        public override T Run<T>(Func<Action<string>, T> work) =>
            AnsiConsole.Status().Spinner(Spinner.Known.Dots).Start("building…", context =>
                work(step => context.Status($"building… {Markup.Escape(step)} done")));
    }
}
