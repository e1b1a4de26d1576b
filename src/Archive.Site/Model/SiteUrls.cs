namespace Archive.Site.Model;

/// <summary>
/// Turns site-relative paths (<c>reports/abc/</c>) into links. Every link carries the base path, so
/// the site works at the root of a host and under a sub-path (<c>--base-url /archive/</c>); absolute
/// URLs (feeds, sitemap, Open Graph) need a base URL with a host.
/// </summary>
public sealed class SiteUrls
{
    public SiteUrls(string baseUrl)
    {
        var value = string.IsNullOrWhiteSpace(baseUrl) ? "/" : baseUrl.Trim();
        if (Uri.TryCreate(value, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            Origin = absolute.GetLeftPart(UriPartial.Authority);
            BasePath = absolute.AbsolutePath;
        }
        else if (value.StartsWith('/'))
        {
            BasePath = value;
        }
        else
        {
            throw new ArgumentException($"base URL must be a path starting with / or an http(s) URL, not '{baseUrl}'", nameof(baseUrl));
        }

        if (!BasePath.EndsWith('/'))
        {
            BasePath += "/";
        }
    }

    /// <summary>Scheme and host (<c>https://example.org</c>), or null when the base URL is only a path.</summary>
    public string? Origin { get; }

    /// <summary>Path the site lives under, with leading and trailing slash.</summary>
    public string BasePath { get; }

    /// <summary>A link to a site-relative path (segments already URL-encoded).</summary>
    public string Link(string relative) => BasePath + relative;

    /// <summary>An absolute URL, or a root-relative one when no host is known.</summary>
    public string Absolute(string relative) => (Origin ?? "") + BasePath + relative;

    /// <summary>Encodes one path segment (Chinese department names, file names).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>A name safe as a folder name on any file system, kept readable.</summary>
    public static string SafeName(string value)
    {
        var chars = value.Trim().Select(c => c < ' ' || "/\\:*?\"<>|#%&{}^~[]`".Contains(c, StringComparison.Ordinal) ? '-' : c).ToArray();
        var name = new string(chars).Trim('.', ' ');
        return name.Length == 0 ? "-" : name;
    }
}
