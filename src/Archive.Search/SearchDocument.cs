namespace Archive.Search;

/// <summary>
/// A document to index. <paramref name="Fields"/> maps field names to text; fields
/// missing from it index as empty, fields not in <see cref="LunrIndexOptions.Fields"/> are ignored
/// (as lunr does). <paramref name="Boost"/> is lunr's document boost (<c>builder.add(doc, { boost })</c>).
/// </summary>
public sealed record SearchDocument(string Ref, IReadOnlyDictionary<string, string> Fields, double Boost = 1);
