using System.Diagnostics;
using System.Text;

namespace Archive.Tests.Shared;

/// <summary>Runs the plain-node test scripts of tests/js. Never skips: without node the tests fail.</summary>
internal static class NodeScripts
{
    private static readonly Lock InstallLock = new();

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
    }

    /// <summary>Runs <c>node tests/js/{script} args…</c> from the repository root.</summary>
    public static Result Run(string script, params string[] arguments)
    {
        EnsureLunrInstalled();
        return Execute(RequireOnPath("node"), RepoPaths.Root, [RepoPaths.Get("tests", "js", script), .. arguments]);
    }

    /// <summary>theme/node_modules is not committed: install it from the lock file when missing.</summary>
    private static void EnsureLunrInstalled()
    {
        lock (InstallLock)
        {
            if (File.Exists(RepoPaths.Get("theme", "node_modules", "lunr", "lunr.js")))
            {
                return;
            }

            var result = Execute(RequireOnPath("npm"), RepoPaths.Get("theme"), ["ci", "--no-audit", "--no-fund"]);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in theme/ failed: {result}");
            }
        }
    }

    private static string RequireOnPath(string tool)
    {
        var names = OperatingSystem.IsWindows() ? new[] { tool + ".exe", tool + ".cmd" } : [tool];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (dir.Length > 0 && File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        var ci = Environment.GetEnvironmentVariable("CI") == "true" ? " (CI=true)" : "";
        throw new InvalidOperationException(
            $"'{tool}' is not on PATH{ci}: install Node.js 20 or later (with npm). The search index is checked " +
            "against lunr.js itself, so these tests need node and are never skipped.");
    }

    private static Result Execute(string fileName, string workingDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in 3 minutes.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
