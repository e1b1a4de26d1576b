namespace Archive.Cli.Tests.Commands;

/// <summary>The verbs as an archivist uses them: what they print and the exit codes scripts rely on.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly Workspace _work = new();

    [Fact]
    public void Check_prints_each_files_reports_with_their_metadata_and_writes_nothing()
    {
        var result = CommandLineRunner.Run("check", "--input", _work.Input);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("003_d8b7eb1687d0ddd9.txt  (utf-8, 264 lines, 8 reports", result.Output, StringComparison.Ordinal);
        Assert.Contains("区财政局2023年第三季度转作风提效能工作总结", result.Output, StringComparison.Ordinal);
        Assert.Contains("2023 Q3 · 区 · 财政局", result.Output, StringComparison.Ordinal);
        Assert.Contains("26 reports found, 26 unique", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_work.Output));
    }

    [Fact]
    public void Strict_turns_warnings_into_a_non_zero_exit()
    {
        Assert.Equal(0, CommandLineRunner.Run("check", "--input", _work.Input).ExitCode);
        Assert.Equal(1, CommandLineRunner.Run("check", "--input", _work.Input, "--strict").ExitCode);
        var build = CommandLineRunner.Run(_work.BuildArgs("--strict"));
        Assert.Equal(1, build.ExitCode);
        Assert.True(File.Exists(Path.Combine(_work.Output, "index.html")), build.ToString());
    }

    [Fact]
    public void Build_prints_a_summary_and_a_second_build_says_nothing_changed()
    {
        var first = CommandLineRunner.Run(_work.BuildArgs());
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("built 26 reports from 4 files", first.Output, StringComparison.Ordinal);
        Assert.Contains("26 added, 0 changed, 0 removed", first.Output, StringComparison.Ordinal);

        var second = CommandLineRunner.Run(_work.BuildArgs());
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("no changes since the last build", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_overrides_file_stops_the_build_naming_file_and_line_and_keeps_the_published_site()
    {
        Assert.Equal(0, CommandLineRunner.Run(_work.BuildArgs()).ExitCode);
        var before = _work.Snapshot();
        File.WriteAllText(Path.Combine(_work.Input, "overrides.yaml"), "reports:\n  abc:\n    level: 区\n   department: [unclosed\n");

        var result = CommandLineRunner.Run(_work.BuildArgs());

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"input/overrides\.yaml:\d+", result.Error);
        Assert.Contains("left as it was", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, _work.Snapshot());
    }

    [Fact]
    public void Overrides_correct_a_reports_metadata_on_the_published_site()
    {
        Assert.Equal(0, CommandLineRunner.Run(_work.BuildArgs()).ExitCode);
        var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_work.Output, "reports.json"))).RootElement;
        var report = json.EnumerateArray().First(r => r.GetProperty("department").GetString() == "未知");
        var id = report.GetProperty("id").GetString();
        File.WriteAllText(Path.Combine(_work.Input, "overrides.yaml"), $"reports:\n  \"{id}\":\n    department: 水利局\n");

        var result = CommandLineRunner.Run(_work.BuildArgs());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"changed: reports/{id}/", result.Output, StringComparison.Ordinal);
        var page = File.ReadAllText(Path.Combine(_work.Output, "reports", id!, "index.html"));
        Assert.Contains("水利局", page, StringComparison.Ordinal);
        Assert.Contains("依据人工校正", page, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_work.Output, "department", "水利局", "index.html")));
    }

    [Fact]
    public void An_override_for_a_report_that_does_not_exist_is_a_warning()
    {
        File.WriteAllText(Path.Combine(_work.Input, "overrides.yaml"), "reports:\n  \"0000000000\":\n    level: 县\n");

        var result = CommandLineRunner.Run(_work.BuildArgs("--strict"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("overrides.yaml: report 0000000000 does not exist", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_built_for_a_sub_path_links_everything_under_it()
    {
        var result = CommandLineRunner.Run(_work.BuildArgs("--base-url", "https://example.org/archive/"));
        Assert.Equal(0, result.ExitCode);

        var home = File.ReadAllText(Path.Combine(_work.Output, "index.html"));
        var links = System.Text.RegularExpressions.Regex.Matches(home, "(?:href|src)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links.Where(l => l.StartsWith('/')), l => Assert.StartsWith("/archive/", l, StringComparison.Ordinal));
        Assert.Contains("<loc>https://example.org/archive/reports/", File.ReadAllText(Path.Combine(_work.Output, "sitemap.xml")), StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/archive/feed.xml\"", File.ReadAllText(Path.Combine(_work.Output, "feed.xml")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_folder_is_a_clear_error()
    {
        var result = CommandLineRunner.Run("check", "--input", Path.Combine(_work.Root, "nowhere"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("input folder not found", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();
}
