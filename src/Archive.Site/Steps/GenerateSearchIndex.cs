using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Archive.Search;
using Archive.Site.Model;
using Archive.Site.Pipeline;
using Archive.Site.Rendering;

namespace Archive.Site.Steps;

/// <summary>Where the search page finds the index and the document store.</summary>
public sealed record SearchIndexFiles(string IndexPath, string DocumentsPath, int IndexBytes, int DocumentsBytes);

/// <summary>
/// The client-side search index: a lunr.js 2.3.9 index built in C# over the title (boosted) and the
/// plain text of every report, tokenised into Chinese character bigrams (the same tokenizer the page
/// uses for queries), plus a document store (title, facets, text) for result lists, phrase checks and
/// highlighted snippets. Both are plain JSON with a content hash in their names.
/// </summary>
public sealed class GenerateSearchIndex : BuildStep
{
    public const double TitleBoost = 10;

    public static LunrIndexOptions IndexOptions { get; } = new()
    {
        Fields = [new LunrField("title", TitleBoost), new LunrField("body")],
    };

    public override IReadOnlyList<string> DependsOn => [nameof(RenderMarkdown)];

    public override void Execute(BuildContext context)
    {
        var model = context.Get<SiteModel>();
        var bodies = context.Get<RenderedReports>().Bodies;
        var urls = context.Get<PageWriter>().Urls;

        // Refs are positions in the document store ("0", "1", …): every posting repeats its ref, so
        // short refs keep the index small; the store maps them back to reports.
        var builder = new LunrIndexBuilder(IndexOptions);
        for (var i = 0; i < model.Reports.Length; i++)
        {
            var r = model.Reports[i];
            builder.Add(new SearchDocument(i.ToString(System.Globalization.CultureInfo.InvariantCulture), new Dictionary<string, string>
            {
                ["title"] = r.Title,
                ["body"] = bodies[r.Id].PlainText,
            }));
        }

        using var indexStream = new MemoryStream();
        builder.WriteTo(indexStream);
        var index = indexStream.ToArray();

        var docs = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(docs, new JsonWriterOptions { Encoder = SiteJson.Encoder }))
        {
            writer.WriteStartArray();
            foreach (var r in model.Reports)
            {
                var item = ViewFactory.Item(r, urls);
                writer.WriteStartObject();
                writer.WriteString("id", r.Id);
                writer.WriteString("url", item.Url);
                writer.WriteString("title", r.Title);
                writer.WriteString("year", item.YearKey);
                writer.WriteString("period", item.PeriodKey);
                writer.WriteString("periodLabel", item.Period);
                writer.WriteString("level", item.Level);
                writer.WriteString("department", item.Department);
                writer.WriteString("date", item.Date);
                writer.WriteString("text", bodies[r.Id].PlainText);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        var documents = docs.WrittenSpan.ToArray();
        var indexPath = $"search/index.{Fingerprint(index)}.json";
        var documentsPath = $"search/documents.{Fingerprint(documents)}.json";
        Add(context, indexPath, index);
        Add(context, documentsPath, documents);
        context.Set(new SearchIndexFiles(indexPath, documentsPath, index.Length, documents.Length));
    }

    private static string Fingerprint(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..10];
}
