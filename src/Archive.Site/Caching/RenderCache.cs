using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Archive.Site.Model;

namespace Archive.Site.Caching;

/// <summary>
/// What a build may reuse from the published site: a report page whose render key (everything the
/// page shows: the report's Markdown document, its cleaning log, its neighbours, the theme, the site
/// options, the tool) equals the last build's, and whose published file is intact, is not rendered again.
/// The keys and plain texts of this build are collected for the next one.
/// </summary>
public sealed class RenderCache(
    IReadOnlyDictionary<string, string> previousKeys,
    Func<string, (string Hash, string Path, long Size)?> published,
    IReadOnlyDictionary<string, string> previousBodies,
    string salt)
{
    /// <summary>A cache that reuses nothing (clean builds, tests).</summary>
    public static RenderCache Empty(string salt = "") => new(new Dictionary<string, string>(), _ => null, new Dictionary<string, string>(), salt);

    public ConcurrentDictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>The published copy of a file, when it is intact.</summary>
    public (string Hash, string Path, long Size)? Published(string path) => published(path);

    public ConcurrentDictionary<string, string> Bodies { get; } = new(StringComparer.Ordinal);

    /// <summary>The key of a report's page: changes whenever anything the page shows changes.</summary>
    public string KeyOf(SiteModel model, SiteReport report)
    {
        var (previous, next) = model.Neighbours(report.Id);
        var sb = new StringBuilder(report.Document.Length + 512);
        sb.Append(salt).Append('\n').Append(report.Document).Append('\n');
        foreach (var c in report.Report.Cleaning)
        {
            sb.Append(c.Line).Append(' ').Append((int)c.Action).Append(' ').Append(c.Detail).Append(' ').Append(c.Count).Append('\n');
        }

        sb.Append(previous?.Id).Append(previous?.Title).Append('\n').Append(next?.Id).Append(next?.Title);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32];
    }

    /// <summary>The published copy of a page and its plain text, if the page can be reused.</summary>
    public (string Hash, string Path, long Size, string PlainText)? Reusable(string page, string key, string contentHash)
    {
        Keys[page] = key;
        if (previousKeys.TryGetValue(page, out var old) && old == key
            && previousBodies.TryGetValue(contentHash, out var text)
            && published(page) is { } file)
        {
            return (file.Hash, file.Path, file.Size, text);
        }

        return null;
    }
}
