using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Archive.Search.Tests;

/// <summary>
/// The optimised writer (radix sorts, two-pass posting lists, parallel segments, packed refs,
/// huge-page arrays, prefetching term lookups) against a plain reference serializer written from
/// lunr.js 2.3.9's source, byte for byte, on corpora big enough to reach every path: ~10⁵ terms
/// (three radix passes, a hundred term buckets), dozens of entry chunks, dozens of segments, three fields with an array-index field name, refs that are array
/// indexes or not (Object.keys order), longer than 16 bytes, or escaped, and document boosts.
/// lunr-compat.test.js checks the same semantics against lunr.js itself on the real reports.
/// </summary>
public sealed class IndexWriterScaleTests
{
    private static readonly LunrIndexOptions ThreeFields = new()
    {
        Fields = [new("title", Boost: 10), new("body"), new("7", Boost: 2.5)],
    };

    private static readonly Lazy<List<SearchDocument>> Corpus = new(() => Generate(300, seed: 1, sizeChars: 1700));

    [Fact]
    public void Large_index_equals_the_reference_serialization()
    {
        var documents = Corpus.Value;
        var builder = new LunrIndexBuilder(ThreeFields, entryChunkSize: 10_000); // dozens of entry chunks
        builder.AddRange(documents);
        Assert.True(builder.TermCount > 70_000, $"{builder.TermCount} terms"); // > 2¹⁶: three radix passes

        var expected = ReferenceJson(ThreeFields, documents);
        var actual = builder.ToJson();
        if (expected != actual)
        {
            var at = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i]);
            Assert.Fail($"first difference at {at}: expected …{expected.Substring(Math.Max(0, at - 80), Math.Min(160, expected.Length - Math.Max(0, at - 80)))}…\n" +
                $"got …{actual.Substring(Math.Max(0, at - 80), Math.Min(160, actual.Length - Math.Max(0, at - 80)))}…");
        }
    }

    [Fact]
    public void Small_and_degenerate_indexes_equal_the_reference_serialization()
    {
        var random = new Random(9);
        var options = new[]
        {
            new LunrIndexOptions { Fields = [new("body")] },
            new LunrIndexOptions { Fields = [new("b"), new("a"), new("0"), new("10")], B = 0, K1 = 0 },
            new LunrIndexOptions { Fields = [new("title", 3), new("body")], B = 1, K1 = 2 },
        };
        foreach (var option in options)
        {
            foreach (var count in new[] { 0, 1, 2, 5, 40 })
            {
                var documents = Generate(count, seed: random.Next(), sizeChars: 300).Select(d => new SearchDocument(
                    d.Ref,
                    option.Fields.ToDictionary(f => f.Name, f =>
                    {
                        var text = d.Fields.Values.ElementAt(random.Next(d.Fields.Count));
                        return text[..random.Next(0, text.Length + 1)];
                    }),
                    d.Boost)).ToList();
                var builder = new LunrIndexBuilder(option);
                builder.AddRange(documents);
                Assert.Equal(ReferenceJson(option, documents), builder.ToJson());
            }
        }
    }

    [Fact]
    public void WriteTo_streams_in_chunks_and_writes_what_ToJson_returns()
    {
        var builder = new LunrIndexBuilder(ThreeFields);
        builder.AddRange(Corpus.Value);
        var stream = new RecordingStream();
        builder.WriteTo(stream);

        var json = builder.ToJson();
        Assert.Equal(json, Encoding.UTF8.GetString(stream.Bytes.ToArray()));
        Assert.True(stream.Writes > 20, $"{stream.Writes} writes");
        Assert.True(stream.LargestWrite < 8 << 20, $"largest write {stream.LargestWrite} bytes"); // never the whole index at once
        Assert.True(stream.Flushed);
    }

    [Fact]
    public void A_failing_stream_fails_WriteTo_and_the_builder_still_works()
    {
        var builder = new LunrIndexBuilder(ThreeFields);
        builder.AddRange(Corpus.Value.Take(300));
        var failing = new RecordingStream { FailAfterBytes = 100_000 };
        Assert.Throws<IOException>(() => builder.WriteTo(failing));

        var fresh = new LunrIndexBuilder(ThreeFields);
        fresh.AddRange(Corpus.Value.Take(300));
        Assert.Equal(fresh.ToJson(), builder.ToJson());
    }

    [Fact]
    public void Inverted_index_merges_short_and_long_terms_in_ordinal_order()
    {
        var builder = new LunrIndexBuilder(new LunrIndexOptions { Fields = [new("body")] });
        string[] words = ["abd", "a", "ab", "abc", "b", "aa", "zzzz", "1", "10", "100", "1000", "2", "20", "z", "za", "zab", "é", "éa", "中", "𠀀"];
        builder.Add(new SearchDocument("x", new Dictionary<string, string> { ["body"] = string.Join(' ', words) }));
        var terms = JsonDocument.Parse(builder.ToJson()).RootElement.GetProperty("invertedIndex").EnumerateArray().Select(t => t[0].GetString()!).ToArray();
        Assert.Equal(words.Order(StringComparer.Ordinal), terms);
    }

    /// <summary>
    /// Documents of recombined report sentences with a share of their Han characters replaced
    /// (many distinct bigrams), digits, Latin words, and assorted refs.
    /// </summary>
    private static List<SearchDocument> Generate(int count, int seed, int sizeChars = 1500)
    {
        var text = string.Concat(Directory.GetFiles(RepoPaths.Input, "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        var han = text.Where(c => c is >= '\u4E00' and <= '\u9FFF').ToArray();
        var random = new Random(seed);
        string Chunk(int length)
        {
            var start = random.Next(text.Length - length);
            var chars = text.ToCharArray(start, length);
            for (var i = 0; i < chars.Length; i++)
            {
                if (chars[i] is >= '\u4E00' and <= '\u9FFF' && random.Next(100) < 30)
                {
                    chars[i] = han[random.Next(han.Length)];
                }
            }

            return new string(chars) + (random.Next(4) == 0 ? $" SVIP{random.Next(100_000)} Hello 𠮷野家 <b>&amp;</b>" : "");
        }

        var documents = new List<SearchDocument>();
        for (var d = 0; d < count; d++)
        {
            var reference = (d % 7) switch
            {
                0 => $"/reports/{d}/#p{d % 13}",                              // a long piece (> 16 bytes)
                1 => $"doc-{d}",
                2 => $"</script>&{d}",                                        // escaped
                _ => (count - d).ToString(CultureInfo.InvariantCulture),       // array indexes, in descending order
            };
            var fields = new Dictionary<string, string> { ["title"] = Chunk(random.Next(5, 40)), ["body"] = Chunk(sizeChars) };
            if (d % 5 != 0)
            {
                fields["7"] = Chunk(random.Next(0, 100));
            }

            documents.Add(new SearchDocument(reference, fields, Boost: d % 11 == 0 ? 2.5 : 1));
        }

        return documents;
    }

    /// <summary>
    /// lunr.Builder#add, #createFieldVectors, #createTokenSet-less #build and lunr.Index#toJSON,
    /// transcribed plainly: dictionaries, string sorts, .NET's own number formatting.
    /// </summary>
    private static string ReferenceJson(LunrIndexOptions options, List<SearchDocument> documents)
    {
        // Object.keys order: array-index keys ascending, then insertion order.
        static List<string> KeyOrder(IEnumerable<string> keys) =>
        [
            .. keys.Where(k => JsSemantics.IsArrayIndex(k, out _)).OrderBy(k => uint.Parse(k, CultureInfo.InvariantCulture)),
            .. keys.Where(k => !JsSemantics.IsArrayIndex(k, out _)),
        ];

        var fields = KeyOrder(options.Fields.Select(f => f.Name)).Select(n => options.Fields.Single(f => f.Name == n)).ToList();
        var termIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var postings = new Dictionary<string, List<(string Field, string Ref)>>(StringComparer.Ordinal); // in add order
        var fieldTermFrequencies = new List<(string Field, SearchDocument Document, Dictionary<string, int> Tf, int Length)>();
        var fieldLengthSums = fields.ToDictionary(f => f.Name, _ => 0.0);
        foreach (var document in documents)
        {
            foreach (var field in fields)
            {
                document.Fields.TryGetValue(field.Name, out var text);
                var tokens = ChineseTokenizer.Tokenize(text);
                var tf = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var token in tokens)
                {
                    tf[token] = tf.GetValueOrDefault(token) + 1;
                    if (!termIndex.ContainsKey(token))
                    {
                        termIndex[token] = termIndex.Count;
                        postings[token] = [];
                    }

                    if (tf[token] == 1)
                    {
                        postings[token].Add((field.Name, document.Ref));
                    }
                }

                fieldTermFrequencies.Add((field.Name, document, tf, tokens.Count));
                fieldLengthSums[field.Name] += tokens.Count;
            }
        }

        var averages = fieldLengthSums.ToDictionary(p => p.Key, p => p.Value / documents.Count);
        var idf = postings.ToDictionary(p => p.Key, p =>
        {
            var documentsWithTerm = p.Value.Count; // summed over fields, as lunr.idf does
            var x = (documents.Count - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5);
            return Math.Log(1 + Math.Abs(x));
        });

        var (k1, b) = (options.K1, options.B);
        var refRank = KeyOrder(documents.Select(d => d.Ref)).Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i, StringComparer.Ordinal);
        var postingKeys = KeyOrder(["_index", .. fields.Select(f => f.Name)]);
        var boosts = fields.ToDictionary(f => f.Name, f => f.Boost);
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = RawJson.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "2.3.9");
            writer.WriteStartArray("fields");
            fields.ForEach(f => writer.WriteStringValue(f.Name));
            writer.WriteEndArray();
            writer.WriteStartArray("fieldVectors");
            foreach (var (field, document, tf, length) in fieldTermFrequencies)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(field + "/" + document.Ref);
                writer.WriteStartArray();
                var boost = boosts[field];
                foreach (var (term, frequency) in tf.OrderBy(p => termIndex[p.Key]))
                {
                    double tfd = frequency;
                    var score = idf[term] * ((k1 + 1) * tfd) / (k1 * (1 - b + b * (length / averages[field])) + tfd);
                    score *= boost;
                    score *= document.Boost;
                    var rounded = JsSemantics.Round(score * 1000) / 1000;
                    writer.WriteNumberValue(termIndex[term]);
                    writer.WriteRawValue(JsSemantics.NumberToString(rounded), skipInputValidation: true);
                }

                writer.WriteEndArray();
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("invertedIndex");
            foreach (var term in termIndex.Keys.Order(StringComparer.Ordinal))
            {
                writer.WriteStartArray();
                writer.WriteStringValue(term);
                writer.WriteStartObject();
                var byField = postings[term].ToLookup(p => p.Field, p => p.Ref);
                foreach (var key in postingKeys)
                {
                    if (key == "_index")
                    {
                        writer.WriteNumber("_index", termIndex[term]);
                        continue;
                    }

                    writer.WriteStartObject(key);
                    foreach (var reference in byField[key].OrderBy(r => refRank[r]))
                    {
                        writer.WriteStartObject(reference);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("pipeline");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed class RecordingStream : Stream
    {
        public MemoryStream Bytes { get; } = new();

        public int Writes { get; private set; }

        public int LargestWrite { get; private set; }

        public bool Flushed { get; private set; }

        public long FailAfterBytes { get; init; } = long.MaxValue;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Bytes.Length + buffer.Length > FailAfterBytes)
            {
                throw new IOException("disk full");
            }

            Writes++;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            Bytes.Write(buffer);
        }

        public override void Flush() => Flushed = true;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
