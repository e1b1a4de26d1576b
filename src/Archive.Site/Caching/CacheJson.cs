using System.Text.Json;
using System.Text.Json.Serialization;
using Archive.Ingest;

namespace Archive.Site.Caching;

/// <summary>What the cache remembers of one input file: how it read, or why it was skipped.</summary>
public sealed record CachedFile(FileResult? Result, SkippedFile? Skipped);

/// <summary>What the cache remembers of one input file's identity, to avoid hashing it again.</summary>
public sealed record InputStamp(long Size, long Ticks, string Sha256);

/// <summary>The state of the last successful build.</summary>
public sealed record BuildState(
    string ToolVersion,
    string Fingerprint,
    Dictionary<string, InputStamp> Inputs,
    Dictionary<string, string> PageKeys,
    Dictionary<string, string> Reports);

/// <summary>
/// Source-generated JSON for the cache (fast, and checked at compile time). Chinese text is written as
/// UTF-8, not as \u escapes, which would triple its size: the cache is never embedded in a page.
/// </summary>
internal static class CacheJson
{
    public static CacheJsonContext Context { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CachedFile))]
[JsonSerializable(typeof(BuildState))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
