using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Archive.Search;

/// <summary>The serialization: <see cref="WriteTo"/> and what it needs.</summary>
public sealed partial class LunrIndexBuilder
{
    /// <summary>Entries (fieldVectors) or postings (invertedIndex) per segment: a few hundred KB of JSON.</summary>
    private const int SegmentEntries = 32 * 1024;

    /// <summary>
    /// Writes the serialized index (UTF-8 JSON, as <c>JSON.stringify(index)</c> up to escaping) to
    /// <paramref name="stream"/>, streaming: it is formatted in segments of a few hundred KB on the
    /// thread pool, a few at a time, and written in order. Can be called again after more adds;
    /// must not run concurrently with <see cref="Add"/>.
    /// </summary>
    /// <remarks>
    /// Work, in parallel where the order allows: per term, lunr.idf and the term index's digits
    /// (<see cref="TermInfos"/>); the terms in sorted order (<see cref="TermTable.SortedTerms"/>);
    /// the posting lists (<see cref="BuildPostingLists"/>); then the fieldVectors segments (which
    /// need the first only) and the invertedIndex segments (which need all three).
    /// </remarks>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);

        var postings = termTable.PostingsByTerm();
        var termInfos = Task.Run(() => TermInfos(postings));
        var sortedTerms = Task.Run(termTable.SortedTerms);
        var postingLists = Task.Run(() => BuildPostingLists(postings));
        var invertedIndex = Task.WhenAll(sortedTerms, postingLists).ContinueWith(
            _ => InvertedIndexSegments(sortedTerms.GetAwaiter().GetResult(), postingLists.GetAwaiter().GetResult(), postings),
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

        try
        {
            OrderedSegmentWriter.Write(stream, Segments(termInfos, invertedIndex));
        }
        finally
        {
            // On failure, the preparation may still be running: let it finish before returning.
            try
            {
                Task.WaitAll(termInfos, sortedTerms, postingLists, invertedIndex);
            }
            catch (AggregateException)
            {
                // Reported by the segment that needed it, or irrelevant after an earlier failure.
            }
        }
    }

    /// <summary>The whole index: lunr.Index#toJSON's keys in order, the two big arrays in segments.</summary>
    private IEnumerable<Segment> Segments(Task<TermInfo[]> termInfos, Task<InvertedIndex> invertedIndex)
    {
        // Built here, on the calling thread (not while Add could run).
        var refBytes = new RefBytes(refs);
        var vectors = new FieldVectorFormatter(this, refBytes, termInfos);
        return IndexSegments(refBytes, AllVectors(vectors, termInfos), () => invertedIndex.GetAwaiter().GetResult());
    }

    /// <summary>fieldVectors: runs of fieldRefs of about SegmentEntries entries.</summary>
    private IEnumerable<Segment> AllVectors(FieldVectorFormatter vectors, Task<TermInfo[]> termInfos) =>
        VectorSegments(fieldRefs.Count, i => fieldRefs[i].Count).Select(range => new Segment(raw => vectors.Format(raw, range.From, range.To), termInfos));

    /// <summary>
    /// Consecutive ranges of <paramref name="count"/> vectors of about SegmentEntries entries each
    /// (<paramref name="entries"/> gives a vector's; its heading weighs about 8 entries).
    /// </summary>
    private static IEnumerable<(int From, int To)> VectorSegments(int count, Func<int, int> entries)
    {
        for (var start = 0; start < count;)
        {
            var (from, size) = (start, 0);
            while (start < count && size < SegmentEntries)
            {
                size += entries(start++) + 8;
            }

            yield return (from, start);
        }
    }

    /// <summary>An index: its keys in order, with the given fieldVectors segments and invertedIndex.</summary>
    private IEnumerable<Segment> IndexSegments(RefBytes refBytes, IEnumerable<Segment> vectorSegments, Func<InvertedIndex> invertedIndex)
    {
        yield return new Segment(raw =>
        {
            raw.Append("{\"version\":"u8);
            raw.AppendString(LunrVersion);
            raw.Append(",\"fields\":["u8);
            for (var f = 0; f < fields.Length; f++)
            {
                if (f > 0)
                {
                    raw.Append((byte)',');
                }

                raw.AppendString(fields[f].Name);
            }

            raw.Append("],\"fieldVectors\":["u8);
        });

        foreach (var segment in vectorSegments)
        {
            yield return segment;
        }

        yield return new Segment(raw => raw.Append("],\"invertedIndex\":["u8));

        // invertedIndex: runs of terms (in sorted order) of about SegmentEntries postings, known
        // once the term order and the posting lists are ready (usually long before this point).
        var inverted = invertedIndex();
        var postings = new PostingFormatter(this, refBytes, inverted);
        for (var s = 0; s + 1 < inverted.SegmentStarts.Length; s++)
        {
            var (from, to) = (inverted.SegmentStarts[s], inverted.SegmentStarts[s + 1]);
            yield return new Segment(raw => postings.Format(raw, from, to));
        }

        yield return new Segment(raw => raw.Append("],\"pipeline\":[]}"u8)); // builder.searchPipeline.toJSON(): empty
    }

    /// <summary>What the field vectors need per term, together so that an entry costs one random read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct TermInfo(double idf, ulong digits)
    {
        /// <summary>lunr.idf of the term.</summary>
        public readonly double Idf = idf;

        /// <summary>The UTF-8 of "index," (the term index and a comma) in memory order, 0 if longer than 8 bytes.</summary>
        public readonly ulong Digits = digits;
    }

    /// <summary>lunr.idf per term, as createFieldVectors caches it, and the term indexes' digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TermInfo[] TermInfos(int[] postings)
    {
        var infos = LargeArrays.Uninitialized<TermInfo>(postings.Length);
        var documentCount = refs.Count;
        var digitsBuffer = new byte[24];
        for (var t = 0; t < infos.Length; t++)
        {
            // documentsWithTerm sums the postings of all fields, so it can exceed documentCount.
            var documentsWithTerm = postings[t];
            var x = (documentCount - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5);
            var idf = Math.Log(1 + Math.Abs(x));

            ulong packed = 0;
            if (t < 10_000_000 && BitConverter.IsLittleEndian)
            {
                var length = RawJson.WriteInteger(digitsBuffer, 0, (uint)t);
                digitsBuffer[length] = (byte)',';
                digitsBuffer.AsSpan(length + 1, 8).Clear();
                packed = BitConverter.ToUInt64(digitsBuffer, 0); // digits and ',' are non-zero bytes: the length is recoverable
            }

            infos[t] = new TermInfo(idf, packed);
        }

        return infos;
    }

    /// <summary>The escaped refs, packed as the pieces postings are made of.</summary>
    /// <remarks>
    /// Each document's piece is <c>,"ref":{}</c> (no metadata is whitelisted); 16 spare bytes follow
    /// the last so that short pieces can be copied 16 bytes at a time. The escaped ref alone is its
    /// middle. Refs have no lone surrogates (Add checks), so escaping "field/" and the ref apart
    /// gives the same bytes as escaping "field/ref".
    /// </remarks>
    private sealed class RefBytes
    {
        public RefBytes(List<string> refs)
        {
            var pieces = refs.Select(r => (byte[])[(byte)',', .. RawJson.StringBytes(r), .. ":{}"u8]).ToArray();
            Starts = new int[pieces.Length + 1];
            for (var d = 0; d < pieces.Length; d++)
            {
                Starts[d + 1] = Starts[d] + pieces[d].Length;
                MaxPiece = Math.Max(MaxPiece, pieces[d].Length);
            }

            Bytes = new byte[Starts[^1] + 16];
            for (var d = 0; d < pieces.Length; d++)
            {
                pieces[d].CopyTo(Bytes, Starts[d]);
            }
        }

        public byte[] Bytes { get; }

        public int[] Starts { get; }

        public int MaxPiece { get; }

        /// <summary>The escaped ref of document <paramref name="document"/>, without quotes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<byte> Ref(int document) => Bytes.AsSpan(Starts[document] + 2, Starts[document + 1] - Starts[document] - 6);
    }

    /// <summary>Formats fieldVectors[i]: ["field/ref", [termIndex, score, …]], fieldRefs in insertion order.</summary>
    private sealed class FieldVectorFormatter
    {
        // The largest entry: term index (10 digits) + ',' + score (RawJson.MaxNumberBytes) + ','.
        private const int MaxEntryBytes = 12 + RawJson.MaxNumberBytes;

        // Below this, Math.Round(x * 1000) rounds to an integer k < 10¹⁵ (see RawJson.WriteThousandths).
        private const double MaxFastThousandths = 999_999_999_999_998;

        private readonly LunrIndexBuilder builder;
        private readonly RefBytes refBytes;
        private readonly Task<TermInfo[]> termInfos;
        private readonly double[] averageFieldLengths;
        private readonly byte[][] openings; // ["field/ (escaped)

        public FieldVectorFormatter(LunrIndexBuilder builder, RefBytes refBytes, Task<TermInfo[]> termInfos)
        {
            this.builder = builder;
            this.refBytes = refBytes;
            this.termInfos = termInfos;

            // lunr.Builder#calculateAverageFieldLengths: every document has an entry for every field.
            averageFieldLengths = [.. builder.fieldLengthSums.Select(sum => (double)sum / builder.refs.Count)];
            openings = [.. builder.fields.Select(f => (byte[])[(byte)'[', .. RawJson.StringBytes(f.Name + "/").AsSpan(0..^1)])];
        }

        /// <summary>fieldVectors[from .. to], each with all its entries.</summary>
        public void Format(RawJson raw, int from, int to)
        {
            var termBits = 32 - BitOperations.LeadingZeroCount((uint)Math.Max(1, builder.termTable.Count - 1));
            for (var i = from; i < to; i++)
            {
                // lunr.Vector keeps its elements sorted by index.
                var sorted = SortByTerm(builder.Entries(builder.fieldRefs[i]), raw, termBits);
                FormatVector(raw, i, sorted, first: i == 0);
            }
        }

        /// <summary>The vector of fieldRef <paramref name="i"/> with <paramref name="sorted"/> as its entries (sorted by term).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: skip tier-0 on the one-shot build
        public void FormatVector(RawJson raw, int i, ReadOnlySpan<long> sorted, bool first)
        {
            var terms = termInfos.Result;
            var (k1, b) = (builder.k1, builder.b);
            var k1Plus1 = k1 + 1;
            var fieldRef = builder.fieldRefs[i];
            var (d, f) = (fieldRef.Document, fieldRef.Field);

            var opening = openings[f];
            var reference = refBytes.Ref(d);
            raw.Reserve(opening.Length + reference.Length + 16 + (sorted.Length * MaxEntryBytes));
            var buffer = raw.Buffer;
            var at = raw.Length;
            if (!first)
            {
                buffer[at++] = (byte)',';
            }

            opening.CopyTo(buffer.AsSpan(at));
            at += opening.Length;
            reference.CopyTo(buffer.AsSpan(at));
            at += reference.Length;
            buffer[at++] = (byte)'"';
            buffer[at++] = (byte)',';
            buffer[at++] = (byte)'[';

            // lunr.Builder#createFieldVectors, operation for operation (same IEEE results); the
            // field length normalisation is the same for every term of the field.
            double fieldLength = fieldRef.Length;
            var norm = k1 * (1 - b + b * (fieldLength / averageFieldLengths[f]));
            var fieldBoost = builder.fields[f].Boost;
            var documentBoost = builder.documentBoosts[d];

            // Each entry is written as "index,score," (room was reserved above, 8 spare bytes
            // included for the 8-byte stores); the last comma becomes the closing bracket.
            ref var output = ref MemoryMarshal.GetArrayDataReference(buffer);
            for (var j = 0; j < sorted.Length; j++)
            {
                const int Ahead = 8; // entries: how far ahead to prefetch a term's idf and digits
                if (j + Ahead < sorted.Length)
                {
                    Prefetch.Read(ref terms[(int)(sorted[j + Ahead] >> 32)]);
                }

                var entry = sorted[j];
                var term = (int)(entry >> 32);
                var info = terms[term];
                double tf = (int)entry;
                var score = info.Idf * (k1Plus1 * tf) / (norm + tf);
                score *= fieldBoost;
                score *= documentBoost;
                var x = score * 1000; // scoreWithPrecision = Math.round(x) / 1000

                var floor = Math.Floor(x);
                if (info.Digits != 0 && floor is >= 0 and < MaxFastThousandths)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, at), info.Digits);
                    at += 8 - (BitOperations.LeadingZeroCount(info.Digits) >> 3);

                    // JsSemantics.Round without a branch: ties (and more) round up.
                    var thousandths = (ulong)floor + (x - floor >= 0.5 ? 1UL : 0UL);
                    at = RawJson.WriteThousandthsAndComma(ref output, at, thousandths);
                }
                else
                {
                    at = RawJson.WriteInteger(buffer, at, (uint)term);
                    buffer[at++] = (byte)',';
                    at = RawJson.WriteThousandths(buffer, at, JsSemantics.Round(x));
                    buffer[at++] = (byte)',';
                }
            }

            if (sorted.Length > 0)
            {
                at--;
            }

            buffer[at++] = (byte)']';
            buffer[at++] = (byte)']';
            raw.Length = at;
        }
    }

    /// <summary>
    /// <paramref name="entries"/> (term &lt;&lt; 32 | tf, distinct terms) sorted by term, in the
    /// buffer's scratch: an LSD radix sort over the term's bits in two passes (three above 4M
    /// terms) of at most 11 bits, all digits counted in one pass, passes on which all entries
    /// agree skipped; two to three times faster than introsort on a field's hundreds of entries.
    /// Short fields use introsort.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<long> SortByTerm(ReadOnlySpan<long> entries, RawJson raw, int termBits)
    {
        var n = entries.Length;
        if (raw.Scratch.Length < 2 * n)
        {
            raw.Scratch = GC.AllocateUninitializedArray<long>(Math.Max(2 * n, 4096));
        }

        var a = raw.Scratch.AsSpan(0, n);
        if (n <= 64)
        {
            entries.CopyTo(a);
            a.Sort();
            return a;
        }

        var passes = termBits <= 22 ? 2 : 3;
        var digitBits = Math.Max(1, (termBits + passes - 1) / passes);
        var buckets = 1 << digitBits;
        var mask = buckets - 1;
        Span<int> counts = stackalloc int[3 << 11];
        counts = counts[..(passes * buckets)];
        counts.Clear();
        foreach (var entry in entries)
        {
            var term = (int)(entry >> 32);
            for (var pass = 0; pass < passes; pass++)
            {
                counts[(pass * buckets) + ((term >> (pass * digitBits)) & mask)]++;
            }
        }

        var b = raw.Scratch.AsSpan(n, n);
        var source = entries;
        var target = a;
        for (var pass = 0; pass < passes; pass++)
        {
            var digitCounts = counts.Slice(pass * buckets, buckets);
            var shift = 32 + (pass * digitBits);
            if (digitCounts[(int)(source[0] >> shift) & mask] == n)
            {
                continue; // one digit for all
            }

            var sum = 0;
            for (var i = 0; i < buckets; i++)
            {
                (digitCounts[i], sum) = (sum, sum + digitCounts[i]);
            }

            foreach (var entry in source)
            {
                target[digitCounts[(int)(entry >> shift) & mask]++] = entry;
            }

            source = target;
            target = target == a ? b : a;
        }

        return source;
    }

    /// <summary>The inverted index's terms in order, their postings, and where its segments start in that order.</summary>
    private sealed record InvertedIndex(ulong[] SortedTerms, PostingLists Lists, int[] SegmentStarts);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static InvertedIndex InvertedIndexSegments(ulong[] sortedTerms, PostingLists lists, int[] postings)
    {
        var segmentStarts = new List<int> { 0 };
        var size = 0;
        for (var i = 0; i < sortedTerms.Length; i++)
        {
            size += postings[(int)(uint)sortedTerms[i]] + 4; // a term's own bytes weigh about four postings
            if (size >= SegmentEntries)
            {
                segmentStarts.Add(i + 1);
                size = 0;
            }
        }

        if (segmentStarts[^1] != sortedTerms.Length)
        {
            segmentStarts.Add(sortedTerms.Length);
        }

        return new InvertedIndex(sortedTerms, lists, [.. segmentStarts]);
    }

    /// <summary>Formats invertedIndex[i]: [term, {"_index": n, field: {ref: {}, …}, …}], terms sorted.</summary>
    private sealed class PostingFormatter
    {
        private readonly LunrIndexBuilder builder;
        private readonly RefBytes refBytes;
        private readonly InvertedIndex index;
        private readonly byte[][] fieldKeys; // "field":{ (escaped)
        private readonly int leadingFields;
        private readonly int fieldKeyBytes;

        public PostingFormatter(LunrIndexBuilder builder, RefBytes refBytes, InvertedIndex index)
        {
            this.builder = builder;
            this.refBytes = refBytes;
            this.index = index;
            fieldKeys = [.. builder.fields.Select(f => (byte[])[.. RawJson.PropertyName(f.Name), (byte)'{'])];
            fieldKeyBytes = fieldKeys.Sum(k => k.Length + 2);

            // Posting keys: "_index" then the fields, in insertion order, except that array-index
            // field names (listed first in 'fields') come before "_index".
            leadingFields = builder.fields.TakeWhile(f => JsSemantics.IsArrayIndex(f.Name, out _)).Count();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: skip tier-0 on the one-shot build
        public void Format(RawJson raw, int from, int to)
        {
            const int Ahead = 8; // terms: how far ahead to prefetch a term's list bounds (then its list, at half that)
            var fieldCount = fieldKeys.Length;
            var fieldBits = builder.fieldBits;
            var fieldMask = (1 << fieldBits) - 1;
            var sortedTerms = index.SortedTerms;
            var starts = index.Lists.Starts;
            var tags = index.Lists.Tags;
            var pieces = refBytes.Bytes;
            var pieceStarts = refBytes.Starts;
            ref var piecesStart = ref MemoryMarshal.GetArrayDataReference(pieces);
            Span<char> pair = stackalloc char[2];
            for (var i = from; i < to; i++)
            {
                if (i + Ahead < to)
                {
                    Prefetch.Read(ref starts[(int)(uint)sortedTerms[i + Ahead]]);
                    if (i + (Ahead / 2) < to)
                    {
                        var ahead = starts[(int)(uint)sortedTerms[i + (Ahead / 2)]];
                        if (ahead < tags.Length)
                        {
                            Prefetch.Read(ref tags[ahead]);
                        }
                    }
                }

                var (sortKey, term) = ((uint)(sortedTerms[i] >> 32), (int)(uint)sortedTerms[i]);
                scoped ReadOnlySpan<char> text;
                if (sortKey != 0)
                {
                    // One or two units, from the sort key (the term table's text is elsewhere in memory).
                    pair[0] = (char)(sortKey >> 16);
                    pair[1] = (char)sortKey;
                    text = pair[..(pair[1] == 0 ? 1 : 2)];
                }
                else
                {
                    text = builder.termTable[term];
                }

                var (first, last) = (starts[term], starts[term + 1]);
                raw.Reserve(40 + RawJson.MaxStringBytes(text.Length) + fieldKeyBytes + ((last - first) * refBytes.MaxPiece) + 16);
                var buffer = raw.Buffer;
                ref var output = ref MemoryMarshal.GetArrayDataReference(buffer);
                var at = raw.Length;
                if (i > 0)
                {
                    buffer[at++] = (byte)',';
                }

                buffer[at++] = (byte)'[';
                at = RawJson.WriteString(buffer, at, text);
                buffer[at++] = (byte)',';
                buffer[at++] = (byte)'{';
                for (var f = 0; f <= fieldCount; f++)
                {
                    if (f == leadingFields)
                    {
                        if (f > 0)
                        {
                            buffer[at++] = (byte)',';
                        }

                        "\"_index\":"u8.CopyTo(buffer.AsSpan(at));
                        at += 9;
                        at = RawJson.WriteInteger(buffer, at, (uint)term);
                    }

                    if (f == fieldCount)
                    {
                        break;
                    }

                    if (f > 0 || leadingFields == 0)
                    {
                        buffer[at++] = (byte)',';
                    }

                    var key = fieldKeys[f];
                    key.CopyTo(buffer.AsSpan(at));
                    at += key.Length;
                    var skip = 1; // the first ref has no comma before it
                    for (var k = first; k < last; k++)
                    {
                        var tag = tags[k];
                        if ((tag & fieldMask) != f)
                        {
                            continue;
                        }

                        var document = tag >> fieldBits;
                        var start = pieceStarts[document] + skip;
                        var length = pieceStarts[document + 1] - start;
                        skip = 0;
                        if (length <= 16)
                        {
                            // 16 bytes at once: the pieces have 16 spare bytes after them, and the
                            // buffer was reserved with 16 to spare.
                            Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, at), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref piecesStart, start)));
                        }
                        else
                        {
                            pieces.AsSpan(start, length).CopyTo(buffer.AsSpan(at));
                        }

                        at += length;
                    }

                    buffer[at++] = (byte)'}';
                }

                buffer[at++] = (byte)'}';
                buffer[at++] = (byte)']';
                raw.Length = at;
            }
        }
    }

    /// <summary>The postings of every term: those of term t are Tags[Starts[t] .. Starts[t + 1]], each doc &lt;&lt; fieldBits | field.</summary>
    private sealed record PostingLists(int[] Starts, int[] Tags);

    /// <summary>
    /// The posting lists, documents in the order of Object.keys on lunr's posting objects:
    /// array-index refs ("0", "17", …) first by value, then the others in insertion order (visiting
    /// the documents in that order while filling the lists puts them in it).
    /// </summary>
    /// <remarks>
    /// A transposition of every entry from field order to term order. Scattering each entry
    /// straight to its term's list misses the cache and the TLB every time (one write stream per
    /// term, ~10⁶ of them). Instead, a two-pass radix partition with ~10³ streams per pass:
    /// (1) the entries go, stably, to buckets of 2^bucketBits consecutive terms, laid out where
    /// those terms' lists will be, as tag | (term mod 2^bucketBits) &lt;&lt; tagBits; two threads
    /// fill each bucket from both ends (the first half of the documents forwards, the second half
    /// backwards); (2) each bucket is copied out and scattered within itself to its terms' lists,
    /// the two threads taking either half of the buckets.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // run once per WriteTo: skip tier-0
    private PostingLists BuildPostingLists(int[] postings)
    {
        var termCount = postings.Length;
        var starts = LargeArrays.Uninitialized<int>(termCount + 1);
        var total = 0;
        for (var t = 0; t < termCount; t++)
        {
            starts[t] = total;
            total += postings[t];
        }

        starts[termCount] = total;
        var tags = LargeArrays.Uninitialized<int>(total);

        var maxTag = ((long)Math.Max(0, refs.Count - 1) << fieldBits) | (uint)(fields.Length - 1);
        var tagBits = Math.Max(1, 64 - BitOperations.LeadingZeroCount((ulong)maxTag));
        var bucketBits = Math.Clamp(32 - tagBits, 0, 10); // 0: one term per bucket, a direct scatter
        var bucketCount = (termCount >> bucketBits) + 1;

        var order = JsSemantics.ObjectKeyOrder(refs);
        var half = 0;
        for (var counted = 0L; half < order.Length && counted * 2 < total; half++)
        {
            for (var f = 0; f < fields.Length; f++)
            {
                counted += fieldRefs[(order[half] * fields.Length) + f].Count;
            }
        }

        var backwards = Task.Run(() => Partition(this, order, half, order.Length, forwards: false, starts, tags, bucketBits, tagBits));
        Partition(this, order, 0, half, forwards: true, starts, tags, bucketBits, tagBits);
        backwards.GetAwaiter().GetResult();

        if (bucketBits > 0)
        {
            var middle = 0;
            while (middle < bucketCount && starts[Math.Min(termCount, (middle + 1) << bucketBits)] * 2L < total)
            {
                middle++;
            }

            var upper = Task.Run(() => Scatter(starts, tags, middle, bucketCount, bucketBits, tagBits));
            Scatter(starts, tags, 0, middle, bucketBits, tagBits);
            upper.GetAwaiter().GetResult();
        }

        return new PostingLists(starts, tags);
    }

    /// <summary>Pass 1 for documents order[from .. to]: forwards from the buckets' starts, or backwards from their ends.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Partition(LunrIndexBuilder builder, int[] order, int from, int to, bool forwards, int[] starts, int[] tags, int bucketBits, int tagBits)
    {
        var termCount = starts.Length - 1;
        var cursors = new int[(termCount >> bucketBits) + 1];
        for (var bucket = 0; bucket < cursors.Length; bucket++)
        {
            cursors[bucket] = starts[Math.Min(termCount, (forwards ? bucket : bucket + 1) << bucketBits)];
        }

        var fieldCount = builder.fields.Length;
        var fieldBits = builder.fieldBits;
        var lowMask = (1 << bucketBits) - 1;
        for (var i = forwards ? from : to - 1; forwards ? i < to : i >= from; i += forwards ? 1 : -1)
        {
            var document = order[i];
            for (var g = 0; g < fieldCount; g++)
            {
                var f = forwards ? g : fieldCount - 1 - g;
                var tag = (document << fieldBits) | f;
                var entries = builder.Entries(builder.fieldRefs[(document * fieldCount) + f]);
                if (forwards)
                {
                    foreach (var entry in entries)
                    {
                        var term = (int)(entry >> 32);
                        tags[cursors[term >> bucketBits]++] = tag | ((term & lowMask) << tagBits);
                    }
                }
                else
                {
                    for (var e = entries.Length - 1; e >= 0; e--)
                    {
                        var term = (int)(entries[e] >> 32);
                        tags[--cursors[term >> bucketBits]] = tag | ((term & lowMask) << tagBits);
                    }
                }
            }
        }
    }

    /// <summary>Pass 2 for buckets [fromBucket, toBucket): each bucket, in order, to its terms' lists.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scatter(int[] starts, int[] tags, int fromBucket, int toBucket, int bucketBits, int tagBits)
    {
        var termCount = starts.Length - 1;
        var cursors = new int[1 << bucketBits];
        var copy = Array.Empty<int>();
        var tagMask = (int)((1L << tagBits) - 1);
        for (var bucket = fromBucket; bucket < toBucket; bucket++)
        {
            var firstTerm = bucket << bucketBits;
            var lastTerm = Math.Min(termCount, firstTerm + (1 << bucketBits));
            var (begin, end) = (starts[firstTerm], starts[lastTerm]);
            if (end - begin > copy.Length)
            {
                copy = LargeArrays.Uninitialized<int>(Math.Max(end - begin, copy.Length * 2));
            }

            tags.AsSpan(begin, end - begin).CopyTo(copy);
            for (var t = firstTerm; t < lastTerm; t++)
            {
                cursors[t - firstTerm] = starts[t];
            }

            foreach (var packed in copy.AsSpan(0, end - begin))
            {
                tags[cursors[(int)((uint)packed >> tagBits)]++] = packed & tagMask;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<long> Entries(FieldRef fieldRef) => entries.Get(fieldRef.Chunk, fieldRef.Offset, fieldRef.Count);
}
