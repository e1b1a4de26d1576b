namespace Archive.Ingest.Rules;

/// <summary>A rules, departments or overrides file could not be used. Names the file and, when known, the line.</summary>
public sealed class RuleFileException : Exception
{
    public RuleFileException(string file, int? line, string problem, Exception? inner = null)
        : base(line is { } l ? $"{file}:{l}: {problem}" : $"{file}: {problem}", inner)
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public string File { get; }
    public int? Line { get; }
    public string Problem { get; }

    /// <summary>
    /// The value found wrong (a pattern, a level…) when the problem was found after reading, where
    /// YAML positions are gone: <see cref="YamlFiles.Locate{T}"/> finds its line in the file's text.
    /// </summary>
    public string? Value { get; init; }
}
