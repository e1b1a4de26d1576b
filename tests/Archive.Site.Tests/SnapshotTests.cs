using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html;

namespace Archive.Site.Tests;

/// <summary>
/// Snapshot tests of a report page and a browse page: the published HTML, normalised (content-hashed
/// asset names blanked, pretty-printed by AngleSharp), must equal the stored snapshot in
/// tests/fixtures/site/snapshots. After an intended change, regenerate with ARCHIVE_UPDATE_SNAPSHOTS=1.
/// </summary>
public sealed partial class SnapshotTests(BundledSiteFixture fixture) : IClassFixture<BundledSiteFixture>
{
    [GeneratedRegex(@"\.[0-9a-f]{10}\.(css|js|json|svg)")]
    private static partial Regex Fingerprint();

    [Fact]
    public void A_report_page_matches_its_snapshot()
    {
        var id = fixture.Site.Reports.EnumerateArray()
            .First(r => r.GetProperty("title").GetString() == "区民政局2023年第三季度转作风提效能工作总结")
            .GetProperty("id").GetString()!;
        Check("report.html", $"reports/{id}/index.html");
    }

    [Fact]
    public void A_browse_page_matches_its_snapshot() => Check("department-财政局.html", "department/财政局/index.html");

    private void Check(string snapshot, string page)
    {
        var actual = Normalise(fixture.Site.Page(page));
        var path = Path.Combine(TestPaths.Fixtures, "site", "snapshots", snapshot);
        if (Environment.GetEnvironmentVariable("ARCHIVE_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"no snapshot at {path}: run with ARCHIVE_UPDATE_SNAPSHOTS=1 once");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            var line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail($"{page} differs from {snapshot} at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "(end)")}\n  actual:   {(line < a.Length ? a[line] : "(end)")}");
        }
    }

    private static string Normalise(IDocument document)
    {
        using var writer = new StringWriter();
        document.ToHtml(writer, new PrettyMarkupFormatter { Indentation = "  ", NewLine = "\n" });
        return Fingerprint().Replace(writer.ToString(), ".HASH.$1").Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }
}
