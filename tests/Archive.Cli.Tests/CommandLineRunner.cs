using System.CommandLine;
using Archive.Cli.Commands;

namespace Archive.Cli.Tests;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal static class CommandLineRunner
{
    public sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- output ---\n{Output}\n--- error ---\n{Error}";
    }

    public static Outcome Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ArchiveCommandLine.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new Outcome(code, output.ToString(), error.ToString());
    }
}

/// <summary>A scratch copy of the bundled input and a place to build it.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Root = Path.Combine(Path.GetTempPath(), $"archive-cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Input);
        foreach (var file in Directory.GetFiles(RepoPaths.Get("input"), "*.txt"))
        {
            File.Copy(file, Path.Combine(Input, Path.GetFileName(file)));
        }
    }

    public string Root { get; }

    public string Input => Path.Combine(Root, "input");

    public string Output => Path.Combine(Root, "output");

    public string[] BuildArgs(params string[] extra) =>
        ["build", "--input", Input, "--output", Output, "--theme", RepoPaths.Get("theme"), "--cache", Path.Combine(Root, "cache"), "--content", Path.Combine(Root, "content"), .. extra];

    public Dictionary<string, string> Snapshot() =>
        Directory.Exists(Output)
            ? Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories).ToDictionary(
                f => Path.GetRelativePath(Output, f),
                f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))
            : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
