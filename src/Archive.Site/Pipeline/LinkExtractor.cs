using System.Collections.Immutable;
using System.Text;
using AngleSharp.Common;
using AngleSharp.Html;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;
using AngleSharp.Text;

namespace Archive.Site.Pipeline;

/// <summary>
/// Reads the links (href, src, action) and element ids of a rendered page with AngleSharp's HTML5
/// tokenizer: the same tokenization rules as a full parse (entities, attribute quoting), without
/// building a DOM, which would cost ten times more on a site of ten thousand pages. It reads the
/// tokenizer's struct tokens and keeps only the attributes it reads (<see cref="HtmlTokenizer.ShouldEmitAttribute"/>):
/// no token object or attribute list is made for the other tags and attributes of a page.
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
            ShouldEmitAttribute = static (ref StructHtmlToken tag, ReadOnlyMemory<char> name) => IsRead(tag.Name, name.Span),
        };
        while (true)
        {
            ref var token = ref tokenizer.GetStructToken();
            if (token.Type == HtmlTokenType.EndOfFile)
            {
                break;
            }

            if (token.Type != HtmlTokenType.StartTag)
            {
                continue;
            }

            // The tokenizer alone does not know which elements hold text rather than markup (a parser's
            // tree builder tells it): an inline script's '<a href=…>' is no link.
            if (!token.IsSelfClosing && TextState(token.Name) is { } state)
            {
                tokenizer.State = state;
            }

            var attributes = token.Attributes;
            for (var i = 0; i < attributes.Count; i++)
            {
                var attribute = attributes[i];
                if (attribute.Name == "id")
                {
                    ids.Add(attribute.Value.ToString());
                }
                else if (IsLink(token.Name, attribute.Name))
                {
                    links.Add(attribute.Value.ToString());
                }
            }
        }

        return (links.ToImmutable(), ids.ToImmutable());
    }

    private static HtmlParseMode? TextState(ReadOnlySpan<char> element) => element switch
    {
        "script" => HtmlParseMode.Script,
        "style" or "xmp" or "iframe" or "noembed" or "noframes" => HtmlParseMode.Rawtext,
        "title" or "textarea" => HtmlParseMode.RCData,
        "plaintext" => HtmlParseMode.Plaintext,
        _ => null,
    };

    private static bool IsRead(StringOrMemory element, ReadOnlySpan<char> attribute) =>
        attribute is "id" || IsLink(element, attribute);

    private static bool IsLink(StringOrMemory element, ReadOnlySpan<char> attribute) => attribute switch
    {
        "href" => element == "a" || element == "link",
        "src" => element == "script" || element == "img",
        "action" => element == "form",
        _ => false,
    };
}
