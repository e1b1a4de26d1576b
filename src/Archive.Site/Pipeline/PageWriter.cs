using Archive.Site.Model;

namespace Archive.Site.Pipeline;

/// <summary>Renders a page through the theme (content layout inside the base layout) and adds it to the outputs.</summary>
public sealed class PageWriter(BuildContext context, SiteUrls urls, SiteView site)
{
    public SiteUrls Urls => urls;

    public SiteView Site(string? currentNav = null) =>
        currentNav is null ? site : site with { Nav = [.. site.Nav.Select(n => n with { Current = n.Label == currentNav })] };

    /// <summary>Renders <paramref name="layout"/> with <paramref name="content"/>, wraps it in the base layout and writes it.</summary>
    public void Write(string step, string outputPath, string layout, object content, PageView frame)
    {
        var html = context.Theme.Render(layout, content);
        var page = context.Theme.Render("base", frame with { Content = html });
        context.Outputs.AddText(step, outputPath, page);
    }

    /// <summary>A page frame with the site values and the given title.</summary>
    public PageView Frame(string title, string relativePath, string? nav = null) => new()
    {
        Site = Site(nav),
        Title = title,
        Content = "",
        Canonical = urls.Absolute(relativePath),
        AlternateFeed = urls.Link("feed.xml"),
    };
}
