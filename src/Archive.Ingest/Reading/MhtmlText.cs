using System.Text;
using MimeKit;

namespace Archive.Ingest.Reading;

/// <summary>
/// A web archive (MHTML: .mht, .mhtml, and Word's "single file web page", often saved as .doc): a MIME
/// message whose HTML part is the document. MimeKit parses the message and undoes its transfer encoding
/// (quoted-printable, base64); the HTML's bytes are decoded in the part's declared character set
/// (gb2312/GBK as GB18030, their superset), or, when it declares none or one this runtime lacks, as
/// <see cref="TextDecoder"/> decides from the bytes; then it is read as any saved web page (<see cref="HtmlText"/>).
/// </summary>
public static class MhtmlText
{
    /// <summary>Whether the bytes open with the header of a MIME message of related parts (or the name says MHTML).</summary>
    public static bool IsMhtml(string extension, ReadOnlySpan<byte> bytes)
    {
        if (extension is ".mht" or ".mhtml")
        {
            return true;
        }

        var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 4096)]);
        var firstLine = head.AsSpan()[..Math.Max(0, head.IndexOfAny('\r', '\n'))];
        return firstLine.IndexOf(':') > 0 && firstLine[..firstLine.IndexOf(':')].IndexOfAny(' ', '\t', '<') < 0
            && head.Contains("MIME-Version:", StringComparison.OrdinalIgnoreCase)
            && head.Contains("multipart/related", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The document's HTML and the character set it was read in, or why there is none.</summary>
    public static (string? Html, string Encoding, string? Problem) Html(byte[] bytes)
    {
        MimeMessage message;
        try
        {
            message = MimeMessage.Load(new MemoryStream(bytes));
        }
        catch (FormatException ex)
        {
            return (null, "", $"corrupt web archive (MHTML): {ex.Message}");
        }

        var part = message.BodyParts.OfType<TextPart>().FirstOrDefault(p => p.IsHtml);
        if (part?.Content is null)
        {
            return (null, "", "a web archive (MHTML) with no web page in it");
        }

        var decoded = new MemoryStream();
        part.Content.DecodeTo(decoded);
        var content = decoded.ToArray();
        if (Declared(part.ContentType.Charset) is { } encoding)
        {
            return (encoding.GetString(content).TrimStart('\uFEFF'), part.ContentType.Charset!.ToLowerInvariant(), null);
        }

        var (text, detected, _, notText) = TextDecoder.Decode(content);
        return text is null ? (null, "", $"its web page is not text: {notText}") : (text, detected, null);
    }

    private static Encoding? Declared(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        var name = charset.Trim().ToLowerInvariant() is "gb2312" or "gbk" or "x-gbk" or "cp936" or "gb_2312-80" ? "GB18030" : charset.Trim();
        return CodePages.Find(name);
    }
}
