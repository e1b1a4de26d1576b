using System.Diagnostics;

namespace Archive.Cli.Tests.Robustness;

/// <summary>
/// A build killed at any moment leaves the previous site whole, or the new one, or (killed during the
/// few milliseconds in which changed files are renamed in) a commit journal that the next build carries
/// out before anything else; and the next build recovers.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly Workspace _work = new();

    /// <summary>The CLI as built next to this test assembly's configuration (Debug or Release).</summary>
    private static string Cli
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var path = RepoPaths.Get("src", "Archive.Cli", "bin", configuration, "net10.0", "archive.dll");
            Assert.True(File.Exists(path), $"the CLI is not built at {path}");
            return path;
        }
    }

    private Process Start(params string[] args) => Start(null, args);

    private static Process Start(System.Text.StringBuilder? errors, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Cli);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (errors is not null && e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a build to its end and asserts that it succeeded, showing what it printed on standard error if not.</summary>
    private static void Succeeds(string step, params string[] args)
    {
        var errors = new System.Text.StringBuilder();
        using var process = Start(errors, args);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{step}: the build did not finish within 5 minutes");
        process.WaitForExit(); // flushes the redirected streams
        lock (errors)
        {
            Assert.True(process.ExitCode == 0, $"{step}: exit code {process.ExitCode}; standard error:\n{errors}");
        }
    }

    [Fact]
    public void A_build_killed_at_any_moment_leaves_the_old_site_the_new_one_or_a_publication_the_next_build_finishes()
    {
        // Site A: the whole corpus. Site B: without one compilation (what the killed builds were making).
        Succeeds("first build", _work.BuildArgs());
        var siteA = _work.Snapshot();
        File.Delete(Path.Combine(_work.Input, "002_6a74d82b30bd2452.txt"));

        var clean = new Workspace();
        try
        {
            File.Delete(Path.Combine(clean.Input, "002_6a74d82b30bd2452.txt"));
            Succeeds("build without one compilation", clean.BuildArgs());
            var siteB = clean.Snapshot();
            Assert.NotEqual(siteA, siteB);

            var timer = Stopwatch.StartNew();
            Succeeds("clean build", clean.BuildArgs("--clean"));
            var duration = timer.ElapsedMilliseconds;

            var outcomes = new List<string>();
            foreach (var fraction in new[] { 0.15, 0.3, 0.45, 0.6, 0.7, 0.8, 0.9, 0.97 })
            {
                using var process = Start(_work.BuildArgs("--clean"));
                Thread.Sleep((int)(duration * fraction));
                process.Kill(entireProcessTree: true);
                process.WaitForExit();

                var now = _work.Snapshot();
                Assert.True(now.Count > 0, $"killed at {fraction:P0}: no site published");
                var which = DictionaryEquals(now, siteA) ? "old" : DictionaryEquals(now, siteB) ? "new" : null;
                if (which is null)
                {
                    // Killed while the changed files were being renamed in: allowed only with the commit
                    // journal in place, and the next build finishes that publication first.
                    Assert.True(File.Exists(Path.Combine(_work.Root, "cache", "commit.json")),
                        $"killed at {fraction:P0}: the published site is neither the old nor the new one, and no publication was under way");
                    Succeeds($"build after a kill during publication at {fraction:P0}", _work.BuildArgs());
                    Assert.True(DictionaryEquals(_work.Snapshot(), siteB), $"killed at {fraction:P0} while publishing: the next build did not give the new site");
                    which = "publishing";
                }

                outcomes.Add(which);
                if (which != "old")
                {
                    // Put the old site back so later kills are meaningful.
                    File.Copy(Path.Combine(TestPaths.InputFile("002_6a74d82b30bd2452.txt")), Path.Combine(_work.Input, "002_6a74d82b30bd2452.txt"));
                    Succeeds($"rebuild of the old site after a kill at {fraction:P0}", _work.BuildArgs());
                    siteA = _work.Snapshot();
                    File.Delete(Path.Combine(_work.Input, "002_6a74d82b30bd2452.txt"));
                }
            }

            // The next build recovers (lock, staging, cache) and equals a clean build.
            Succeeds("recovering build", _work.BuildArgs());
            Assert.True(DictionaryEquals(_work.Snapshot(), siteB), $"after recovery the site differs from a clean build (kills: {string.Join(", ", outcomes)})");
        }
        finally
        {
            clean.Dispose();
        }
    }

    private static bool DictionaryEquals(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public void Dispose() => _work.Dispose();
}

internal static class TestPaths
{
    public static string InputFile(string name) => RepoPaths.Get("input", name);
}
