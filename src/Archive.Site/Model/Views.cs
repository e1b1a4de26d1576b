namespace Archive.Site.Model;

// View models handed to the theme's Handlebars templates. Everything a template shows is computed
// here, so templates stay logic-less; {{…}} escapes every value, and only HTML the build itself
// produced (rendered Markdown, SVG charts) is inserted raw with {{{…}}}.

/// <summary>Site-wide values every page shows.</summary>
public sealed record SiteView(
    string Title,
    string Description,
    string Base,
    AssetUrls Assets,
    IReadOnlyList<NavItem> Nav,
    string SearchUrl);

public sealed record AssetUrls(string Css, string Script, string Search, string Browse, string Tokenizer, string Lunr, string Icon);

public sealed record NavItem(string Label, string Url, bool Current);

public sealed record Crumb(string Label, string? Url);

public sealed record Link(string Text, string Url);

/// <summary>The page frame: head metadata, breadcrumb and the rendered content.</summary>
public sealed record PageView
{
    public required SiteView Site { get; init; }
    public required string Title { get; init; }
    public required string Content { get; init; }
    public string? Description { get; init; }
    public string? Canonical { get; init; }
    public string OgType { get; init; } = "website";
    public string? JsonLd { get; init; }
    public IReadOnlyList<Crumb> Breadcrumb { get; init; } = [];
    public string BodyClass { get; init; } = "";
    public bool Robots { get; init; } = true;
    public IReadOnlyList<string> Scripts { get; init; } = [];

    /// <summary>
    /// The page is nothing without its <see cref="Scripts"/> (the search page): the browser holds its
    /// first rendering until they have run (<c>blocking="render"</c>), so that they run, and start
    /// their fetches, before the first style and layout of a fresh page rather than after it.
    /// </summary>
    public bool ScriptsBlockRendering { get; init; }
    public string? AlternateFeed { get; init; }
}

/// <summary>A report in a list: title, link, and the facts a reader scans for.</summary>
public sealed record ReportItem(
    string Id,
    string Title,
    string Url,
    string Year,
    string YearKey,
    string Period,
    string PeriodKey,
    string Level,
    string Department,
    string? Date,
    string? Organization);

public sealed record TermLink(string Label, string Url, int Count, bool Current);

public sealed record Pagination(int Page, int Pages, string? Previous, string? Next, IReadOnlyList<PageLink> Links);

public sealed record PageLink(int Number, string Url, bool Current);

/// <summary>A filter option: a term's key, label and count.</summary>
public sealed record FacetOption(string Value, string Label, int Count);

/// <summary>A taxonomy as a filter.</summary>
public sealed record Facet(string Key, string Name, IReadOnlyList<FacetOption> Options);
