using System.Runtime.CompilerServices;

namespace Archive.Search;

/// <summary>
/// Append-only storage of longs in chunks (1M elements by default): growing never copies or re-zeroes what is
/// stored (with 10⁷ entries, doubling one big array cost more than the rest of the indexing).
/// Each allocation is contiguous within one chunk.
/// </summary>
internal sealed class EntryStore
{
    /// <summary>The default chunk size, 1M entries (8 MB).</summary>
    public const int DefaultChunkSize = 1 << 20;

    private readonly int chunkSize;
    private readonly List<long[]> chunks = [];
    private int used;

    public EntryStore(int chunkSize = DefaultChunkSize) => this.chunkSize = chunkSize;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Span<long> Allocate(int count, out int chunk, out int offset)
    {
        if (chunks.Count == 0 || used + count > chunks[^1].Length)
        {
            chunks.Add(LargeArrays.Uninitialized<long>(Math.Max(chunkSize, count))); // every element is written before it is read
            used = 0;
        }

        chunk = chunks.Count - 1;
        offset = used;
        used += count;
        return chunks[chunk].AsSpan(offset, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<long> Get(int chunk, int offset, int count) => chunks[chunk].AsSpan(offset, count);

    /// <summary>The array of chunk <paramref name="chunk"/>.</summary>
    public long[] Chunk(int chunk) => chunks[chunk];
}
