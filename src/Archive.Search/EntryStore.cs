namespace Archive.Search;

/// <summary>
/// Append-only storage of longs in 1M-element chunks: growing never copies or re-zeroes what is
/// stored (with 10⁷ entries, doubling one big array cost more than the rest of the indexing).
/// Each allocation is contiguous within one chunk.
/// </summary>
internal sealed class EntryStore
{
    private const int ChunkSize = 1 << 20;
    private readonly List<long[]> chunks = [];
    private int used;

    public Span<long> Allocate(int count, out int chunk, out int offset)
    {
        if (chunks.Count == 0 || used + count > chunks[^1].Length)
        {
            chunks.Add(new long[Math.Max(ChunkSize, count)]);
            used = 0;
        }

        chunk = chunks.Count - 1;
        offset = used;
        used += count;
        return chunks[chunk].AsSpan(offset, count);
    }

    public Span<long> Get(int chunk, int offset, int count) => chunks[chunk].AsSpan(offset, count);
}
