using System.Collections.Immutable;
using System.Text;
using Archive.Ingest.Cleaning;
using Archive.Ingest.Reading;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Archive.Ingest.Tests.Support;

/// <summary>Builds raw inputs for tests: decoded sources from lines, encodings, and the bundled corpus.</summary>
internal static class Sources
{
    private static readonly Lazy<Encoding> Gb18030Encoding = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });

    public static Encoding Gb18030 => Gb18030Encoding.Value;

    /// <summary>A decoded file whose line <c>i</c> is <c>lines[i - 1]</c>.</summary>
    public static SourceText Text(string file, params string[] lines) =>
        new(file, "utf-8", [.. lines], "0000");

    /// <summary>Lines as the splitter sees them after cleaning (numbers 1…n, blank lines kept).</summary>
    public static ImmutableArray<CleanLine> CleanLines(params string[] lines) =>
        [.. lines.Select((l, i) => new CleanLine(i + 1, l))];

    /// <summary>The bundled raw compilations (input/*.txt), by name.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Corpus { get; } =
        [.. Directory.GetFiles(RepoPaths.Input, "*.txt")
            .Order(StringComparer.Ordinal)
            .Select(p => (Path.GetFileName(p), File.ReadAllBytes(p)))];

    /// <summary>The text of a bundled compilation.</summary>
    public static string CorpusText(string name) =>
        Encoding.UTF8.GetString(Corpus.Single(c => c.Name == name).Bytes);

    /// <summary>Reads bytes with <see cref="SourceReader"/>, failing the test when the file is skipped.</summary>
    public static SourceText Read(byte[] bytes, string name)
    {
        var outcome = SourceReader.Read(bytes, name);
        Assert.True(outcome.Source is not null, $"{name} was skipped: {outcome.Skipped}");
        return outcome.Source!;
    }

    public static byte[] WithBom(Encoding encoding, string text) => [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];

    /// <summary>The bytes of a Word document with this body, and optionally numbering definitions and styles.</summary>
    public static byte[] Docx(W.Body body, W.Numbering? numbering = null, W.Styles? styles = null)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, DocumentFormat.OpenXml.WordprocessingDocumentType.Document, autoSave: true))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new W.Document(body);
            if (numbering is not null)
            {
                main.AddNewPart<NumberingDefinitionsPart>().Numbering = numbering;
            }

            if (styles is not null)
            {
                main.AddNewPart<StyleDefinitionsPart>().Styles = styles;
            }
        }

        return ms.ToArray();
    }

    /// <summary>A fixture file under tests/fixtures/ingest.</summary>
    public static string Fixture(string name) => Path.Combine(RepoPaths.Fixtures, "ingest", name);
}
