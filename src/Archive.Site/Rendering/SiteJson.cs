using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Archive.Site.Rendering;

/// <summary>
/// JSON as the site writes it: Chinese stays readable, while the characters that matter inside HTML
/// (&lt; &gt; &amp; ' ") are escaped, so report text like <c>&lt;/script&gt;</c> can never end a script element.
/// </summary>
public static class SiteJson
{
    public static JavaScriptEncoder Encoder { get; } = JavaScriptEncoder.Create(UnicodeRanges.All);

    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = Encoder,
        WriteIndented = false,
    };

    public static JsonSerializerOptions Indented { get; } = new()
    {
        Encoder = Encoder,
        WriteIndented = true,
    };
}
