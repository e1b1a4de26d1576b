using Archive.Site.Theme;

namespace Archive.Site.Tests.Theme;

public sealed class ThemeFilesTests : IDisposable
{
    private readonly TempFolder _theme = TestPaths.Temp("theme");

    private ThemeFiles Load(string layout, string partial)
    {
        Directory.CreateDirectory(_theme.Combine("layouts"));
        Directory.CreateDirectory(_theme.Combine("partials"));
        Directory.CreateDirectory(_theme.Combine("assets"));
        Directory.CreateDirectory(_theme.Combine("node_modules", "lunr"));
        File.WriteAllText(_theme.Combine("node_modules", "lunr", "lunr.min.js"), "/* lunr */");
        File.WriteAllText(_theme.Combine("layouts", "page.hbs"), layout);
        File.WriteAllText(_theme.Combine("partials", "list.hbs"), partial);
        File.WriteAllText(_theme.Combine("assets", "site.css"), "body{}");
        return ThemeFiles.Load(_theme.Path);
    }

    [Theory]
    [InlineData("<div>\n    {{> list}}\n</div>")]
    [InlineData("<div>\n\t{{> list}}\n</div>")]
    [InlineData("<div>\n{{> list}}\n</div>")]
    [InlineData("<div>{{> list}}</div>")]
    public void Partials_escape_report_text_however_they_are_indented(string layout)
    {
        var theme = Load(layout, "{{#each Items}}<li>{{Title}}</li>\n{{/each}}");

        var html = theme.Render("page", new { Items = new[] { new { Title = "<script>alert(1)</script>" } } });

        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Assets_are_published_under_content_hashed_names_and_change_with_their_content()
    {
        var first = Load("x", "y").AssetPath("site.css");
        File.WriteAllText(_theme.Combine("assets", "site.css"), "body{color:red}");
        var second = ThemeFiles.Load(_theme.Path).AssetPath("site.css");

        Assert.Matches(@"^assets/site\.[0-9a-f]{10}\.css$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_template_with_a_syntax_error_names_its_file()
    {
        var error = Assert.Throws<ThemeException>(() => Load("{{#each Items}}unclosed", "y"));

        Assert.Contains("theme/layouts/page.hbs", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _theme.Dispose();
}
