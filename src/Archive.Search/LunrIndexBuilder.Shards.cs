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
    /// terms and each vector's entries). <paramref name="writeShard"/> is called once per shard, in
    /// order, with the shard's number and a function that writes it to a stream.
    /// </summary>
    /// <remarks>
    /// Reorders each field's stored entries by (shard, term); the set of entries, and so every
    /// later <see cref="WriteTo"/>, is unchanged. Must not run concurrently with <see cref="Add"/>.
    /// </remarks>
    public void WriteShards(int shardCount, Action<int, Action<Stream>> writeShard)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shardCount, IndexShards.MaxShards);
        ArgumentNullException.ThrowIfNull(writeShard);

        var postings = termTable.PostingsByTerm();
        var termInfos = Task.Run(() => TermInfos(postings));
        var sortedTerms = Task.Run(termTable.SortedTerms);
        var termShards = TermShards(shardCount);

        // The posting lists read the entries: build them before the entries are reordered.
        var lists = BuildPostingLists(postings);
        GroupEntriesByShard(termShards, shardCount);
        var shardTerms = SplitByShard(sortedTerms.GetAwaiter().GetResult(), termShards, shardCount);

        var refBytes = new RefBytes(refs);
        var vectors = new FieldVectorFormatter(this, refBytes, termInfos);
        var cursors = new int[fieldRefs.Count]; // per fieldRef: its first entry of a shard not written yet
        for (var s = 0; s < shardCount; s++)
        {
            var runs = TakeRuns(cursors, termShards, s);
            var terms = shardTerms[s];
            var inverted = InvertedIndexSegments(terms, lists, postings);
            writeShard(s, stream => OrderedSegmentWriter.Write(stream, IndexSegments(refBytes, ShardVectors(vectors, runs, termInfos), () => inverted)));
        }
    }

    /// <summary>The shard of every term.</summary>
    private ushort[] TermShards(int shardCount)
    {
        var shards = new ushort[termTable.Count];
        for (var t = 0; t < shards.Length; t++)
        {
            shards[t] = (ushort)IndexShards.ShardOf(termTable[t], shardCount);
        }

        return shards;
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
    /// The runs of shard <paramref name="shard"/>, in fieldRef order, advancing each fieldRef's
    /// cursor past them (shards are taken in increasing order, as the entries are sorted).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<Run> TakeRuns(int[] cursors, ushort[] termShards, int shard)
    {
        var runs = new List<Run>();
        for (var i = 0; i < fieldRefs.Count; i++)
        {
            var entries = Entries(fieldRefs[i]);
            var start = cursors[i];
            var end = start;
            while (end < entries.Length && termShards[(int)(entries[end] >> 32)] == shard)
            {
                end++;
            }

            if (end > start)
            {
                runs.Add(new Run(i, start, end - start));
                cursors[i] = end;
            }
        }

        return runs;
    }

    /// <summary>A shard's fieldVectors: its runs, in segments of about SegmentEntries entries.</summary>
    private IEnumerable<Segment> ShardVectors(FieldVectorFormatter vectors, List<Run> runs, Task<TermInfo[]> termInfos)
    {
        for (var start = 0; start < runs.Count;)
        {
            var (from, count) = (start, 0);
            while (start < runs.Count && count < SegmentEntries)
            {
                count += runs[start++].Count + 8;
            }

            var to = start;
            yield return new Segment(
                raw =>
                {
                    for (var r = from; r < to; r++)
                    {
                        var run = runs[r];
                        vectors.FormatVector(raw, run.FieldRef, Entries(fieldRefs[run.FieldRef]).Slice(run.Offset, run.Count), first: r == 0);
                    }
                },
                termInfos);
        }
    }
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
    /// A shard count for an index of <paramref name="postings"/> postings: shards of about
    /// <paramref name="postingsPerShard"/> postings (one posting is ~20 bytes of JSON), at most
    /// <see cref="MaxShards"/>.
    /// </summary>
    public static int CountFor(long postings, int postingsPerShard) =>
        (int)Math.Clamp((postings + postingsPerShard - 1) / Math.Max(1, postingsPerShard), 1, MaxShards);
}
