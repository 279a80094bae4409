using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Msmla.Data.Tests.Support;

/// <summary>
/// Writes small classic little-endian TIFFs byte by byte with whatever directory a test wants: sizes and
/// counts no real writer would produce, to check that the reader refuses them before allocating.
/// </summary>
internal sealed class CraftedTiff
{
    public const ushort Short = 3, Long = 4;
    private readonly List<(ushort Tag, ushort Type, uint Count, uint Value)> _entries = new();

    /// <summary>An entry whose value field holds <paramref name="value"/> (a value when it fits, else an offset).</summary>
    public CraftedTiff Entry(ushort tag, ushort type, uint count, uint value)
    {
        _entries.Add((tag, type, count, value));
        return this;
    }

    /// <summary>Writes the header, the directory at offset 8 (entries sorted by tag) and <paramref name="padding"/> zero bytes after it.</summary>
    public void Write(string path, int padding = 64, uint? ifdOffset = null, ushort? claimedEntries = null)
    {
        var entries = _entries.OrderBy(e => e.Tag).ToArray();
        var bytes = new byte[8 + 2 + entries.Length * 12 + 4 + padding];
        bytes[0] = bytes[1] = (byte)'I';
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), ifdOffset ?? 8);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), claimedEntries ?? (ushort)entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            Span<byte> e = bytes.AsSpan(10 + i * 12);
            BinaryPrimitives.WriteUInt16LittleEndian(e, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(e.Slice(2), entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(4), entries[i].Count);
            if (entries[i].Type == Short && entries[i].Count == 1) BinaryPrimitives.WriteUInt16LittleEndian(e.Slice(8), (ushort)entries[i].Value);
            else BinaryPrimitives.WriteUInt32LittleEndian(e.Slice(8), entries[i].Value);
        }
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A tiled single-band uint16 image of the given sizes with one tile offset and byte count (both inline).</summary>
    public static CraftedTiff Tiled(uint width, uint height, uint tileWidth, uint tileHeight, uint tiles = 1) =>
        new CraftedTiff()
            .Entry(256, Long, 1, width)
            .Entry(257, Long, 1, height)
            .Entry(258, Short, 1, 16)
            .Entry(259, Short, 1, 8)
            .Entry(262, Short, 1, 1)
            .Entry(277, Short, 1, 1)
            .Entry(322, Long, 1, tileWidth)
            .Entry(323, Long, 1, tileHeight)
            .Entry(324, Long, tiles, 8)
            .Entry(325, Long, tiles, 16);
}
