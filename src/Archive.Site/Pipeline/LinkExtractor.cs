using System.Collections.Immutable;
using System.Text;
using AngleSharp.Html;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens;
using AngleSharp.Text;

namespace Archive.Site.Pipeline;

/// <summary>
/// Reads the links (href, src, action) and element ids of a rendered page with AngleSharp's HTML5
/// tokenizer: the same tokenization rules as a full parse (entities, attribute quoting), without
/// building a DOM, which would cost ten times more on a site of ten thousand pages.
/// </summary>
public static class LinkExtractor
{
    public static (ImmutableArray<string> Links, ImmutableArray<string> Ids) Read(ReadOnlySpan<byte> html) =>
        Read(Encoding.UTF8.GetString(html));

    public static (ImmutableArray<string> Links, ImmutableArray<string> Ids) Read(string html)
    {
        var links = ImmutableArray.CreateBuilder<string>();
        var ids = ImmutableArray.CreateBuilder<string>();
        using var tokenizer = new HtmlTokenizer(new TextSource(html), HtmlEntityProvider.Resolver)
        {
            SkipDataText = true,
            SkipComments = true,
            SkipScriptText = true,
            SkipRawText = true,
            SkipRCDataText = true,
            SkipPlaintext = true,
            SkipCDATA = true,
        };
        while (tokenizer.Get() is { Type: not HtmlTokenType.EndOfFile } token)
        {
            if (token is not HtmlTagToken { Type: HtmlTokenType.StartTag } tag)
            {
                continue;
            }

            foreach (var attribute in tag.Attributes)
            {
                var name = attribute.Name;
                if (name == "id")
                {
                    ids.Add(attribute.Value);
                }
                else if (IsLink(tag.Name, name))
                {
                    links.Add(attribute.Value);
                }
            }
        }

        return (links.ToImmutable(), ids.ToImmutable());
    }

    private static bool IsLink(string element, string attribute) => (element, attribute) switch
    {
        ("a" or "link", "href") => true,
        ("script" or "img", "src") => true,
        ("form", "action") => true,
        _ => false,
    };
}
