namespace Archive.Search;

/// <summary>
/// How a term-sharded index (<see cref="LunrIndexBuilder.WriteShards(ShardPlan, Action{int, Action{Stream}})"/>)
/// is laid out in files: <see cref="Primary"/> shards by first character (<see cref="IndexShards.ShardOf"/>),
/// and a shard too heavy for one file split into parts by a hash of the whole term
/// (<see cref="IndexShards.PartOf"/>). A query for a term reads one file; a one-character prefix query
/// reads every part of that character's shard. Files are numbered shard by shard, parts in order.
/// </summary>
public sealed class ShardPlan
{
    /// <summary>The most parts a shard is split into.</summary>
    public const int MaxParts = 16;

    private readonly int[] parts;
    private readonly int[] offsets;

    private ShardPlan(int[] parts)
    {
        this.parts = parts;
        offsets = new int[parts.Length + 1];
        for (var s = 0; s < parts.Length; s++)
        {
            offsets[s + 1] = offsets[s] + parts[s];
        }
    }

    /// <summary>Shards by first character.</summary>
    public int Primary => parts.Length;

    /// <summary>Files in all.</summary>
    public int FileCount => offsets[^1];

    /// <summary>The number of parts shard <paramref name="shard"/> is split into (1: not split).</summary>
    public int PartsOf(int shard) => parts[shard];

    /// <summary><paramref name="shardCount"/> shards, none split.</summary>
    public static ShardPlan Uniform(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shardCount, IndexShards.MaxShards);
        return new ShardPlan([.. Enumerable.Repeat(1, shardCount)]);
    }

    /// <summary>
    /// The shards of <paramref name="postingsByShard"/> (postings per shard, <see cref="LunrIndexBuilder.PostingsByShard"/>),
    /// each one holding more than <paramref name="splitAbove"/> postings split into parts of about
    /// <paramref name="partPostings"/> (at most <see cref="MaxParts"/>).
    /// </summary>
    public static ShardPlan Split(IReadOnlyList<long> postingsByShard, long splitAbove, long partPostings)
    {
        ArgumentNullException.ThrowIfNull(postingsByShard);
        ArgumentOutOfRangeException.ThrowIfLessThan(postingsByShard.Count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(postingsByShard.Count, IndexShards.MaxShards);
        ArgumentOutOfRangeException.ThrowIfLessThan(partPostings, 1);
        return new ShardPlan([.. postingsByShard.Select(p => p <= splitAbove ? 1 : (int)Math.Clamp((p + partPostings - 1) / partPostings, 1, MaxParts))]);
    }

    /// <summary>The file that holds <paramref name="term"/>.</summary>
    public int FileOf(ReadOnlySpan<char> term)
    {
        var shard = IndexShards.ShardOf(term, Primary);
        return offsets[shard] + (parts[shard] > 1 ? IndexShards.PartOf(term, parts[shard]) : 0);
    }

    /// <summary>The name of file <paramref name="file"/> in the layout: "shard", or "shard-part" for a part of a split shard.</summary>
    public string KeyOf(int file)
    {
        var (shard, part) = Describe(file);
        return parts[shard] > 1 ? $"{shard}-{part}" : $"{shard}";
    }

    /// <summary>The shard and part that file <paramref name="file"/> is.</summary>
    public (int Shard, int Part) Describe(int file)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(file);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(file, FileCount);
        var shard = Array.BinarySearch(offsets, 0, parts.Length, file); // offsets strictly increase: every shard has a part
        shard = shard >= 0 ? shard : ~shard - 1;
        return (shard, file - offsets[shard]);
    }
}
