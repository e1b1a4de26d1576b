using System.Text.Json;
using Archive.Search;
using Archive.Site.Model;
using Archive.Site.Pipeline;
using Archive.Site.Rendering;

namespace Archive.Site.Steps;

/// <summary>Where the search page finds the index and the document store.</summary>
public sealed record SearchIndexFiles(string IndexPath, string DocumentsPath, long IndexBytes, long DocumentsBytes);

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

        // Both files go straight to disk: at tens of thousands of reports they are hundreds of megabytes.
        var indexPath = context.Outputs.AddStreamed(Name, hash => $"search/index.{hash[..10]}.json", builder.WriteTo);
        var documentsPath = context.Outputs.AddStreamed(Name, hash => $"search/documents.{hash[..10]}.json", stream =>
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = SiteJson.Encoder });
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
                if (writer.BytesPending > 1 << 20)
                {
                    writer.Flush();
                }
            }

            writer.WriteEndArray();
        });

        var index = context.Outputs.Get(indexPath)!;
        var documents = context.Outputs.Get(documentsPath)!;
        context.Set(new SearchIndexFiles(indexPath, documentsPath, index.Size, documents.Size));
    }

}
