using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Archive.Site.Pipeline;

/// <summary>
/// One file of the published site: its path under the output folder (forward slashes) and bytes.
/// A file the build did not need to render again (its inputs are unchanged) is <see cref="Reuse"/>d:
/// it points at the published copy, whose bytes are only read if someone asks for them.
/// </summary>
public sealed class OutputFile
{
    private ReadOnlyMemory<byte>? _content;
    private string? _hash;

    public OutputFile(string path, ReadOnlyMemory<byte> content)
    {
        Path = path;
        _content = content;
    }

    private OutputFile(string path, string hash, string publishedCopy)
    {
        Path = path;
        _hash = hash;
        ReusedFrom = publishedCopy;
    }

    public string Path { get; }

    /// <summary>The published file this one is identical to, when it was reused rather than rendered.</summary>
    public string? ReusedFrom { get; }

    public bool IsReused => ReusedFrom is not null;

    public ReadOnlyMemory<byte> Content => _content ??= File.ReadAllBytes(ReusedFrom!);

    /// <summary>SHA-256 of the content, hex.</summary>
    public string Hash => _hash ??= Convert.ToHexStringLower(SHA256.HashData(Content.Span));

    public bool IsHtml => Path.EndsWith(".html", StringComparison.Ordinal);

    public static OutputFile Text(string path, string text) => new(path, Encoding.UTF8.GetBytes(text));

    /// <summary>A file known to equal the published <paramref name="publishedCopy"/> (whose hash is <paramref name="hash"/>).</summary>
    public static OutputFile Reuse(string path, string hash, string publishedCopy) => new(path, hash, publishedCopy);
}

/// <summary>The files a build produces, collected from all steps. Thread-safe; a path may be written once.</summary>
public sealed class OutputSet
{
    private readonly ConcurrentDictionary<string, (OutputFile File, string Step)> _files = new(StringComparer.Ordinal);

    public void Add(string step, OutputFile file)
    {
        if (!_files.TryAdd(file.Path, (file, step)))
        {
            throw new InvalidOperationException($"step {step} writes {file.Path}, already written by step {_files[file.Path].Step}");
        }
    }

    public bool Contains(string path) => _files.ContainsKey(path);

    public OutputFile? Get(string path) => _files.TryGetValue(path, out var f) ? f.File : null;

    /// <summary>All files in ordinal path order.</summary>
    public IReadOnlyList<OutputFile> Files => [.. _files.Values.Select(v => v.File).OrderBy(f => f.Path, StringComparer.Ordinal)];

    public int Count => _files.Count;
}
