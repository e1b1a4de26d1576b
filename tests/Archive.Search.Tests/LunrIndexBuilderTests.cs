using System.Text.Json;

namespace Archive.Search.Tests;

public sealed class LunrIndexBuilderTests
{
    private static readonly LunrIndexOptions BodyOnly = new() { Fields = [new("body")] };

    private static SearchDocument Doc(string reference, string body) =>
        new(reference, new Dictionary<string, string> { ["body"] = body });

    private static JsonElement Build(LunrIndexOptions options, params SearchDocument[] documents)
    {
        var builder = new LunrIndexBuilder(options);
        builder.AddRange(documents);
        return JsonDocument.Parse(builder.ToJson()).RootElement;
    }

    private static double[] Vector(JsonElement index, string fieldRef) =>
        [.. index.GetProperty("fieldVectors").EnumerateArray()
            .Single(v => v[0].GetString() == fieldRef)[1].EnumerateArray().Select(e => e.GetDouble())];

    private static string[] Terms(JsonElement index) =>
        [.. index.GetProperty("invertedIndex").EnumerateArray().Select(t => t[0].GetString()!)];

    [Fact]
    public void Writes_the_lunr_envelope_with_an_empty_pipeline()
    {
        var index = Build(new LunrIndexOptions { Fields = [new("title", Boost: 10), new("body")] }, Doc("a", "x"));

        Assert.Equal(["version", "fields", "fieldVectors", "invertedIndex", "pipeline"],
            index.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2.3.9", index.GetProperty("version").GetString());
        Assert.Equal(["title", "body"], index.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(0, index.GetProperty("pipeline").GetArrayLength());
    }

    [Fact]
    public void Scores_are_bm25_as_lunr_computes_them()
    {
        // Hand-computed (k1 = 1.2, b = 0.75). Field lengths 2 and 3, average 2.5.
        // idf(apple)  = ln(1 + |(2 - 2 + 0.5) / (2 + 0.5)|) = ln 1.2 = 0.18232…
        // idf(banana) = idf(cherry) = ln(1 + (2 - 1 + 0.5) / (1 + 0.5)) = ln 2 = 0.69315…
        // a: norm = 1.2 * (0.25 + 0.75 * 2 / 2.5) = 1.02
        //    apple  0.18232 * 2.2 * 1 / (1.02 + 1) = 0.19857 → 0.199
        //    banana 0.69315 * 2.2 * 1 / (1.02 + 1) = 0.75491 → 0.755
        // b: norm = 1.2 * (0.25 + 0.75 * 3 / 2.5) = 1.38
        //    apple  0.18232 * 2.2 * 2 / (1.38 + 2) = 0.23734 → 0.237
        //    cherry 0.69315 * 2.2 * 1 / (1.38 + 1) = 0.64072 → 0.641
        // Term indexes in order of first appearance: apple 0, banana 1, cherry 2.
        var index = Build(BodyOnly, Doc("a", "apple banana"), Doc("b", "apple apple cherry"));

        Assert.Equal([0, 0.199, 1, 0.755], Vector(index, "body/a"));
        Assert.Equal([0, 0.237, 2, 0.641], Vector(index, "body/b"));
    }

    [Fact]
    public void Field_and_document_boosts_multiply_the_score()
    {
        // One document with "apple" in both fields: documentsWithTerm = 2 > documentCount = 1,
        // so lunr.idf's |x| matters: ln(1 + |(1 - 2 + 0.5) / 2.5|) = ln 1.2 = 0.18232.
        // Each field has length 1 = its average, so the tf part is 2.2 / 2.2 = 1.
        // title: 0.18232 * 10 (field boost) * 2 (document boost) = 3.6464 → 3.646
        // body:  0.18232 * 1 * 2 = 0.36464 → 0.365
        var options = new LunrIndexOptions { Fields = [new("title", Boost: 10), new("body", 1)] };
        var document = new SearchDocument("d", new Dictionary<string, string> { ["title"] = "Apple", ["body"] = "apple" }, Boost: 2);
        var index = Build(options, document);

        Assert.Equal([0, 3.646], Vector(index, "title/d"));
        Assert.Equal([0, 0.365], Vector(index, "body/d"));
    }

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(1.5, 2)]
    [InlineData(2.5, 3)]            // Math.Round would give 2 (banker's rounding)
    [InlineData(-2.5, -2)]          // ties go towards +∞
    [InlineData(0.49999999999999994, 0)]
    [InlineData(1234.4999, 1234)]
    public void Rounding_is_javascript_math_round(double value, double expected)
    {
        Assert.Equal(expected, JsSemantics.Round(value));
    }

    [Fact]
    public void Inverted_index_is_sorted_by_utf16_code_units()
    {
        // 𠀀 (U+20000) is stored as D840 DC00, so it sorts before 﨑 (U+FA11) as JS sort() does,
        // although its code point is larger; digits before letters before Han, no culture rules.
        var index = Build(BodyOnly, Doc("a", "﨑 𠀀 中 b a 10 9 z"));

        Assert.Equal(["10", "9", "a", "b", "z", "中", "𠀀", "﨑"], Terms(index));
    }

    [Fact]
    public void Term_indexes_follow_first_appearance_across_documents_and_fields()
    {
        var options = new LunrIndexOptions { Fields = [new("title"), new("body")] };
        var index = Build(options,
            new SearchDocument("1", new Dictionary<string, string> { ["title"] = "zeta", ["body"] = "alpha zeta" }),
            new SearchDocument("2", new Dictionary<string, string> { ["body"] = "beta alpha" }));

        var termIndexes = index.GetProperty("invertedIndex").EnumerateArray()
            .ToDictionary(t => t[0].GetString()!, t => t[1].GetProperty("_index").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["zeta"] = 0, ["alpha"] = 1, ["beta"] = 2 }, termIndexes);
    }

    [Fact]
    public void Posting_refs_are_in_javascript_object_key_order()
    {
        // Object.keys lists array-index keys ("2", "10") first by value, then others by insertion.
        var index = Build(BodyOnly, Doc("b", "x"), Doc("10", "x"), Doc("2", "x"), Doc("a", "x"), Doc("01", "x"));

        var posting = index.GetProperty("invertedIndex")[0][1];
        Assert.Equal(["_index", "body"], posting.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["2", "10", "b", "a", "01"], posting.GetProperty("body").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Field_vectors_follow_document_then_field_order()
    {
        var options = new LunrIndexOptions { Fields = [new("title"), new("body")] };
        var index = Build(options, Doc("z/1", "x"), Doc("a", ""));

        Assert.Equal(["title/z/1", "body/z/1", "title/a", "body/a"],
            index.GetProperty("fieldVectors").EnumerateArray().Select(v => v[0].GetString()));
    }

    [Fact]
    public void Html_sensitive_text_is_escaped_in_the_json()
    {
        const string hostile = "</script><script>alert('x')</script>&amp;<!--";
        var builder = new LunrIndexBuilder(BodyOnly);
        builder.Add(Doc(hostile, hostile + " 中文"));
        var json = builder.ToJson();

        Assert.DoesNotContain("<", json);
        Assert.DoesNotContain(">", json);
        Assert.DoesNotContain("&", json);
        Assert.Contains("中文", json); // CJK stays readable (and half the size of \uXXXX)
        var posting = JsonDocument.Parse(json).RootElement.GetProperty("invertedIndex")[0][1].GetProperty("body");
        Assert.Equal(hostile, posting.EnumerateObject().Single().Name);
    }

    [Fact]
    public void WriteTo_can_be_repeated_and_continued()
    {
        var builder = new LunrIndexBuilder(BodyOnly);
        builder.Add(Doc("a", "apple banana"));
        var first = builder.ToJson();
        Assert.Equal(first, builder.ToJson());

        builder.Add(Doc("b", "apple apple cherry"));
        var fresh = new LunrIndexBuilder(BodyOnly);
        fresh.AddRange([Doc("a", "apple banana"), Doc("b", "apple apple cherry")]);
        Assert.Equal(fresh.ToJson(), builder.ToJson());
    }

    [Fact]
    public void Duplicate_refs_are_rejected()
    {
        var builder = new LunrIndexBuilder(BodyOnly);
        builder.Add(Doc("a", "x"));
        Assert.Throws<ArgumentException>(() => builder.Add(Doc("a", "y")));
    }

    [Fact]
    public void Refs_that_are_not_valid_utf16_are_rejected()
    {
        var builder = new LunrIndexBuilder(BodyOnly);
        Assert.Throws<ArgumentException>(() => builder.Add(Doc("a\uD800", "x")));
        builder.Add(Doc("𠮷", "x")); // a surrogate pair is fine
    }

    [Fact]
    public void An_index_without_documents_is_still_loadable()
    {
        var index = Build(BodyOnly);
        Assert.Equal(0, index.GetProperty("fieldVectors").GetArrayLength());
        Assert.Equal(0, index.GetProperty("invertedIndex").GetArrayLength());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("_index")]
    [InlineData("constructor")]
    [InlineData("")]
    public void Field_names_lunr_cannot_handle_are_rejected(string name)
    {
        Assert.Throws<ArgumentException>(() => new LunrIndexBuilder(new LunrIndexOptions { Fields = [new(name)] }));
    }

    [Fact]
    public void Invalid_boosts_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new LunrIndexBuilder(new LunrIndexOptions { Fields = [new("body", 0)] }));
        var builder = new LunrIndexBuilder(BodyOnly);
        Assert.Throws<ArgumentException>(() => builder.Add(new SearchDocument("a", new Dictionary<string, string>(), double.NaN)));
    }
}
