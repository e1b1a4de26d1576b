namespace Archive.Search;

/// <summary>An indexed field and its build-time boost (lunr's <c>builder.field(name, { boost })</c>).</summary>
public sealed record LunrField(string Name, double Boost = 1);

/// <summary>
/// Options of <see cref="LunrIndexBuilder"/>, mirroring lunr.Builder's configuration.
/// The index's pipeline and search pipeline are always empty: tokens are final as the
/// tokenizer produces them, on both sides.
/// </summary>
public sealed record LunrIndexOptions
{
    /// <summary>The fields to index, in the order given to <c>builder.field</c>.</summary>
    public IReadOnlyList<LunrField> Fields { get; init; } = [];

    /// <summary>BM25 field-length normalisation (lunr.Builder#b), 0 to 1.</summary>
    public double B { get; init; } = 0.75;

    /// <summary>BM25 term-frequency saturation (lunr.Builder#k1).</summary>
    public double K1 { get; init; } = 1.2;
}
