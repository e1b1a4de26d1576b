using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Archive.Search;

/// <summary>
/// Builds a search index in lunr.js 2.3.9's serialized format: the JSON is what
/// <c>lunr.Index.toJSON()</c> gives for the same documents added in the same order to a
/// lunr.Builder with the same fields, boosts and ref, <see cref="ChineseTokenizer"/>'s tokens
/// (theme/assets/js/tokenizer.js) and empty pipelines, so the page can pass it to
/// <c>lunr.Index.load</c>. tests/js/lunr-compat.test.js checks this against lunr.js itself.
/// </summary>
/// <remarks>
/// Memory is about 8 bytes per distinct term of each document field plus the terms themselves;
/// no per-token strings are allocated.
/// </remarks>
public sealed class LunrIndexBuilder
{
    /// <summary>The lunr version written to the index (lunr.version); Index.load warns on a mismatch.</summary>
    public const string LunrVersion = "2.3.9";

    // Field names on which lunr 2.3.9 breaks: '/' is its FieldRef joiner (lunr.Builder#field throws),
    // '_index' is the posting's term-index key (lunr.idf skips it), and Object.prototype names
    // corrupt calculateAverageFieldLengths, which accumulates into plain {} objects.
    private static readonly HashSet<string> ReservedFieldNames =
    [
        "_index", "__proto__", "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
        "toLocaleString", "toString", "valueOf", "__defineGetter__", "__defineSetter__",
        "__lookupGetter__", "__lookupSetter__",
    ];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = RawJson.Encoder };

    private readonly LunrField[] fields;                 // in Object.keys(builder._fields) order
    private readonly double k1;
    private readonly double b;

    private readonly TermTable termTable = new();        // term → term index (posting._index)
    private List<string> terms => termTable.Terms;
    private int[] postingCounts;                         // by term * F + field: documents with the term there

    private readonly List<string> refs = [];
    private readonly HashSet<string> refSet = new(StringComparer.Ordinal);
    private readonly List<double> documentBoosts = [];
    private readonly long[] fieldLengthSums;

    // One FieldRef per field of each document, document-major (lunr's fieldRef insertion order),
    // with its length in tokens and its (term index << 32 | term frequency) entries.
    private readonly List<FieldRef> fieldRefs = [];
    private readonly EntryStore entries = new();

    // Scratch state of the field being added.
    private int[] tfScratch = new int[1024];
    private readonly List<int> touched = [];

    public LunrIndexBuilder(LunrIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Fields is null || options.Fields.Count == 0)
        {
            throw new ArgumentException("At least one field is required.", nameof(options));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in options.Fields)
        {
            if (string.IsNullOrEmpty(field.Name) || field.Name.Contains('/') || ReservedFieldNames.Contains(field.Name)
                || ChineseTokenizer.HasLoneSurrogate(field.Name))
            {
                throw new ArgumentException($"Field name '{field.Name}' cannot be used with lunr.", nameof(options));
            }

            if (!names.Add(field.Name))
            {
                throw new ArgumentException($"Field '{field.Name}' is listed twice.", nameof(options));
            }

            if (!double.IsFinite(field.Boost) || field.Boost <= 0)
            {
                throw new ArgumentException($"Field '{field.Name}' needs a positive boost.", nameof(options));
            }
        }

        if (!(options.B is >= 0 and <= 1) || !double.IsFinite(options.K1) || options.K1 < 0)
        {
            throw new ArgumentException("B must be within [0, 1] and K1 non-negative.", nameof(options));
        }

        // lunr.Builder#add iterates Object.keys(this._fields): array-index names come first.
        fields = [.. JsSemantics.ObjectKeyOrder([.. options.Fields.Select(f => f.Name)]).Select(i => options.Fields[i])];
        fieldLengthSums = new long[fields.Length];
        postingCounts = new int[tfScratch.Length * fields.Length];
        k1 = options.K1;
        b = options.B;
    }

    /// <summary>The field names as serialized (lunr's <c>Object.keys(builder._fields)</c>).</summary>
    public IReadOnlyList<string> FieldNames => [.. fields.Select(f => f.Name)];

    public int DocumentCount => refs.Count;

    public int TermCount => terms.Count;

    /// <summary>Adds a document, as <c>lunr.Builder#add(doc, { boost })</c>. Refs must be unique.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: skip tier-0 on the one-shot build
    public void Add(SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(document.Ref);
        if (ChineseTokenizer.HasLoneSurrogate(document.Ref))
        {
            throw new ArgumentException($"Document ref '{document.Ref}' is not valid UTF-16.", nameof(document));
        }

        if (!double.IsFinite(document.Boost) || document.Boost <= 0)
        {
            throw new ArgumentException($"Document '{document.Ref}' needs a positive boost.", nameof(document));
        }

        // lunr would silently overwrite the earlier document's boost and field entries.
        if (!refSet.Add(document.Ref))
        {
            throw new ArgumentException($"Duplicate document ref '{document.Ref}'.", nameof(document));
        }

        refs.Add(document.Ref);
        documentBoosts.Add(document.Boost);

        for (var f = 0; f < fields.Length; f++)
        {
            document.Fields.TryGetValue(fields[f].Name, out var text);
            var sink = new FieldSink(this);
            ChineseTokenizer.Tokenize(text, ref sink);

            // Record this field's term frequencies in first-appearance order (the order does not
            // matter: WriteTo sorts them by term index, as lunr.Vector#insert does).
            var slice = entries.Allocate(touched.Count, out var chunk, out var offset);
            for (var i = 0; i < slice.Length; i++)
            {
                var term = touched[i];
                slice[i] = ((long)term << 32) | (uint)tfScratch[term];
                tfScratch[term] = 0;
                postingCounts[(term * fields.Length) + f]++;
            }

            touched.Clear();
            fieldRefs.Add(new FieldRef(refs.Count - 1, f, sink.Length, chunk, offset, slice.Length));
            fieldLengthSums[f] += sink.Length;
        }
    }

    /// <summary>Adds the documents in order.</summary>
    public void AddRange(IEnumerable<SearchDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var document in documents)
        {
            Add(document);
        }
    }

    /// <summary>The serialized index as a string (convenience for small indexes and tests).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>
    /// Writes the serialized index (UTF-8 JSON, as <c>JSON.stringify(index)</c> up to escaping) to
    /// <paramref name="stream"/>, streaming. Can be called again after more adds.
    /// </summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);

        // lunr.Vector keeps its elements sorted by index: sort each field's entries by term index.
        Parallel.For(0, fieldRefs.Count, i => Entries(fieldRefs[i]).Sort());

        // The inverted index's postings and term order are worked out while the field vectors are written.
        var postings = Task.Run(BuildPostings);

        using var writer = new Utf8JsonWriter(stream, WriterOptions);

        // lunr.Index#toJSON
        writer.WriteStartObject();
        writer.WriteString("version", LunrVersion);
        writer.WriteStartArray("fields");
        foreach (var field in fields)
        {
            writer.WriteStringValue(field.Name);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("fieldVectors");
        RawJson.WriteInParallel(writer, fieldRefs.Count, 256, FieldVectorWriter());
        writer.WriteEndArray();
        writer.WriteStartArray("invertedIndex");
        var postingWriter = PostingWriter(postings.GetAwaiter().GetResult());
        RawJson.WriteInParallel(writer, terms.Count, 4096, postingWriter);
        writer.WriteEndArray();
        writer.WriteStartArray("pipeline"); // builder.searchPipeline.toJSON(): empty
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>Formats fieldVectors[i]: ["field/ref", [termIndex, score, …]], fieldRefs in insertion order.</summary>
    private Action<int, RawJson> FieldVectorWriter()
    {
        // lunr.Builder#calculateAverageFieldLengths: every document has an entry for every field.
        var averageFieldLengths = fieldLengthSums.Select(sum => (double)sum / refs.Count).ToArray();

        // lunr.idf, cached per term as createFieldVectors does.
        var idf = new double[terms.Count];
        for (var t = 0; t < idf.Length; t++)
        {
            // documentsWithTerm sums the postings of all fields, so it can exceed documentCount.
            var documentsWithTerm = 0;
            foreach (var count in postingCounts.AsSpan(t * fields.Length, fields.Length))
            {
                documentsWithTerm += count;
            }

            var x = (refs.Count - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5);
            idf[t] = Math.Log(1 + Math.Abs(x));
        }

        return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int i, RawJson raw) =>
        {
            var fieldRef = fieldRefs[i];
            var (d, f) = (fieldRef.Document, fieldRef.Field);
            double fieldLength = fieldRef.Length;
            raw.Append((byte)'[');
            raw.AppendString(fields[f].Name + "/" + refs[d]); // lunr.FieldRef#toString
            raw.Append(",["u8);
            var first = true;
            foreach (var entry in Entries(fieldRef))
            {
                var term = (int)(entry >> 32);
                double tf = (int)entry;

                // lunr.Builder#createFieldVectors, operation for operation (same IEEE results).
                var score = idf[term] * ((k1 + 1) * tf) / (k1 * (1 - b + b * (fieldLength / averageFieldLengths[f])) + tf);
                score *= fields[f].Boost;
                score *= documentBoosts[d];
                var thousandths = JsSemantics.Round(score * 1000); // scoreWithPrecision = this / 1000

                if (!first)
                {
                    raw.Append((byte)',');
                }

                first = false;
                raw.AppendInteger(term);
                raw.Append((byte)',');
                raw.AppendThousandths(thousandths);
            }

            raw.Append("]]"u8);
        };
    }

    /// <summary>The inverted index's content, term by term.</summary>
    private sealed record Postings(string[] SortedTerms, int[] SortedTermIndexes, int[] Starts, int[] Documents);

    /// <summary>
    /// The documents of each (term, field) in CSR form: those of term t, field f are
    /// Documents[Starts[t * F + f] .. Starts[t * F + f + 1]], in the order of Object.keys on
    /// lunr's posting object; and the terms as <c>Object.keys(invertedIndex).sort()</c> sorts them:
    /// by UTF-16 code units, i.e. ordinal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: skip tier-0 on the one-shot build
    private Postings BuildPostings()
    {
        var fieldCount = fields.Length;
        var starts = new int[(terms.Count * fieldCount) + 1];
        for (var i = 1; i < starts.Length; i++)
        {
            starts[i] = starts[i - 1] + postingCounts[i - 1];
        }

        // Filled in add order, which is the insertion order of lunr's {ref: {}} posting objects.
        var documents = new int[starts[^1]];
        var next = starts[..^1];
        foreach (var fieldRef in fieldRefs)
        {
            foreach (var entry in Entries(fieldRef))
            {
                documents[next[((int)(entry >> 32) * fieldCount) + fieldRef.Field]++] = fieldRef.Document;
            }
        }

        // Object.keys lists array-index refs ("0", "17", …) first, by value, then the others in
        // insertion order: reorder unless that is add order already.
        var order = JsSemantics.ObjectKeyOrder(refs);
        if (order.Where((document, rank) => document != rank).Any())
        {
            var rankOf = new int[refs.Count];
            for (var rank = 0; rank < order.Length; rank++)
            {
                rankOf[order[rank]] = rank;
            }

            for (var i = 0; i + 1 < starts.Length; i++)
            {
                documents.AsSpan(starts[i]..starts[i + 1]).Sort((x, y) => rankOf[x].CompareTo(rankOf[y]));
            }
        }

        var sortedTerms = terms.ToArray();
        var sortedIndexes = Enumerable.Range(0, terms.Count).ToArray();
        Array.Sort(sortedTerms, sortedIndexes, StringComparer.Ordinal);
        return new Postings(sortedTerms, sortedIndexes, starts, documents);
    }

    /// <summary>Formats invertedIndex[i]: [term, {"_index": n, field: {ref: {}, …}, …}].</summary>
    private Action<int, RawJson> PostingWriter(Postings postings)
    {
        var fieldCount = fields.Length;

        // Pre-escaped pieces of the posting objects: "field": and "ref":{} (no metadata is whitelisted).
        var fieldKeys = fields.Select(f => RawJson.PropertyName(f.Name)).ToArray();
        var refEntries = refs.Select(r => (byte[])[.. RawJson.PropertyName(r), .. "{}"u8]).ToArray();

        // Posting keys: "_index" then the fields, in insertion order, except that array-index
        // field names (listed first in 'fields') come before "_index".
        var leadingFields = fields.TakeWhile(f => JsSemantics.IsArrayIndex(f.Name, out _)).Count();

        return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int i, RawJson raw) =>
        {
            var term = postings.SortedTermIndexes[i];
            raw.Append((byte)'[');
            raw.AppendString(postings.SortedTerms[i]);
            raw.Append(",{"u8);
            for (var f = 0; f <= fieldCount; f++)
            {
                if (f == leadingFields)
                {
                    raw.Append(f == 0 ? "\"_index\":"u8 : ",\"_index\":"u8);
                    raw.AppendInteger(term);
                }

                if (f == fieldCount)
                {
                    break;
                }

                if (f > 0 || leadingFields == 0)
                {
                    raw.Append((byte)',');
                }

                raw.Append(fieldKeys[f]);
                raw.Append((byte)'{');
                var at = (term * fieldCount) + f;
                for (var k = postings.Starts[at]; k < postings.Starts[at + 1]; k++)
                {
                    if (k > postings.Starts[at])
                    {
                        raw.Append((byte)',');
                    }

                    raw.Append(refEntries[postings.Documents[k]]);
                }

                raw.Append((byte)'}');
            }

            raw.Append("}]"u8);
        };
    }

    private Span<long> Entries(FieldRef fieldRef) => entries.Get(fieldRef.Chunk, fieldRef.Offset, fieldRef.Count);

    private int TermIndex(ReadOnlySpan<char> token)
    {
        // lunr.Builder#add: a new term gets the next _index when first seen.
        var term = termTable.GetOrAdd(token);
        if (term >= tfScratch.Length)
        {
            Array.Resize(ref postingCounts, postingCounts.Length * 2);
            Array.Resize(ref tfScratch, tfScratch.Length * 2);
        }

        return term;
    }

    /// <summary>Counts the tokens of one field: length, term frequencies, first-appearance order.</summary>
    private struct FieldSink(LunrIndexBuilder builder) : ITokenSink
    {
        public int Length { get; private set; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: skip tier-0 on the one-shot build
        public void OnToken(scoped ReadOnlySpan<char> token)
        {
            var term = builder.TermIndex(token);
            ref var tf = ref builder.tfScratch[term];
            if (tf++ == 0)
            {
                builder.touched.Add(term);
            }

            Length++;
        }
    }

    /// <summary>One field of one document (lunr.FieldRef) and where its entries are.</summary>
    private readonly record struct FieldRef(int Document, int Field, int Length, int Chunk, int Offset, int Count);
}
