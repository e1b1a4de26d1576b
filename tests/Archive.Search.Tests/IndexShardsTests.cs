using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Archive.Search.Tests;

/// <summary>The index split by term (LunrIndexBuilder.WriteShards) and the term → shard function.</summary>
public sealed class IndexShardsTests
{
    private static readonly LunrIndexOptions Options = new() { Fields = [new("title", Boost: 10), new("body", 1)] };

    public static TheoryData<string, int, int> SharedVectors() => Vectors("shard-vectors.json", "count", "shard");

    public static TheoryData<string, int, int> SharedPartVectors() => Vectors("part-vectors.json", "parts", "part");

    [Theory]
    [MemberData(nameof(SharedVectors))]
    public void ShardOf_matches_the_vectors_shared_with_tokenizer_js(string term, int count, int shard) =>
        Assert.Equal(shard, IndexShards.ShardOf(term, count));

    [Theory]
    [MemberData(nameof(SharedPartVectors))]
    public void PartOf_matches_the_vectors_shared_with_tokenizer_js(string term, int parts, int part) =>
        Assert.Equal(part, IndexShards.PartOf(term, parts));

    [Fact]
    public void A_plan_splits_only_the_heavy_shards_and_numbers_files_shard_by_shard()
    {
        var plan = ShardPlan.Split([10, 500, 30, 100, 1000], splitAbove: 100, partPostings: 200);

        Assert.Equal(5, plan.Primary);
        Assert.Equal([1, 3, 1, 1, 5], Enumerable.Range(0, 5).Select(plan.PartsOf));
        Assert.Equal(11, plan.FileCount);
        Assert.Equal([(0, 0), (1, 0), (1, 1), (1, 2), (2, 0), (3, 0), (4, 0), (4, 4)],
            new[] { 0, 1, 2, 3, 4, 5, 6, 10 }.Select(plan.Describe));
        Assert.Equal(["0", "1-0", "1-2", "2", "4-4"], new[] { 0, 1, 3, 4, 10 }.Select(plan.KeyOf));
        Assert.Equal(16, ShardPlan.Split([long.MaxValue / 2], 1, 1).PartsOf(0)); // at most MaxParts
        Assert.Equal(Enumerable.Repeat(1, 4), Enumerable.Range(0, 4).Select(ShardPlan.Uniform(4).PartsOf));

        // A term's file is its shard's, or its part of a split shard.
        foreach (var term in new[] { "党建", "党", "林长", "长制", "gdp", "𠮷野" })
        {
            var (shard, part) = plan.Describe(plan.FileOf(term));
            Assert.Equal(IndexShards.ShardOf(term, 5), shard);
            Assert.Equal(IndexShards.PartOf(term, plan.PartsOf(shard)), part);
        }
    }

    [Fact]
    public void Terms_that_begin_with_the_same_character_share_a_shard_and_shards_spread()
    {
        var seen = new HashSet<int>();
        for (var c = 0x4E00; c < 0x4E00 + 2000; c += 7)
        {
            var first = ((char)c).ToString();
            var shard = IndexShards.ShardOf(first, 64);
            Assert.InRange(shard, 0, 63);
            Assert.Equal(shard, IndexShards.ShardOf(first + "建", 64));
            Assert.Equal(shard, IndexShards.ShardOf(first + "x", 64));
            seen.Add(shard);
        }

        Assert.Equal(64, seen.Count);
        Assert.Equal(IndexShards.ShardOf("𠮷", 64), IndexShards.ShardOf("𠮷野", 64));
        Assert.Equal(0, IndexShards.ShardOf("党建", 1));
    }

    [Theory]
    [InlineData(0, 1000, 99, 1)]
    [InlineData(1000, 1000, 99, 1)]
    [InlineData(1001, 1000, 99, 2)]
    [InlineData(1_000_000, 1000, 99, 99)]
    [InlineData(long.MaxValue / 2, 1000, int.MaxValue, IndexShards.MaxShards)]
    public void Shard_count_follows_the_postings_within_the_limit(long postings, int perShard, int max, int expected) =>
        Assert.Equal(expected, IndexShards.CountFor(postings, perShard, max));

    [Fact]
    public void One_shard_is_the_whole_index_less_the_vectors_of_fields_without_terms()
    {
        var builder = Realistic();
        var whole = JsonNode.Parse(builder.ToJson())!;
        var vectors = whole["fieldVectors"]!.AsArray();
        var empty = vectors.Where(v => v![1]!.AsArray().Count == 0).ToList();
        Assert.NotEmpty(empty); // the realistic documents include fields without terms
        foreach (var v in empty)
        {
            vectors.Remove(v);
        }

        Assert.Equal(whole.ToJsonString(), JsonNode.Parse(Assert.Single(Shards(builder, 1)))!.ToJsonString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Shards_hold_their_terms_only_and_together_make_the_whole_index(bool split)
    {
        var builder = Realistic();
        var whole = JsonNode.Parse(builder.ToJson())!;
        var byShard = builder.PostingsByShard(13);
        var plan = split ? ShardPlan.Split(byShard, splitAbove: byShard.Order().ElementAt(6), partPostings: Math.Max(1, byShard.Order().ElementAt(6) / 3)) : ShardPlan.Uniform(13);
        Assert.Equal(split, plan.FileCount > 13);
        var count = plan.FileCount;
        var shards = Shards(builder, plan).Select(s => JsonNode.Parse(s)!).ToList();

        var terms = new List<JsonNode>();
        var vectors = new Dictionary<string, List<(int Term, double Score)>>(StringComparer.Ordinal);
        for (var s = 0; s < count; s++)
        {
            Assert.Equal(whole["version"]!.ToJsonString(), shards[s]["version"]!.ToJsonString());
            Assert.Equal(whole["fields"]!.ToJsonString(), shards[s]["fields"]!.ToJsonString());
            Assert.Equal("[]", shards[s]["pipeline"]!.ToJsonString());
            var termIndexes = new HashSet<int>();
            foreach (var entry in shards[s]["invertedIndex"]!.AsArray())
            {
                Assert.Equal(s, plan.FileOf(entry![0]!.GetValue<string>()));
                termIndexes.Add(entry[1]!["_index"]!.GetValue<int>());
                terms.Add(entry);
            }

            foreach (var vector in shards[s]["fieldVectors"]!.AsArray())
            {
                var elements = vector![1]!.AsArray().Select(e => e!.GetValue<double>()).ToList();
                Assert.NotEmpty(elements); // a field without terms in the shard is left out
                var list = vectors.TryGetValue(vector[0]!.GetValue<string>(), out var l) ? l : vectors[vector[0]!.GetValue<string>()] = [];
                for (var i = 0; i < elements.Count; i += 2)
                {
                    Assert.Contains((int)elements[i], termIndexes);
                    Assert.True(i == 0 || elements[i] > elements[i - 2], "entries sorted by term index");
                    list.Add(((int)elements[i], elements[i + 1]));
                }
            }
        }

        // The terms of all shards, sorted, are the whole index's invertedIndex.
        var merged = terms.Select(t => t.ToJsonString()).Order(StringComparer.Ordinal).ToList();
        var expected = whole["invertedIndex"]!.AsArray().Select(t => t!.ToJsonString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, merged);

        // Every vector's entries, from all shards, are the whole index's (empty vectors excepted).
        foreach (var vector in whole["fieldVectors"]!.AsArray())
        {
            var elements = vector![1]!.AsArray().Select(e => e!.GetValue<double>()).ToList();
            var pairs = Enumerable.Range(0, elements.Count / 2).Select(i => ((int)elements[2 * i], elements[(2 * i) + 1])).ToList();
            var fromShards = vectors.TryGetValue(vector[0]!.GetValue<string>(), out var l) ? [.. l.OrderBy(p => p.Term)] : new List<(int, double)>();
            Assert.Equal(pairs, fromShards);
        }
    }

    [Fact]
    public void Writing_shards_leaves_the_whole_index_unchanged_and_can_be_repeated()
    {
        var builder = Realistic();
        var before = builder.ToJson();
        var first = Shards(builder, 5);
        Assert.Equal(before, builder.ToJson());
        Assert.Equal(first, Shards(builder, 5));
    }

    [Fact]
    public void Shards_of_an_empty_index_are_empty_lunr_indexes()
    {
        var builder = new LunrIndexBuilder(Options);
        var shards = Shards(builder, 3);
        Assert.All(shards, s => Assert.Equal("{\"version\":\"2.3.9\",\"fields\":[\"title\",\"body\"],\"fieldVectors\":[],\"invertedIndex\":[],\"pipeline\":[]}", s));
    }

    [Fact]
    public void A_failing_shard_writer_fails_the_whole_write()
    {
        var builder = Realistic();
        var e = Assert.Throws<IOException>(() => builder.WriteShards(9, (s, write) =>
        {
            if (s == 4)
            {
                throw new IOException("disk full");
            }

            write(Stream.Null);
        }));
        Assert.Equal("disk full", e.Message);
    }

    [Fact]
    public void Shard_counts_out_of_range_are_refused()
    {
        var builder = new LunrIndexBuilder(Options);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.WriteShards(0, (_, _) => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.WriteShards(IndexShards.MaxShards + 1, (_, _) => { }));
    }

    /// <summary>The vectors of tests/fixtures/search/<paramref name="file"/> shared with tokenizer.js: (term, <paramref name="count"/>, <paramref name="result"/>).</summary>
    private static TheoryData<string, int, int> Vectors(string file, string count, string result)
    {
        var json = File.ReadAllText(RepoPaths.Get("tests", "fixtures", "search", file));
        var data = new TheoryData<string, int, int>();
        foreach (var v in JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            data.Add(v.GetProperty("term").GetString()!, v.GetProperty(count).GetInt32(), v.GetProperty(result).GetInt32());
        }

        return data;
    }

    private static LunrIndexBuilder Realistic()
    {
        var builder = new LunrIndexBuilder(Options);
        builder.AddRange(LunrCompatibilityTests.RealisticDocuments());
        return builder;
    }

    private static List<string> Shards(LunrIndexBuilder builder, int count) => Shards(builder, ShardPlan.Uniform(count));

    private static List<string> Shards(LunrIndexBuilder builder, ShardPlan plan)
    {
        var count = plan.FileCount;
        var shards = new string[count];
        var calls = new System.Collections.Concurrent.ConcurrentBag<int>();
        builder.WriteShards(plan, (s, write) =>
        {
            calls.Add(s);
            using var stream = new MemoryStream();
            write(stream);
            shards[s] = Encoding.UTF8.GetString(stream.ToArray());
        });
        Assert.Equal(Enumerable.Range(0, count), calls.Order());
        return [.. shards];
    }
}
