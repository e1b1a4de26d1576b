using System.Runtime.CompilerServices;

namespace Archive.Search;

/// <summary>
/// Builds a search index in lunr.js 2.3.9's serialized format: the JSON is what
/// <c>lunr.Index.toJSON()</c> gives for the same documents added in the same order to a
/// lunr.Builder with the same fields, boosts and ref, <see cref="ChineseTokenizer"/>'s tokens
/// (theme/assets/js/tokenizer.js) and empty pipelines, so the page can pass it to
/// <c>lunr.Index.load</c>. tests/js/lunr-compat.test.js checks this against lunr.js itself.
/// </summary>
/// <remarks>
/// Memory is about 8 bytes per distinct term of each document field (a posting) plus ~50 bytes
/// per term; no per-token or per-term strings are allocated. WriteTo adds ~4 bytes per posting
/// and ~40 per term, and streams the JSON through a few buffers of about a megabyte.
/// </remarks>
public sealed partial class LunrIndexBuilder
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

    private readonly LunrField[] fields;                 // in Object.keys(builder._fields) order
    private readonly int fieldBits;                      // bits of a field number in a posting tag (doc << fieldBits | field)
    private readonly double k1;
    private readonly double b;

    private readonly TermTable termTable = new();        // term → index (posting._index), postings, latest entry

    private readonly List<string> refs = [];
    private readonly HashSet<string> refSet = new(StringComparer.Ordinal);
    private readonly List<double> documentBoosts = [];
    private readonly long[] fieldLengthSums;

    // One FieldRef per field of each document, document-major (lunr's fieldRef insertion order, so
    // document d's field f is fieldRefs[d * F + f]), with its length in tokens and its
    // (term index << 32 | term frequency) entries.
    private readonly List<FieldRef> fieldRefs = [];
    private readonly EntryStore entries;

    // Entries are numbered in add order (from entryBase for the field being added) so that a term's
    // slot can tell, by its LastEntry, whether and where the current field has it already.
    private int entryBase;
    private long[] fieldEntries = new long[1024];        // scratch: the entries of the field being added
    private readonly uint[] tokenQueue = new uint[16];   // scratch: FieldSink's queue

    public LunrIndexBuilder(LunrIndexOptions options)
        : this(options, EntryStore.DefaultChunkSize)
    {
    }

    /// <summary>Tests: <paramref name="entryChunkSize"/> small, to reach the entry store's chunk boundaries with small corpora.</summary>
    internal LunrIndexBuilder(LunrIndexOptions options, int entryChunkSize)
    {
        entries = new EntryStore(entryChunkSize);
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
        fieldBits = fields.Length == 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)fields.Length - 1);
        k1 = options.K1;
        b = options.B;
    }

    /// <summary>The field names as serialized (lunr's <c>Object.keys(builder._fields)</c>).</summary>
    public IReadOnlyList<string> FieldNames => [.. fields.Select(f => f.Name)];

    public int DocumentCount => refs.Count;

    public int TermCount => termTable.Count;

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

        if (refs.Count >= int.MaxValue >> fieldBits)
        {
            refSet.Remove(document.Ref);
            throw new InvalidOperationException("Too many documents for one index.");
        }

        refs.Add(document.Ref);
        documentBoosts.Add(document.Boost);

        for (var f = 0; f < fields.Length; f++)
        {
            document.Fields.TryGetValue(fields[f].Name, out var text);
            if (entryBase > int.MaxValue / 2)
            {
                // Renumber before the running number could overflow (after ~10⁹ entries).
                termTable.ResetLastEntries();
                entryBase = 0;
            }

            var sink = new FieldSink(termTable, fieldEntries, tokenQueue, entryBase);
            ChineseTokenizer.Tokenize(text, ref sink);
            sink.Drain();
            fieldEntries = sink.Entries;

            // The field's term frequencies, in first-appearance order (the order does not matter:
            // WriteTo sorts them by term index, as lunr.Vector#insert does).
            var slice = entries.Allocate(sink.Count, out var chunk, out var offset);
            fieldEntries.AsSpan(0, sink.Count).CopyTo(slice);
            entryBase += sink.Count;
            fieldRefs.Add(new FieldRef(refs.Count - 1, f, sink.Length, chunk, offset, sink.Count));
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
    /// Counts the tokens of one field: its length, and per distinct term one entry
    /// (term index &lt;&lt; 32 | term frequency) in <see cref="Entries"/>, in first-appearance order.
    /// A term's slot remembers the running number of its latest entry: at or above this field's
    /// base, the entry is this field's and its frequency goes up; below, this is the term's
    /// first occurrence in the field (a new posting).
    /// </summary>
    /// <remarks>
    /// With ~10⁶ terms the term table is tens of MB, and each token's slot a cache miss. So short
    /// tokens (nearly all) wait in a small queue: a token's slot is prefetched when it arrives and
    /// looked up <see cref="Ahead"/> tokens later, in the same order (term indexes are given in
    /// order of first appearance); a long token, or the end of the field, drains the queue first.
    /// </remarks>
    private struct FieldSink(TermTable table, long[] entries, uint[] queue, int entryBase) : ITokenSink
    {
        private const int Ahead = 16; // a power of two, the queue's length

        public long[] Entries = entries;
        public int Count;
        public int Length;
        private int queued;
        private int head;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: skip tier-0 on the one-shot build
        public void OnToken(scoped ReadOnlySpan<char> token)
        {
            Length++;
            if (token.Length <= 2)
            {
                var key = TermTable.ShortKey(token);
                table.PrefetchShort(key);
                if (queued == Ahead)
                {
                    Tally(ref table.GetOrAddShort(queue[head]));
                    head = (head + 1) & (Ahead - 1);
                    queued--;
                }

                queue[(head + queued++) & (Ahead - 1)] = key;
            }
            else
            {
                Drain();
                Tally(ref table.GetOrAdd(token));
            }
        }

        /// <summary>Counts the queued tokens.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Drain()
        {
            for (; queued > 0; queued--)
            {
                Tally(ref table.GetOrAddShort(queue[head]));
                head = (head + 1) & (Ahead - 1);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Tally(ref TermSlot slot)
        {
            // lunr.Builder#add: a new term gets the next _index when first seen (the table did that).
            var local = slot.LastEntry - entryBase;
            if (local >= 0)
            {
                Entries[local]++;
            }
            else
            {
                if (Count == Entries.Length)
                {
                    Array.Resize(ref Entries, Count * 2);
                }

                slot.LastEntry = entryBase + Count;
                slot.Postings++;
                Entries[Count++] = ((long)slot.Term << 32) | 1;
            }
        }
    }

    /// <summary>One field of one document (lunr.FieldRef) and where its entries are.</summary>
    private readonly record struct FieldRef(int Document, int Field, int Length, int Chunk, int Offset, int Count);
}
