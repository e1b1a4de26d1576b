using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Archive.Site.Pipeline;

/// <summary>What the build knows of one file it produced: where, its hash and size, who made it, and (for pages) its links.</summary>
public sealed record OutputEntry(string Path, string Hash, long Size, string Step)
{
    /// <summary>Every href/src/action of the page (HTML pages that were rendered in this build).</summary>
    public ImmutableArray<string> Links { get; init; } = [];

    /// <summary>Every element id of the page, for #fragment links.</summary>
    public ImmutableArray<string> Ids { get; init; } = [];

    /// <summary>True when the page was rendered in this build (its links were read); false for reused files.</summary>
    public bool Rendered { get; init; }

    public bool IsHtml => Path.EndsWith(".html", StringComparison.Ordinal);
}

/// <summary>Where the bytes of the build's files go as soon as a step produces them.</summary>
public interface IOutputWriter
{
    /// <summary>Stores a new file's bytes (or, when they equal the published copy's, links to it).</summary>
    void Write(string path, ReadOnlySpan<byte> content, string hash);

    /// <summary>Stores a file known to equal the published copy at <paramref name="publishedPath"/>.</summary>
    void Reuse(string path, string publishedPath);

    /// <summary>
    /// Stores a large file written to a stream (never held in memory); its name may depend on its
    /// content hash (<paramref name="pathOf"/> gets the hash once the bytes are written).
    /// Returns the final path, hash and size.
    /// </summary>
    (string Path, string Hash, long Size) WriteStream(Func<string, string> pathOf, Action<Stream> write);
}

/// <summary>A write-only stream that hashes what passes through it (SHA-256) on the way to another stream.</summary>
public sealed class HashingStream(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Written { get; private set; }

    public string Hash() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Written;
    public override long Position { get => Written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        inner.Write(buffer);
        Written += buffer.Length;
    }

    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Keeps the files in memory (for tools and tests that do not publish).</summary>
public sealed class MemoryOutputWriter : IOutputWriter
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, byte[]> Files => _files;

    public void Write(string path, ReadOnlySpan<byte> content, string hash) => _files[path] = content.ToArray();

    public void Reuse(string path, string publishedPath) => _files[path] = File.ReadAllBytes(publishedPath);

    public (string Path, string Hash, long Size) WriteStream(Func<string, string> pathOf, Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        using (var hashing = new HashingStream(buffer))
        {
            write(hashing);
            var hash = hashing.Hash();
            var path = pathOf(hash);
            _files[path] = buffer.ToArray();
            return (path, hash, buffer.Length);
        }
    }
}

/// <summary>
/// The files a build produces, collected from all steps (thread-safe; a path may be written once).
/// Bytes are handed to the <see cref="IOutputWriter"/> at once and not kept: the build's memory does
/// not grow with the size of the site. Links of every rendered page are read as it is added, for the
/// link check.
/// </summary>
public sealed class OutputSet(IOutputWriter writer)
{
    private readonly ConcurrentDictionary<string, OutputEntry> _files = new(StringComparer.Ordinal);

    public void Add(string step, string path, ReadOnlySpan<byte> content) => Add(step, path, content, null);

    /// <summary>A page rendered as text: its links are read from the text (not decoded again from its bytes).</summary>
    public void AddText(string step, string path, string text) => Add(step, path, Encoding.UTF8.GetBytes(text), text);

    private void Add(string step, string path, ReadOnlySpan<byte> content, string? text)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var entry = new OutputEntry(path, hash, content.Length, step);
        if (entry.IsHtml)
        {
            var (links, ids) = text is null ? LinkExtractor.Read(content) : LinkExtractor.Read(text);
            entry = entry with { Links = links, Ids = ids, Rendered = true };
        }

        Claim(entry);
        writer.Write(path, content, hash);
    }

    /// <summary>A large file written straight to its destination; its name may depend on its hash.</summary>
    public string AddStreamed(string step, Func<string, string> pathOf, Action<Stream> write)
    {
        var (path, hash, size) = writer.WriteStream(pathOf, write);
        Claim(new OutputEntry(path, hash, size, step));
        return path;
    }

    /// <summary>A file identical to the published one (not rendered again).</summary>
    public void AddReused(string step, string path, string hash, long size, string publishedPath)
    {
        Claim(new OutputEntry(path, hash, size, step));
        writer.Reuse(path, publishedPath);
    }

    public bool Contains(string path) => _files.ContainsKey(path);

    public OutputEntry? Get(string path) => _files.GetValueOrDefault(path);

    /// <summary>All files in ordinal path order.</summary>
    public IReadOnlyList<OutputEntry> Files => [.. _files.Values.OrderBy(f => f.Path, StringComparer.Ordinal)];

    public int Count => _files.Count;

    private void Claim(OutputEntry entry)
    {
        if (!_files.TryAdd(entry.Path, entry))
        {
            throw new InvalidOperationException($"step {entry.Step} writes {entry.Path}, already written by step {_files[entry.Path].Step}");
        }
    }
}
