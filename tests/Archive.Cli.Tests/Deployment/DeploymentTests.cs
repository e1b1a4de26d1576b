using System.Diagnostics;
using Tomlyn;
using Tomlyn.Model;

namespace Archive.Cli.Tests.Deployment;

/// <summary>The README's two commands, CI's entry point and the Netlify configuration agree and work.</summary>
public sealed class DeploymentTests
{
    private static string Readme => File.ReadAllText(RepoPaths.Get("README.md"));

    /// <summary>The command lines in the README's quick-start block.</summary>
    private static List<string> QuickStart()
    {
        var text = Readme;
        var start = text.IndexOf("```sh", text.IndexOf("## Quick start", StringComparison.Ordinal), StringComparison.Ordinal);
        var end = text.IndexOf("```", start + 5, StringComparison.Ordinal);
        return [.. text[(start + 5)..end].Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0)];
    }

    [Fact]
    public void The_readme_gives_two_commands_one_to_build_and_one_to_test()
    {
        var commands = QuickStart();
        Assert.Equal(2, commands.Count);
        Assert.Equal("dotnet run --project src/Archive.Cli -- build", commands[0]);
        Assert.StartsWith("dotnet test", commands[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Ci_runs_exactly_the_readme_test_command_and_nothing_after_it()
    {
        var lines = File.ReadAllLines(RepoPaths.Get(".ci", "run"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        Assert.Equal(QuickStart()[1], lines[^1]);
        Assert.Single(lines, l => l.StartsWith("dotnet test", StringComparison.Ordinal));
    }

    [Fact]
    public void Netlify_configuration_is_valid_toml_with_a_strict_policy_and_cache_headers()
    {
        var model = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(RepoPaths.Get("netlify.toml")))!;
        var build = (TomlTable)model["build"];
        Assert.Equal("output", build["publish"]);
        Assert.Contains(".ci/netlify-build.sh", (string)build["command"], StringComparison.Ordinal);

        var headers = ((TomlTableArray)model["headers"]).ToList();
        string Header(string path, string name) => (string)((TomlTable)headers.Single(h => (string)h["for"] == path)["values"])[name];
        var csp = Header("/*", "Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header("/*", "X-Content-Type-Options"));
        Assert.Contains("immutable", Header("/assets/*", "Cache-Control"), StringComparison.Ordinal);
        Assert.Contains("max-age=600", Header("/search/*", "Cache-Control"), StringComparison.Ordinal);
        Assert.Contains("immutable", Header("/search/index/*", "Cache-Control"), StringComparison.Ordinal);
        Assert.Contains("immutable", Header("/search/documents/*", "Cache-Control"), StringComparison.Ordinal);
        Assert.Contains("max-age=300", Header("/*", "Cache-Control"), StringComparison.Ordinal);

        var redirect = ((TomlTableArray)model["redirects"]).Single();
        Assert.Equal("/404.html", redirect["to"]);
        Assert.Equal(404L, redirect["status"]);
    }

    [Fact]
    public async Task The_netlify_build_command_builds_a_clean_checkout()
    {
        // A copy of what a clean clone has (no bin/obj/output/cache), with dotnet already present so
        // the SDK install step is skipped, and Netlify's URL variable set.
        var checkout = Path.Combine(Path.GetTempPath(), $"archive-netlify-{Guid.NewGuid():N}");
        try
        {
            CopyTracked(RepoPaths.Root, checkout);
            var start = new ProcessStartInfo("bash", [".ci/netlify-build.sh"])
            {
                WorkingDirectory = checkout,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["URL"] = "https://archive.example.org";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await stdout + await stderr);

            Assert.True(File.Exists(Path.Combine(checkout, "output", "index.html")));
            Assert.Contains("https://archive.example.org/reports/", File.ReadAllText(Path.Combine(checkout, "output", "sitemap.xml")), StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(checkout, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    private static void CopyTracked(string from, string to)
    {
        string[] skip = ["bin", "obj", "output", "content", ".archive-cache", ".git", "TestResults", "node_modules", "bench"];
        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (!skip.Contains(name) && !name.StartsWith("output", StringComparison.Ordinal))
            {
                CopyTracked(dir, Path.Combine(to, name));
            }
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
