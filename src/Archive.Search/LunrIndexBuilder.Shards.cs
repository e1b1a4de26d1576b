using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Archive.Search;

/// <summary>The index split by term into shards: <see cref="WriteShards"/>.</summary>
public sealed partial class LunrIndexBuilder
{
    /// <summary>The number of postings (one per distinct term of each document field): the index's size driver.</summary>
    public long PostingCount
    {
        get
        {
            long total = 0;
            foreach (var fieldRef in fieldRefs)
            {
                total += fieldRef.Count;
            }

            return total;
        }
    }

    /// <summary>
    /// Writes the index split by term into <paramref name="shardCount"/> shards: shard s holds the
    /// terms t with <see cref="IndexShards.ShardOf"/>(t) = s, their postings, and the field vector
    /// entries of those terms only. Each shard is itself a lunr.js 2.3.9 serialized index (the same
    /// version, fields and pipeline; term indexes, idf and scores those of the whole index), so a
    /// page loads only the shards of the terms it queries and merges them: since lunr scores a
    /// document field by the dot product of the query vector with the field vector, which reads
    /// only the entries of the query's terms, scores from the merged shards equal the whole
    /// index's. Merging every shard gives back <see cref="WriteTo"/>'s index exactly (sorting the
    /// terms and each vector's entries; vectors of fields without terms are left out). <paramref
    /// name="writeShard"/> is called once per shard with the shard's number and a function that
    /// writes it to a stream; with more than one shard, from up to one thread per core at once, in
    /// no particular order. The bytes of each shard do not depend on the scheduling.
    /// </summary>
    /// <remarks>
    /// Reorders each field's stored entries by (shard, term); the set of entries, and so every
    /// later <see cref="WriteTo"/>, is unchanged. Must not run concurrently with <see cref="Add"/>.
    /// </remarks>
    public void WriteShards(int shardCount, Action<int, Action<Stream>> writeShard) =>
        WriteShards(ShardPlan.Uniform(shardCount), writeShard);

    /// <summary>
    /// Writes the index split as <paramref name="plan"/> lays it out: file f holds the terms t with
    /// <see cref="ShardPlan.FileOf"/>(t) = f (see the other overload, where file = shard).
    /// </summary>
    public void WriteShards(ShardPlan plan, Action<int, Action<Stream>> writeShard)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(writeShard);
        var shardCount = plan.FileCount; // from here on a "shard" is a file of the plan

        var postings = termTable.PostingsByTerm();
        var termInfos = Task.Run(() => TermInfos(postings));
        var sortedTerms = Task.Run(termTable.SortedTerms);
        var termShards = TermShards(plan);

        // The posting lists read the entries: build them before the entries are reordered.
        var lists = BuildPostingLists(postings);
        GroupEntriesByShard(termShards, shardCount);
        var shardTerms = SplitByShard(sortedTerms.GetAwaiter().GetResult(), termShards, shardCount);

        var refBytes = new RefBytes(refs);
        var vectors = new FieldVectorFormatter(this, refBytes, termInfos);
        if (shardCount == 1)
        {
            // One shard is the whole index: its segments formatted in parallel, as WriteTo does.
            var runs = new RunCursor(this, termShards, shardCount, 0).Take(0);
            var inverted = InvertedIndexSegments(shardTerms[0], lists, postings);
            writeShard(0, stream => OrderedSegmentWriter.Write(stream, IndexSegments(refBytes, ShardVectors(vectors, runs, termInfos), () => inverted)));
            return;
        }

        var buffers = new ConcurrentBag<RawJson>(); // shared by the shards formatted one after another

        // Many shards: each worker takes a range of consecutive shards and writes them one by one,
        // each formatted on its own thread.
        var workers = Math.Min(Environment.ProcessorCount, shardCount);
        var failed = false;
        try
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                var (first, end) = (shardCount * w / workers, shardCount * (w + 1) / workers);
                var cursor = new RunCursor(this, termShards, shardCount, first);
                for (var shard = first; shard < end && !Volatile.Read(ref failed); shard++)
                {
                    var runs = cursor.Take(shard);
                    var inverted = InvertedIndexSegments(shardTerms[shard], lists, postings);
                    try
                    {
                        writeShard(shard, stream => WriteSequentially(stream, IndexSegments(refBytes, ShardVectors(vectors, runs, termInfos), () => inverted), buffers));
                    }
                    catch
                    {
                        Volatile.Write(ref failed, true);
                        throw;
                    }
                }
            });
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>Formats the segments one after another on this thread, writing about a megabyte at a time.</summary>
    private static void WriteSequentially(Stream stream, IEnumerable<Segment> segments, ConcurrentBag<RawJson> buffers)
    {
        var raw = buffers.TryTake(out var reused) ? reused : new RawJson(1 << 16);
        try
        {
            foreach (var segment in segments)
            {
                segment.After?.GetAwaiter().GetResult();
                segment.Format(raw);
                if (raw.Length >= 1 << 20)
                {
                    stream.Write(raw.Written);
                    raw.Clear();
                }
            }

            stream.Write(raw.Written);
            stream.Flush();
        }
        finally
        {
            raw.Clear();
            buffers.Add(raw);
        }
    }

    /// <summary>The file of every term.</summary>
    private ushort[] TermShards(ShardPlan plan)
    {
        var shards = new ushort[termTable.Count];
        for (var t = 0; t < shards.Length; t++)
        {
            shards[t] = (ushort)plan.FileOf(termTable[t]);
        }

        return shards;
    }

    /// <summary>The postings of each of <paramref name="shardCount"/> shards by first character (<see cref="IndexShards.ShardOf"/>).</summary>
    public long[] PostingsByShard(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var postings = termTable.PostingsByTerm();
        var byShard = new long[shardCount];
        for (var t = 0; t < postings.Length; t++)
        {
            byShard[IndexShards.ShardOf(termTable[t], shardCount)] += postings[t];
        }

        return byShard;
    }

    /// <summary>Sorts each field's entries by (shard, term), in place, on all cores.</summary>
    private void GroupEntriesByShard(ushort[] termShards, int shardCount)
    {
        var termBits = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Max(1, termTable.Count - 1));
        var partitions = Math.Max(1, Math.Min(Environment.ProcessorCount, fieldRefs.Count / 64));
        Parallel.For(0, partitions, p =>
        {
            var raw = new RawJson(16);
            var counts = new int[shardCount + 1];
            for (var i = (int)((long)fieldRefs.Count * p / partitions); i < (long)fieldRefs.Count * (p + 1) / partitions; i++)
            {
                var entries = Entries(fieldRefs[i]);
                var sorted = SortByTerm(entries, raw, termBits);

                // A stable counting sort by shard of the term-sorted entries.
                Array.Clear(counts);
                foreach (var entry in sorted)
                {
                    counts[termShards[(int)(entry >> 32)] + 1]++;
                }

                for (var s = 1; s <= shardCount; s++)
                {
                    counts[s] += counts[s - 1];
                }

                foreach (var entry in sorted)
                {
                    entries[counts[termShards[(int)(entry >> 32)]]++] = entry;
                }
            }
        });
    }

    /// <summary>The sorted terms of each shard, in the same order.</summary>
    private static ulong[][] SplitByShard(ulong[] sortedTerms, ushort[] termShards, int shardCount)
    {
        var counts = new int[shardCount];
        foreach (var key in sortedTerms)
        {
            counts[termShards[(int)(uint)key]]++;
        }

        var shards = new ulong[shardCount][];
        for (var s = 0; s < shardCount; s++)
        {
            shards[s] = new ulong[counts[s]];
            counts[s] = 0;
        }

        foreach (var key in sortedTerms)
        {
            var s = termShards[(int)(uint)key];
            shards[s][counts[s]++] = key;
        }

        return shards;
    }

    /// <summary>A field's entries of one shard: entries[Offset .. Offset + Count] of fieldRef FieldRef.</summary>
    private readonly record struct Run(int FieldRef, int Offset, int Count);

    /// <summary>
    /// The runs of each shard, taken in increasing shard order: <see cref="Take"/>(s) gives shard
    /// s's runs in fieldRef order, from per-fieldRef cursors that advance past them (each fieldRef's
    /// entries are sorted by shard). Which fieldRefs have entries in a shard is found for a batch of
    /// shards at a time, in one pass over the fieldRefs, so that a shard costs its own runs rather
    /// than a visit to every fieldRef (thousands of shards × tens of thousands of fieldRefs). Not
    /// thread-safe: each writer of a range of shards has its own.
    /// </summary>
    private sealed class RunCursor
    {
        private const int Batch = 256;

        private readonly LunrIndexBuilder builder;
        private readonly ushort[] termShards;
        private readonly int shardCount;
        private readonly int[] cursors;
        private readonly List<int>[] holders;
        private int batchStart = int.MinValue / 2;

        /// <summary>A cursor whose first <see cref="Take"/> is of shard <paramref name="first"/> or later.</summary>
        public RunCursor(LunrIndexBuilder builder, ushort[] termShards, int shardCount, int first)
        {
            this.builder = builder;
            this.termShards = termShards;
            this.shardCount = shardCount;
            holders = [.. Enumerable.Range(0, Math.Min(Batch, shardCount)).Select(_ => new List<int>())];
            cursors = new int[builder.fieldRefs.Count];
            if (first > 0)
            {
                // Each fieldRef's first entry of shard first or later (entries are sorted by shard).
                for (var i = 0; i < cursors.Length; i++)
                {
                    var entries = builder.Entries(builder.fieldRefs[i]);
                    var (lo, hi) = (0, entries.Length);
                    while (lo < hi)
                    {
                        var mid = (lo + hi) >>> 1;
                        if (termShards[(int)(entries[mid] >> 32)] < first)
                        {
                            lo = mid + 1;
                        }
                        else
                        {
                            hi = mid;
                        }
                    }

                    cursors[i] = lo;
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public List<Run> Take(int shard)
        {
            if (shard >= batchStart + Batch)
            {
                Fill(shard);
            }

            var runs = new List<Run>(holders[shard - batchStart].Count);
            foreach (var i in holders[shard - batchStart])
            {
                var entries = builder.Entries(builder.fieldRefs[i]);
                var start = cursors[i];
                var end = start;
                while (end < entries.Length && termShards[(int)(entries[end] >> 32)] == shard)
                {
                    end++;
                }

                runs.Add(new Run(i, start, end - start));
                cursors[i] = end;
            }

            return runs;
        }

        /// <summary>Which fieldRefs have entries in shards [first, first + Batch).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Fill(int first)
        {
            batchStart = first;
            foreach (var list in holders)
            {
                list.Clear();
            }

            var end = Math.Min(shardCount, first + Batch);
            for (var i = 0; i < cursors.Length; i++)
            {
                var entries = builder.Entries(builder.fieldRefs[i]);
                var previous = -1;
                for (var at = cursors[i]; at < entries.Length; at++)
                {
                    int s = termShards[(int)(entries[at] >> 32)];
                    if (s >= end)
                    {
                        break;
                    }

                    if (s != previous)
                    {
                        holders[s - first].Add(i);
                        previous = s;
                    }
                }
            }
        }
    }

    /// <summary>A shard's fieldVectors: its runs, in segments of about SegmentEntries entries.</summary>
    private IEnumerable<Segment> ShardVectors(FieldVectorFormatter vectors, List<Run> runs, Task<TermInfo[]> termInfos) =>
        VectorSegments(runs.Count, r => runs[r].Count).Select(range => new Segment(
            raw =>
            {
                for (var r = range.From; r < range.To; r++)
                {
                    var run = runs[r];
                    vectors.FormatVector(raw, run.FieldRef, Entries(fieldRefs[run.FieldRef]).Slice(run.Offset, run.Count), first: r == 0);
                }
            },
            termInfos));
}

/// <summary>Which shard of a term-sharded index (<see cref="LunrIndexBuilder.WriteShards"/>) holds a term.</summary>
public static class IndexShards
{
    /// <summary>The most shards an index can be split into.</summary>
    public const int MaxShards = 4096;

    /// <summary>
    /// The shard of <paramref name="term"/>: a hash of its first code point, so that every term
    /// beginning with a character (a Han character's bigrams, which a one-character query finds
    /// with a trailing wildcard) is in the same shard. theme/assets/js/tokenizer.js has the same
    /// function; tests/fixtures/search/shard-vectors.json holds both to it.
    /// </summary>
    public static int ShardOf(ReadOnlySpan<char> term, int shardCount)
    {
        if (shardCount <= 1 || term.IsEmpty)
        {
            return 0;
        }

        var codePoint = term.Length > 1 && char.IsSurrogatePair(term[0], term[1]) ? char.ConvertToUtf32(term[0], term[1]) : term[0];
        return (int)((((uint)codePoint * 0x9E3779B1u) >> 16) % (uint)shardCount);
    }

    /// <summary>
    /// The part of <paramref name="term"/> in a shard split into <paramref name="parts"/>: FNV-1a of
    /// its UTF-16 code units. theme/assets/js/tokenizer.js has the same function
    /// (tests/fixtures/search/part-vectors.json holds both to it).
    /// </summary>
    public static int PartOf(ReadOnlySpan<char> term, int parts)
    {
        if (parts <= 1)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var unit in term)
        {
            hash = (hash ^ unit) * 16777619u;
        }

        return (int)(hash % (uint)parts);
    }

    /// <summary>
    /// A shard count for an index of <paramref name="postings"/> postings: shards of about
    /// <paramref name="postingsPerShard"/> postings (one posting is ~40 bytes of JSON), at most
    /// <paramref name="maxShards"/> (and <see cref="MaxShards"/>).
    /// </summary>
    public static int CountFor(long postings, int postingsPerShard, int maxShards = MaxShards) =>
        (int)Math.Clamp((postings + postingsPerShard - 1) / Math.Max(1, postingsPerShard), 1, Math.Clamp(maxShards, 1, MaxShards));
}
