using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Archive.Ingest.Reading;

/// <summary>
/// A Word document (.docx) as lines, the way Word shows it: each paragraph is a line, an explicit line
/// break starts a new one, a table row is one line of tab-separated cells (content controls and custom
/// XML around paragraphs, rows or cells are looked into); paragraphs that Word numbers
/// itself (lists and numbered headings: 一、 （一） 1. ①) get their number written before them
/// (<see cref="DocxNumbering"/>), since a report's outline is numbered that way and the number is no
/// part of the paragraph's text.
/// </summary>
public static class DocxText
{
    /// <summary>The document's lines; null when the package has no document body.</summary>
    public static List<string>? Lines(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart;
        var body = main?.Document?.Body;
        if (main is null || body is null)
        {
            return null;
        }

        var numbering = new DocxNumbering(main.NumberingDefinitionsPart?.Numbering, main.StyleDefinitionsPart?.Styles);
        var lines = new List<string>();
        AddBlocks(body, lines, numbering);
        return lines;
    }

    // Paragraphs and tables in document order, also those inside content controls and custom XML (a
    // template's fields wrap whole stretches of a report in them).
    private static void AddBlocks(OpenXmlElement container, List<string> lines, DocxNumbering numbering)
    {
        foreach (var element in container.ChildElements)
        {
            switch (element)
            {
                case W.Paragraph p:
                    lines.AddRange(ParagraphText(p, numbering).Split('\n'));
                    break;
                case W.Table t:
                    // Rows and cells may sit in content controls too; a cell's text is all its paragraphs
                    // (a table nested in a cell included).
                    foreach (var row in t.Descendants<W.TableRow>().Where(r => r.Ancestors<W.Table>().First() == t))
                    {
                        lines.Add(string.Join('\t', row.Descendants<W.TableCell>().Where(c => c.Ancestors<W.TableRow>().First() == row).Select(c =>
                            string.Join(' ', c.Descendants<W.Paragraph>().Select(p => ParagraphText(p, numbering))).Trim())));
                    }

                    break;
                case W.SdtBlock or W.CustomXmlBlock or W.SdtContentBlock:
                    AddBlocks(element is W.SdtBlock sdt ? (OpenXmlElement?)sdt.SdtContentBlock ?? sdt : element, lines, numbering);
                    break;
            }
        }
    }

    private static string ParagraphText(W.Paragraph paragraph, DocxNumbering numbering)
    {
        var sb = new StringBuilder();
        foreach (var node in paragraph.Descendants())
        {
            switch (node)
            {
                case W.Text t:
                    sb.Append(t.Text);
                    break;
                case W.TabChar:
                    sb.Append('\t');
                    break;
                case W.Break or W.CarriageReturn:
                    sb.Append('\n');
                    break;
            }
        }

        // Counted even when the paragraph is empty, as Word counts it; written only before text (a
        // number on an empty line says nothing).
        var label = numbering.Next(paragraph);
        return label is null || string.IsNullOrWhiteSpace(sb.ToString()) ? sb.ToString() : label + sb;
    }
}
