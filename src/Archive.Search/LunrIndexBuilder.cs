using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

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

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Escapes HTML-sensitive characters (< > & ' + `) and controls, so the JSON is safe inside
        // <script> or an attribute, but writes CJK text as is rather than as \uXXXX (half the size).
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private readonly LunrField[] fields;                 // in Object.keys(builder._fields) order
    private readonly double k1;
    private readonly double b;

    private readonly TermTable termTable = new();        // term → term index (posting._index)
    private List<string> terms => termTable.Terms;
    private int[] postingCounts = new int[1024];         // by term: (document, field) pairs containing it

    private readonly List<string> refs = [];
    private readonly HashSet<string> refSet = new(StringComparer.Ordinal);
    private readonly List<double> documentBoosts = [];
    private readonly long[] fieldLengthSums;

    // One entry per field of each document, document-major (lunr's fieldRef insertion order):
    // field length and the slice of 'entries' holding its (term, tf) pairs.
    private readonly List<int> fieldLengths = [];
    private readonly List<int> entryStarts = [0];
    private long[] entries = new long[4096];             // (term index << 32) | term frequency
    private int entryCount;

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
            if (string.IsNullOrEmpty(field.Name) || field.Name.Contains('/') || ReservedFieldNames.Contains(field.Name))
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
        k1 = options.K1;
        b = options.B;
    }

    /// <summary>The field names as serialized (lunr's <c>Object.keys(builder._fields)</c>).</summary>
    public IReadOnlyList<string> FieldNames => [.. fields.Select(f => f.Name)];

    public int DocumentCount => refs.Count;

    public int TermCount => terms.Count;

    /// <summary>Adds a document, as <c>lunr.Builder#add(doc, { boost })</c>. Refs must be unique.</summary>
    public void Add(SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(document.Ref);
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
            EnsureCapacity(ref entries, entryCount + touched.Count);
            foreach (var term in touched)
            {
                entries[entryCount++] = ((long)term << 32) | (uint)tfScratch[term];
                tfScratch[term] = 0;
                postingCounts[term]++;
            }

            touched.Clear();
            fieldLengths.Add(sink.Length);
            fieldLengthSums[f] += sink.Length;
            entryStarts.Add(entryCount);
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
    /// Writes the serialized index (UTF-8 JSON, as <c>JSON.stringify(index)</c> up to escaping and
    /// number formatting) to <paramref name="stream"/>, streaming. Can be called again after more adds.
    /// </summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, WriterOptions);
        var encodedRefs = refs.Select(r => JsonEncodedText.Encode(r, WriterOptions.Encoder)).ToArray();

        // lunr.Index#toJSON
        writer.WriteStartObject();
        writer.WriteString("version", LunrVersion);
        writer.WriteStartArray("fields");
        foreach (var field in fields)
        {
            writer.WriteStringValue(field.Name);
        }

        writer.WriteEndArray();
        WriteFieldVectors(writer);
        WriteInvertedIndex(writer, encodedRefs);
        writer.WriteStartArray("pipeline"); // builder.searchPipeline.toJSON(): empty
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>"fieldVectors": [["field/ref", [termIndex, score, …]], …] in fieldRef insertion order.</summary>
    private void WriteFieldVectors(Utf8JsonWriter writer)
    {
        // lunr.Builder#calculateAverageFieldLengths: every document has an entry for every field.
        var averageFieldLengths = fieldLengthSums.Select(sum => (double)sum / refs.Count).ToArray();

        // lunr.idf, cached per term as createFieldVectors does.
        var idf = new double[terms.Count];
        for (var t = 0; t < idf.Length; t++)
        {
            // documentsWithTerm sums the postings of all fields, so it can exceed documentCount.
            var x = (refs.Count - postingCounts[t] + 0.5) / (postingCounts[t] + 0.5);
            idf[t] = Math.Log(1 + Math.Abs(x));
        }

        writer.WriteStartArray("fieldVectors");
        for (var d = 0; d < refs.Count; d++)
        {
            for (var f = 0; f < fields.Length; f++)
            {
                var fieldRef = d * fields.Length + f;
                var slice = entries.AsSpan(entryStarts[fieldRef], entryStarts[fieldRef + 1] - entryStarts[fieldRef]);
                slice.Sort(); // by term index: lunr.Vector keeps its elements sorted by index

                writer.WriteStartArray();
                writer.WriteStringValue(fields[f].Name + "/" + refs[d]); // lunr.FieldRef#toString
                writer.WriteStartArray();
                double fieldLength = fieldLengths[fieldRef];
                foreach (var entry in slice)
                {
                    var term = (int)(entry >> 32);
                    double tf = (int)entry;

                    // lunr.Builder#createFieldVectors, operation for operation (same IEEE results).
                    var score = idf[term] * ((k1 + 1) * tf) / (k1 * (1 - b + b * (fieldLength / averageFieldLengths[f])) + tf);
                    score *= fields[f].Boost;
                    score *= documentBoosts[d];
                    var scoreWithPrecision = JsSemantics.Round(score * 1000) / 1000;

                    writer.WriteNumberValue(term);
                    writer.WriteNumberValue(scoreWithPrecision);
                }

                writer.WriteEndArray();
                writer.WriteEndArray();
                FlushIfFull(writer);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// "invertedIndex": [[term, {"_index": n, field: {ref: {}, …}, …}], …], terms sorted as
    /// <c>Object.keys(invertedIndex).sort()</c> sorts them: by UTF-16 code units, i.e. ordinal.
    /// </summary>
    private void WriteInvertedIndex(Utf8JsonWriter writer, JsonEncodedText[] encodedRefs)
    {
        // Postings in CSR form: the documents of (term, field) are
        // postingDocs[postingStarts[term * F + f] .. postingStarts[term * F + f + 1]).
        var fieldCount = fields.Length;
        var postingStarts = new int[(terms.Count * fieldCount) + 1];
        for (var fieldRef = 0; fieldRef < fieldLengths.Count; fieldRef++)
        {
            var f = fieldRef % fieldCount;
            for (var i = entryStarts[fieldRef]; i < entryStarts[fieldRef + 1]; i++)
            {
                postingStarts[((int)(entries[i] >> 32) * fieldCount) + f + 1]++;
            }
        }

        for (var i = 1; i < postingStarts.Length; i++)
        {
            postingStarts[i] += postingStarts[i - 1];
        }

        var postingDocs = new int[entryCount];
        var next = postingStarts[..^1];
        for (var fieldRef = 0; fieldRef < fieldLengths.Count; fieldRef++)
        {
            var (d, f) = Math.DivRem(fieldRef, fieldCount);
            for (var i = entryStarts[fieldRef]; i < entryStarts[fieldRef + 1]; i++)
            {
                postingDocs[next[((int)(entries[i] >> 32) * fieldCount) + f]++] = d;
            }
        }

        // Documents were filled in add order, which is the insertion order of the posting's
        // {ref: {}} object; Object.keys lists array-index refs ("0", "17", …) first, by value.
        var reorderRefs = refs.Any(r => JsSemantics.IsArrayIndex(r, out _));
        var refRank = new int[refs.Count];
        if (reorderRefs)
        {
            var order = JsSemantics.ObjectKeyOrder(refs);
            for (var rank = 0; rank < order.Length; rank++)
            {
                refRank[order[rank]] = rank;
            }
        }

        // Posting keys: "_index" then the fields, in insertion order, except that array-index
        // field names come before "_index".
        var encodedFields = fields.Select(f => JsonEncodedText.Encode(f.Name, WriterOptions.Encoder)).ToArray();
        var leadingFields = fields.TakeWhile(f => JsSemantics.IsArrayIndex(f.Name, out _)).Count();

        var sortedTerms = terms.ToArray();
        var sortedIds = Enumerable.Range(0, terms.Count).ToArray();
        Array.Sort(sortedTerms, sortedIds, StringComparer.Ordinal);

        writer.WriteStartArray("invertedIndex");
        for (var i = 0; i < sortedTerms.Length; i++)
        {
            var term = sortedIds[i];
            writer.WriteStartArray();
            writer.WriteStringValue(sortedTerms[i]);
            writer.WriteStartObject();
            for (var f = 0; f < fieldCount; f++)
            {
                if (f == leadingFields)
                {
                    writer.WriteNumber("_index", term);
                }

                writer.WriteStartObject(encodedFields[f]);
                var docs = postingDocs.AsSpan(postingStarts[(term * fieldCount) + f]..postingStarts[(term * fieldCount) + f + 1]);
                if (reorderRefs)
                {
                    docs.Sort((x, y) => refRank[x].CompareTo(refRank[y]));
                }

                foreach (var d in docs)
                {
                    writer.WriteStartObject(encodedRefs[d]); // no metadata is whitelisted: {}
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            if (leadingFields == fieldCount)
            {
                writer.WriteNumber("_index", term);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            FlushIfFull(writer);
        }

        writer.WriteEndArray();
    }

    /// <summary>Hands the buffered JSON to the stream now and then, so memory stays flat.</summary>
    private static void FlushIfFull(Utf8JsonWriter writer)
    {
        if (writer.BytesPending > 1 << 16)
        {
            writer.Flush();
        }
    }

    private int TermIndex(ReadOnlySpan<char> token)
    {
        // lunr.Builder#add: a new term gets the next _index when first seen.
        var term = termTable.GetOrAdd(token);
        if (term >= postingCounts.Length)
        {
            Array.Resize(ref postingCounts, postingCounts.Length * 2);
            Array.Resize(ref tfScratch, tfScratch.Length * 2);
        }

        return term;
    }

    private static void EnsureCapacity(ref long[] array, int needed)
    {
        if (needed > array.Length)
        {
            Array.Resize(ref array, Math.Max(needed, array.Length * 2));
        }
    }

    /// <summary>Counts the tokens of one field: length, term frequencies, first-appearance order.</summary>
    private struct FieldSink(LunrIndexBuilder builder) : ITokenSink
    {
        public int Length { get; private set; }

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
}
