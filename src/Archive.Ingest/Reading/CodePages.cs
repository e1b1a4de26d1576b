using System.Text;

namespace Archive.Ingest.Reading;

/// <summary>
/// The legacy encodings the readers decode (GB18030/GBK, Windows-1252, Big5…), which .NET provides
/// through System.Text.Encoding.CodePages once its provider is registered — here, once, for all of them.
/// </summary>
internal static class CodePages
{
    static CodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding of a code page (1252, 936…).</summary>
    public static Encoding Get(int codePage) => Encoding.GetEncoding(codePage);

    /// <summary>The encoding of that name, with the given fallbacks.</summary>
    public static Encoding Get(string name, EncoderFallback encoderFallback, DecoderFallback decoderFallback) =>
        Encoding.GetEncoding(name, encoderFallback, decoderFallback);

    /// <summary>The encoding of a code page, or null when this runtime has none.</summary>
    public static Encoding? Find(int codePage)
    {
        try
        {
            return Encoding.GetEncoding(codePage);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The encoding of that name (gb2312, utf-8…), or null when this runtime has none.</summary>
    public static Encoding? Find(string name)
    {
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
