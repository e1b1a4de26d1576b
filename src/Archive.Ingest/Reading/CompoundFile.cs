using System.Buffers.Binary;
using System.Text;

namespace Archive.Ingest.Reading;

/// <summary>
/// The streams at the top of an OLE compound file ([MS-CFB]), the container of Word 97–2003 (.doc),
/// WPS and other old Office files: a small FAT file system of 512- or 4,096-byte sectors, with streams
/// under 4 KB kept in 64-byte mini sectors. Read-only, all in memory; a damaged structure (a chain that
/// loops or leaves the file, a stream longer than its chain) throws <see cref="InvalidDataException"/>.
/// </summary>
public sealed class CompoundFile
{
    private const uint EndOfChain = 0xFFFFFFFE;
    private const int DirectoryEntrySize = 128;
    private const uint NoStream = 0xFFFFFFFF;

    private static ReadOnlySpan<byte> Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private readonly byte[] _bytes;
    private readonly int _sectorSize;
    private readonly uint[] _fat;
    private readonly uint[] _miniFat;
    private readonly byte[] _miniStream;
    private readonly uint _miniCutoff;
    private readonly Dictionary<string, (uint Start, long Size)> _streams = new(StringComparer.OrdinalIgnoreCase);

    private CompoundFile(byte[] bytes)
    {
        _bytes = bytes;
        var header = bytes.AsSpan();
        var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(header[0x1E..]);
        var miniShift = BinaryPrimitives.ReadUInt16LittleEndian(header[0x20..]);
        if (sectorShift is not (9 or 12) || miniShift != 6)
        {
            throw new InvalidDataException($"unknown sector sizes (2^{sectorShift}, 2^{miniShift})");
        }

        _sectorSize = 1 << sectorShift;
        _miniCutoff = BinaryPrimitives.ReadUInt32LittleEndian(header[0x38..]);

        // The FAT's own sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
        var fatSectors = new List<uint>();
        for (var i = 0; i < 109; i++)
        {
            var s = BinaryPrimitives.ReadUInt32LittleEndian(header[(0x4C + (i * 4))..]);
            if (s < 0xFFFFFFFA)
            {
                fatSectors.Add(s);
            }
        }

        var difat = BinaryPrimitives.ReadUInt32LittleEndian(header[0x44..]);
        for (var hops = 0; difat < 0xFFFFFFFA; hops++)
        {
            var sector = Sector(difat);
            if (hops > SectorCount)
            {
                throw new InvalidDataException("the DIFAT chain loops");
            }

            for (var i = 0; i < (_sectorSize / 4) - 1; i++)
            {
                var s = BinaryPrimitives.ReadUInt32LittleEndian(sector[(i * 4)..]);
                if (s < 0xFFFFFFFA)
                {
                    fatSectors.Add(s);
                }
            }

            difat = BinaryPrimitives.ReadUInt32LittleEndian(sector[(_sectorSize - 4)..]);
        }

        _fat = new uint[fatSectors.Count * (_sectorSize / 4)];
        for (var i = 0; i < fatSectors.Count; i++)
        {
            var sector = Sector(fatSectors[i]);
            for (var j = 0; j < _sectorSize / 4; j++)
            {
                _fat[(i * (_sectorSize / 4)) + j] = BinaryPrimitives.ReadUInt32LittleEndian(sector[(j * 4)..]);
            }
        }

        var directory = ReadChain(BinaryPrimitives.ReadUInt32LittleEndian(header[0x30..]), size: null);
        var miniFatBytes = ReadChain(BinaryPrimitives.ReadUInt32LittleEndian(header[0x3C..]), size: null);
        _miniFat = new uint[miniFatBytes.Length / 4];
        for (var i = 0; i < _miniFat.Length; i++)
        {
            _miniFat[i] = BinaryPrimitives.ReadUInt32LittleEndian(miniFatBytes.AsSpan(i * 4));
        }

        var entries = directory.Length / DirectoryEntrySize;
        if (entries == 0)
        {
            throw new InvalidDataException("no directory");
        }

        var root = Entry(directory, 0);
        _miniStream = ReadChain(root.Start, root.Size);

        // The root's children: a binary tree of siblings under the root's child.
        var pending = new Stack<uint>();
        pending.Push(BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(0x4C)));
        var seen = new HashSet<uint>();
        while (pending.TryPop(out var id))
        {
            if (id == NoStream)
            {
                continue;
            }

            if (id >= entries || !seen.Add(id))
            {
                throw new InvalidDataException("the directory tree is damaged");
            }

            var entry = Entry(directory, (int)id);
            if (entry.Type == 2)
            {
                _streams.TryAdd(entry.Name, (entry.Start, entry.Size));
            }

            pending.Push(entry.Left);
            pending.Push(entry.Right);
        }
    }

    /// <summary>Whether the bytes start with the compound file signature.</summary>
    public static bool IsCompoundFile(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>Opens a compound file held in memory.</summary>
    public static CompoundFile Open(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 512 || !IsCompoundFile(bytes))
        {
            throw new InvalidDataException("not an OLE compound file");
        }

        try
        {
            return new CompoundFile(bytes);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new InvalidDataException("a sector lies outside the file");
        }
    }

    /// <summary>The names of the streams at the top level.</summary>
    public IReadOnlyCollection<string> StreamNames => _streams.Keys;

    /// <summary>A top-level stream's bytes, or null when there is none of that name.</summary>
    public byte[]? Read(string name)
    {
        if (!_streams.TryGetValue(name, out var stream))
        {
            return null;
        }

        try
        {
            return stream.Size < _miniCutoff ? ReadMini(stream.Start, stream.Size) : ReadChain(stream.Start, stream.Size);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"stream {name} lies outside the file");
        }
    }

    private long SectorCount => (_bytes.Length / _sectorSize) - 1;

    private ReadOnlySpan<byte> Sector(uint n)
    {
        var offset = (n + 1L) * _sectorSize;
        if (offset + _sectorSize > _bytes.Length)
        {
            // A file cut short in its last sector: what there is of it.
            return offset < _bytes.Length ? _bytes.AsSpan((int)offset) : throw new InvalidDataException($"sector {n} lies outside the file");
        }

        return _bytes.AsSpan((int)offset, _sectorSize);
    }

    /// <summary>The bytes of a chain of sectors; all of them, or the first <paramref name="size"/>.</summary>
    private byte[] ReadChain(uint start, long? size)
    {
        var output = new MemoryStream();
        for (var (s, hops) = (start, 0L); s != EndOfChain && (size is null || output.Length < size); s = _fat[s], hops++)
        {
            if (s >= _fat.Length || hops > SectorCount)
            {
                throw new InvalidDataException("a sector chain loops or leaves the file");
            }

            output.Write(Sector(s));
        }

        return Trim(output, size);
    }

    private byte[] ReadMini(uint start, long size)
    {
        var output = new MemoryStream();
        for (var (s, hops) = (start, 0L); s != EndOfChain && output.Length < size; s = _miniFat[s], hops++)
        {
            var offset = s * 64L;
            if (s >= _miniFat.Length || hops > _miniFat.Length || offset + 64 > _miniStream.Length)
            {
                throw new InvalidDataException("a mini sector chain loops or leaves the mini stream");
            }

            output.Write(_miniStream, (int)offset, 64);
        }

        return Trim(output, size);
    }

    private static byte[] Trim(MemoryStream output, long? size)
    {
        if (size is { } n && output.Length < n)
        {
            throw new InvalidDataException("a stream is longer than its sectors");
        }

        if (size is { } length && length < output.Length)
        {
            output.SetLength(length); // the last sector's tail is no part of the stream
        }

        return output.ToArray();
    }

    private (string Name, byte Type, uint Left, uint Right, uint Start, long Size) Entry(byte[] directory, int id)
    {
        var e = directory.AsSpan(id * DirectoryEntrySize, DirectoryEntrySize);
        var nameBytes = Math.Clamp(BinaryPrimitives.ReadUInt16LittleEndian(e[64..]), (ushort)2, (ushort)64) - 2;
        var name = Encoding.Unicode.GetString(e[..nameBytes]);
        var size = _sectorSize == 512
            ? BinaryPrimitives.ReadUInt32LittleEndian(e[120..]) // version 3: the high half may hold garbage
            : (long)BinaryPrimitives.ReadUInt64LittleEndian(e[120..]);
        return (name, e[66], BinaryPrimitives.ReadUInt32LittleEndian(e[68..]), BinaryPrimitives.ReadUInt32LittleEndian(e[72..]),
            BinaryPrimitives.ReadUInt32LittleEndian(e[116..]), size);
    }
}
