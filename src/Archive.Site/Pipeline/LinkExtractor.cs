using System.Collections.Immutable;
using System.Text;
using AngleSharp.Html.Parser;

namespace Archive.Site.Pipeline;

/// <summary>Reads, with AngleSharp, the links (href, src, action) and element ids of a rendered page.</summary>
public static class LinkExtractor
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsKeepingSourceReferences = false });

    public static (ImmutableArray<string> Links, ImmutableArray<string> Ids) Read(ReadOnlySpan<byte> html)
    {
        var document = Parser.ParseDocument(Encoding.UTF8.GetString(html));
        var links = ImmutableArray.CreateBuilder<string>();
        foreach (var element in document.QuerySelectorAll("a[href], link[href], script[src], img[src], form[action]"))
        {
            var target = element.GetAttribute("href") ?? element.GetAttribute("src") ?? element.GetAttribute("action");
            if (target is not null)
            {
                links.Add(string.IsInterned(target) ?? target);
            }
        }

        var ids = document.QuerySelectorAll("[id]").Select(e => e.Id!).ToImmutableArray();
        return (links.ToImmutable(), ids);
    }
}
