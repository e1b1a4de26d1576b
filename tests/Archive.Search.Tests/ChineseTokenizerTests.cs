using System.Text.Json;

namespace Archive.Search.Tests;

public sealed class ChineseTokenizerTests
{
    public sealed record Vector(string Text, string[] Tokens);

    public static TheoryData<string, string[]> SharedVectors()
    {
        var json = File.ReadAllText(RepoPaths.Get("tests", "fixtures", "search", "tokenizer-vectors.json"));
        var vectors = JsonSerializer.Deserialize<Vector[]>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        var data = new TheoryData<string, string[]>();
        foreach (var v in vectors)
        {
            data.Add(v.Text, v.Tokens);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SharedVectors))]
    public void Tokenize_matches_the_vectors_shared_with_tokenizer_js(string text, string[] expected)
    {
        Assert.Equal(expected, ChineseTokenizer.Tokenize(text));
    }

    [Fact]
    public void Shared_vectors_cover_at_least_25_cases()
    {
        Assert.True(SharedVectors().Count >= 25);
    }

    [Theory]
    [InlineData("A\uD800B", new[] { "a", "b" })]        // lone high surrogate
    [InlineData("中\uDC00国", new[] { "中", "国" })]     // lone low surrogate (tokenizer.test.js has both too)
    public void Lone_surrogates_separate_runs(string text, string[] expected)
    {
        Assert.Equal(expected, ChineseTokenizer.Tokenize(text));
    }

    [Fact]
    public void Null_text_has_no_tokens()
    {
        Assert.Empty(ChineseTokenizer.Tokenize(null));
    }

    [Fact]
    public void Streaming_variant_yields_the_same_tokens()
    {
        const string text = "２０２３年第三季度，SVIP2023会员𠮷野家";
        var streamed = new List<string>();
        ChineseTokenizer.Tokenize(text, token => streamed.Add(token.ToString()));
        Assert.Equal(ChineseTokenizer.Tokenize(text), streamed);
    }

    [Fact]
    public void Long_words_grow_the_scratch_buffer()
    {
        var word = string.Concat(Enumerable.Repeat("ＡbC", 200));
        Assert.Equal([word.Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant()], ChineseTokenizer.Tokenize(word));
    }

    [Theory]
    [InlineData(0x3007, true)]
    [InlineData(0x4E00, true)]
    [InlineData(0x9FFF, true)]
    [InlineData(0x20000, true)]
    [InlineData(0x2FA1F, true)]
    [InlineData(0x3006, false)]
    [InlineData(0x3041, false)]  // hiragana
    [InlineData(0xFF21, false)]  // full-width A
    public void IsHan_uses_explicit_ranges(int codePoint, bool expected)
    {
        Assert.Equal(expected, ChineseTokenizer.IsHan(codePoint));
    }
}
