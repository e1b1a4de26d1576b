using System.Globalization;
using System.Text;
using System.Text.Json;
using Archive.Search;
using Archive.Site.Model;
using Archive.Site.Pipeline;
using Archive.Site.Rendering;

namespace Archive.Site.Steps;

/// <summary>
/// Where the search page finds the index: the manifest (a small JSON file) lists the index's term
/// shards and the document store's chunks. <paramref name="ManifestJson"/> is its content, which the
/// search page carries too, so that a search starts without waiting for the manifest.
/// </summary>
public sealed record SearchIndexFiles(string ManifestPath, string ManifestJson);

/// <summary>
/// The client-side search index: a lunr.js 2.3.9 index built in C# over the title (boosted) and the
/// plain text of every report, tokenised into Chinese character bigrams (the same tokenizer the page
/// uses for queries), plus a document store (title, facets, text) for result lists, phrase checks and
/// highlighted snippets. All plain JSON with a content hash in their names.
/// </summary>
/// <remarks>
/// Neither is one file: the page would download and load the whole index before its first result,
/// which grows with the archive (about 70 KB per report) and passes a second at a few hundred
/// reports. The index is split by term (<see cref="LunrIndexBuilder.WriteShards"/>) into shards of
/// about <see cref="PostingsPerShard"/> postings, each a lunr index of its own, and the page fetches
/// and merges the shards of the terms it queries; the document store is split into chunks of
/// consecutive reports of about <see cref="DocumentChunkBytes"/>, fetched for the reports a query finds;
/// at most <see cref="MaxShards"/> shards (those above <see cref="HeavyShard"/> times the average split
/// into parts, <see cref="ShardPlan"/>) and <see cref="MaxDocumentChunks"/> chunks.
/// </remarks>
public sealed class GenerateSearchIndex : BuildStep
{
    public const double TitleBoost = 10;

    /// <summary>Postings per index shard: about 40 KB of JSON (10 KB gzipped).</summary>
    public const int PostingsPerShard = 1000;

    /// <summary>Text per document store chunk (UTF-8 bytes, before JSON escaping).</summary>
    public const int DocumentChunkBytes = 16 * 1024;

    /// <summary>
    /// At most this many shards: beyond ~1,000 reports they grow instead (a shard of a
    /// 10,000-report archive is ~400 KB). More would not help much: a shard holds the terms of a few
    /// first characters, and the shards of frequent ones stay big; but every report's field
    /// vectors are repeated, in part, in every shard, so the index would grow.
    /// </summary>
    public const int MaxShards = 1024;

    /// <summary>A shard with more postings than this many times the average (or PostingsPerShard) is split into parts of about the average.</summary>
    public const int HeavyShard = 2;

    /// <summary>
    /// At most this many document chunks: beyond ~6,000 reports they grow instead (~25 KB at
    /// 10,000). A page of 20 results fetches up to 20 chunks, so they are kept smaller than the
    /// shards; the limit bounds the build's file count and the manifest (about 25 bytes a chunk),
    /// which the search page carries.
    /// </summary>
    public const int MaxDocumentChunks = 4096;

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
            builder.Add(new SearchDocument(i.ToString(CultureInfo.InvariantCulture), new Dictionary<string, string>
            {
                ["title"] = r.Title,
                ["body"] = bodies[r.Id].PlainText,
            }));
        }

        // The files go straight to disk: at tens of thousands of reports they are hundreds of megabytes.
        // Beyond MaxShards, shards grow with the archive, and those of frequent first characters most:
        // one heavier than HeavyShard shards' worth is split into parts by a hash of the whole term.
        var plan = PlanFor(builder);
        var files = new string[plan.FileCount];
        long indexBytes = 0;
        builder.WriteShards(plan, (f, write) =>
        {
            var path = context.Outputs.AddStreamed(Name, hash => $"search/index/{plan.KeyOf(f)}.{hash[..10]}.json", write);
            files[f] = Fingerprint(path);
            Interlocked.Add(ref indexBytes, context.Outputs.Get(path)!.Size); // shards are written from several threads
        });

        var chunks = new List<(int Start, string Hash, long Size)>();
        long documentsBytes = 0;
        var textBytes = model.Reports.Select(r => Encoding.UTF8.GetByteCount(bodies[r.Id].PlainText)).ToArray();
        var chunkBytes = Math.Max(DocumentChunkBytes, textBytes.Sum(b => (long)b) / MaxDocumentChunks);
        for (var start = 0; start < model.Reports.Length;)
        {
            var (from, bytes) = (start, 0L);
            while (start < model.Reports.Length && (start == from || bytes < chunkBytes))
            {
                bytes += textBytes[start++];
            }

            var to = start;
            var path = context.Outputs.AddStreamed(Name, hash => $"search/documents/{from}.{hash[..10]}.json",
                stream => WriteDocuments(stream, model, bodies, urls, from, to));
            var size = context.Outputs.Get(path)!.Size;
            chunks.Add((from, Fingerprint(path), size));
            documentsBytes += size;
        }

        // The manifest: {"documents": n, "indexBytes": …, "documentsBytes": …, "shards": [hash of
        // index/0, …, or for a split shard [hash of index/<shard>-0, …]], "chunks": [[first ref, hash,
        // bytes], …]}; file names are index/<shard>.<hash>.json (index/<shard>-<part>.<hash>.json) and
        // documents/<first ref>.<hash>.json beside it.
        var manifest = new MemoryStream();
        using (var writer = new Utf8JsonWriter(manifest))
        {
            writer.WriteStartObject();
            writer.WriteNumber("documents", model.Reports.Length);
            writer.WriteNumber("indexBytes", indexBytes);
            writer.WriteNumber("documentsBytes", documentsBytes);
            writer.WriteStartArray("shards");
            for (var (shard, f) = (0, 0); shard < plan.Primary; f += plan.PartsOf(shard++))
            {
                if (plan.PartsOf(shard) == 1)
                {
                    writer.WriteStringValue(files[f]);
                    continue;
                }

                writer.WriteStartArray(); // a split shard: the hashes of its parts
                for (var part = 0; part < plan.PartsOf(shard); part++)
                {
                    writer.WriteStringValue(files[f + part]);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("chunks");
            foreach (var (first, hash, size) in chunks)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(first);
                writer.WriteStringValue(hash);
                writer.WriteNumberValue(size);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var manifestPath = context.Outputs.AddStreamed(Name, hash => $"search/manifest.{hash[..10]}.json", stream => manifest.WriteTo(stream));

        context.Set(new SearchIndexFiles(manifestPath, Encoding.UTF8.GetString(manifest.ToArray())));
    }

    /// <summary>
    /// The files the index is split into: shards of about <see cref="PostingsPerShard"/> postings, at most
    /// <see cref="MaxShards"/>; a shard above <see cref="HeavyShard"/> times the typical size split into
    /// parts of about that size.
    /// </summary>
    public static ShardPlan PlanFor(LunrIndexBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var shardCount = IndexShards.CountFor(builder.PostingCount, PostingsPerShard, MaxShards);
        var byShard = builder.PostingsByShard(shardCount);
        var typical = Math.Max(PostingsPerShard, byShard.Sum() / shardCount);
        return ShardPlan.Split(byShard, splitAbove: HeavyShard * typical, partPostings: typical);
    }

    /// <summary>The content hash in a file name (name.hash.json).</summary>
    private static string Fingerprint(string path) => Path.GetExtension(Path.GetFileNameWithoutExtension(path))[1..];

    /// <summary>The document store's records of reports [from, to): title, facets and plain text.</summary>
    private static void WriteDocuments(Stream stream, SiteModel model, IReadOnlyDictionary<string, RenderedBody> bodies, SiteUrls urls, int from, int to)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = SiteJson.Encoder });
        writer.WriteStartArray();
        for (var i = from; i < to; i++)
        {
            var r = model.Reports[i];
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
    }
}
