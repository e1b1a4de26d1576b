using System.IO.Compression;
using System.Security.Cryptography;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Archive.Ingest.Reading;

/// <summary>
/// Step 1, <c>ReadSources</c>: turns a raw file into lines. Text files (.txt, .md, or any file whose
/// bytes are text) in UTF-8 with or without BOM, UTF-16 with BOM, or GB18030/GBK, with any line ending;
/// Markdown (.md) as the text it shows (<see cref="MarkdownSource"/>);
/// saved web pages (.html) as their readable text (<see cref="HtmlText"/>);
/// .docx through Open XML (<see cref="DocxText"/>: paragraphs become lines, table rows tab-separated lines, Word's list numbers are kept);
/// Word 97–2003 .doc (and .wps saved in its format) through its compound file and piece table (<see cref="WordBinaryText"/>, laid out as a .docx is);
/// web archives (.mht, also named .doc) as their web page (<see cref="MhtmlText"/>);
/// RTF (also named .doc) as its text (<see cref="RtfText"/>, laid out as a .docx is);
/// PDF through its text layer (<see cref="PdfText"/>: a paragraph's printed lines joined into one). Anything
/// else is skipped with a one-line reason naming the problem.
/// </summary>
public static class SourceReader
{
    /// <summary>Largest file read; bigger files are skipped rather than exhausting memory.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    /// <summary>Reads <paramref name="path"/>, reported under the name <paramref name="file"/>.</summary>
    public static ReadOutcome Read(string path, string file)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxBytes)
            {
                return ReadOutcome.Skip(file, $"too large ({info.Length / (1024 * 1024)} MB; the limit is {MaxBytes / (1024 * 1024)} MB)");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ReadOutcome.Skip(file, $"cannot be read: {ex.Message}");
        }

        return Read(bytes, file);
    }

    /// <summary>Reads a file's bytes, reported under the name <paramref name="file"/>.</summary>
    public static ReadOutcome Read(byte[] bytes, string file)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var extension = Path.GetExtension(file).ToLowerInvariant();

        if (bytes.Length == 0)
        {
            return ReadOutcome.Skip(file, "empty file");
        }

        if (bytes.AsSpan().StartsWith("%PDF"u8))
        {
            return ReadPdf(bytes, file, sha);
        }

        if (extension == ".pdf")
        {
            return ReadOutcome.Skip(file, "corrupt PDF: it does not start with %PDF");
        }

        if (CompoundFile.IsCompoundFile(bytes))
        {
            return ReadWordBinary(bytes, file, sha);
        }

        if (bytes.AsSpan().StartsWith("PK\x03\x04"u8))
        {
            return extension == ".docx" || IsDocx(bytes)
                ? ReadDocx(bytes, file, sha)
                : ReadOutcome.Skip(file, "a zip archive, not a report: unpack it into input/");
        }

        if (extension == ".docx")
        {
            return ReadOutcome.Skip(file, "corrupt .docx: not a zip package");
        }

        // RTF, also under a .doc name (office systems save it so); a .doc that is a web page or text is read below as such.
        if (RtfText.IsRtf(bytes))
        {
            return ReadOutcome.Read(new SourceText(file, "rtf", [.. RtfText.Lines(bytes)], sha));
        }

        if (extension is ".xls" or ".xlsx" or ".ppt" or ".pptx" or ".png" or ".jpg" or ".jpeg" or ".gif" or ".zip" or ".rar" or ".7z")
        {
            return ReadOutcome.Skip(file, $"{extension} files are not supported (only .txt, .md, .html, .docx, .doc, .wps, .rtf, .pdf)");
        }

        // A web archive (.mht, or Word's single-file web page saved as .doc): its web page.
        if (MhtmlText.IsMhtml(extension, bytes))
        {
            var (html, charset, problem) = MhtmlText.Html(bytes);
            return html is null
                ? ReadOutcome.Skip(file, problem!)
                : ReadOutcome.Read(new SourceText(file, $"mhtml, {charset}", [.. HtmlText.Lines(html)], sha));
        }

        var (text, encoding, warnings, notText) = TextDecoder.Decode(bytes);
        if (text is null)
        {
            return ReadOutcome.Skip(file, notText ?? "not a text file");
        }

        // A saved web page: its readable text, laid out in lines (line numbers count those lines).
        // Markdown: the text it shows, on the lines of the file.
        return HtmlText.IsHtml(extension, text)
            ? ReadOutcome.Read(new SourceText(file, $"html, {encoding}", [.. HtmlText.Lines(text)], sha) { Warnings = warnings })
            : MarkdownSource.IsMarkdown(extension)
            ? ReadOutcome.Read(new SourceText(file, $"markdown, {encoding}", [.. MarkdownSource.Lines(text)], sha) { Warnings = warnings })
            : ReadOutcome.Read(new SourceText(file, encoding, [.. LineSplitter.Split(text)], sha) { Warnings = warnings });
    }

    private static bool IsDocx(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            return zip.GetEntry("word/document.xml") is not null;
        }
        catch (Exception ex) when (IsCorruptPackage(ex))
        {
            return false;
        }
    }

    // What Open XML, System.IO.Packaging and ZipArchive throw for a damaged package: FileFormatException
    // (a FormatException, not an IOException) for zip garbage, XmlException for broken parts…
    private static bool IsCorruptPackage(Exception ex) =>
        ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or IOException
            or InvalidOperationException or FormatException or NotSupportedException or ArgumentException;

    private static ReadOutcome ReadPdf(byte[] bytes, string file, string sha)
    {
        try
        {
            var (lines, problem) = PdfText.Read(bytes);
            return lines is null
                ? ReadOutcome.Skip(file, problem!)
                : ReadOutcome.Read(new SourceText(file, "pdf", [.. lines], sha));
        }
        catch (UglyToad.PdfPig.Exceptions.PdfDocumentEncryptedException)
        {
            return ReadOutcome.Skip(file, "encrypted PDF: save it without a password first");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not StackOverflowException)
        {
            // PdfPig reports a damaged file with many exception types (format, key not found, end of stream…).
            return ReadOutcome.Skip(file, $"corrupt PDF: {ex.Message}");
        }
    }

    private static ReadOutcome ReadWordBinary(byte[] bytes, string file, string sha)
    {
        try
        {
            var (lines, problem) = WordBinaryText.Read(CompoundFile.Open(bytes));
            return lines is null
                ? ReadOutcome.Skip(file, problem!)
                : ReadOutcome.Read(new SourceText(file, "doc", [.. lines], sha));
        }
        catch (InvalidDataException ex)
        {
            return ReadOutcome.Skip(file, $"corrupt Word 97–2003 document: {ex.Message}");
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            return ReadOutcome.Skip(file, "corrupt Word 97–2003 document: a structure in it points outside the file");
        }
    }

    private static ReadOutcome ReadDocx(byte[] bytes, string file, string sha)
    {
        try
        {
            using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
            return DocxText.Lines(document) is { } lines
                ? ReadOutcome.Read(new SourceText(file, "docx", [.. lines], sha))
                : ReadOutcome.Skip(file, "corrupt .docx: no document body");
        }
        catch (Exception ex) when (IsCorruptPackage(ex))
        {
            return ReadOutcome.Skip(file, $"corrupt .docx: {ex.Message}");
        }
    }
}
