using System.Collections.Concurrent;
using Archive.Site.Model;
using Archive.Site.Pipeline;

namespace Archive.Site.Steps;

/// <summary>A link that leads nowhere: the page it is on and where it points.</summary>
public sealed record BrokenLink(string Page, string Target);

/// <summary>A build whose pages link to missing pages, assets or anchors fails, naming each page and target.</summary>
public sealed class BrokenLinksException(IReadOnlyList<BrokenLink> links)
    : Exception($"{links.Count} broken internal link(s):\n" + string.Join("\n", links.Take(25).Select(l => $"  {l.Page} → {l.Target}"))
        + (links.Count > 25 ? $"\n  … and {links.Count - 25} more" : ""))
{
    public IReadOnlyList<BrokenLink> Links { get; } = links;
}

/// <summary>
/// Checks every internal link and asset reference of every page (parsed with AngleSharp) against the
/// files the build produced, including #fragments on the same page.
/// </summary>
public sealed class CheckLinks : BuildStep
{
    /// <summary>Runs last: after every step that makes files, and after the sitemap the pages link to.</summary>
    public override IReadOnlyList<string> DependsOn => [StepRunner.AllSteps, nameof(GenerateSitemap)];

    public override void Execute(BuildContext context)
    {
        var urls = context.Get<PageWriter>().Urls;
        var broken = new ConcurrentBag<BrokenLink>();
        // Links were read (with AngleSharp) as each page was added. Reused pages were checked when they
        // were rendered, and everything they link to is part of what makes a page's render key.
        var pages = context.Outputs.Files.Where(f => f.IsHtml && f.Rendered).ToList();
        Parallel.ForEach(pages, new ParallelOptions { MaxDegreeOfParallelism = context.Options.MaxDegreeOfParallelism }, page =>
        {
            var ids = new HashSet<string>(page.Ids, StringComparer.Ordinal);
            foreach (var target in page.Links.Distinct())
            {
                if (Resolve(target, page.Path, urls, context.Outputs, ids) is { } problem)
                {
                    broken.Add(new BrokenLink(page.Path, problem));
                }
            }
        });

        if (!broken.IsEmpty)
        {
            throw new BrokenLinksException([.. broken.OrderBy(b => b.Page, StringComparer.Ordinal).ThenBy(b => b.Target, StringComparer.Ordinal)]);
        }
    }

    /// <summary>Null when the link is fine or external; otherwise the target as written.</summary>
    internal static string? Resolve(string target, string page, SiteUrls urls, OutputSet outputs, HashSet<string> ids)
    {
        if (target.Length == 0 || target.StartsWith("mailto:", StringComparison.Ordinal) || target.StartsWith("data:", StringComparison.Ordinal))
        {
            return null;
        }

        if (target.StartsWith('#'))
        {
            return target.Length == 1 || ids.Contains(Uri.UnescapeDataString(target[1..])) ? null : target;
        }

        // Only a scheme makes a link absolute ("/x" parses as a file URI on Unix).
        var hasScheme = target.IndexOf(':') is var colon && colon > 0 && target[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
            && (target.IndexOf('/') < 0 || target.IndexOf('/') > colon);
        if (hasScheme && Uri.TryCreate(target, UriKind.Absolute, out var absolute))
        {
            if (absolute.Scheme is not ("http" or "https") || urls.Origin is null
                || !string.Equals(absolute.GetLeftPart(UriPartial.Authority), urls.Origin, StringComparison.OrdinalIgnoreCase))
            {
                return absolute.Scheme is "http" or "https" ? null : target;
            }

            target = absolute.PathAndQuery + absolute.Fragment;
        }

        var path = target;
        var cut = path.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            path = path[..cut];
        }

        string relative;
        if (path.StartsWith('/'))
        {
            if (!path.StartsWith(urls.BasePath, StringComparison.Ordinal))
            {
                return target; // outside the site's base path: would break under a sub-path
            }

            relative = path[urls.BasePath.Length..];
        }
        else
        {
            var folder = page.Contains('/') ? page[..(page.LastIndexOf('/') + 1)] : "";
            relative = Normalise(folder + path);
        }

        relative = Uri.UnescapeDataString(relative);
        if (relative.Length == 0 || relative.EndsWith('/'))
        {
            relative += "index.html";
        }

        return outputs.Contains(relative) ? null : target;
    }

    private static string Normalise(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}
