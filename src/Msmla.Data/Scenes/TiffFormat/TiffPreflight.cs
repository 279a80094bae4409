using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// Reads the TIFF header and the first image file directory itself, before LibTiff.NET sees the file,
    /// and refuses a file whose directory would make a reader allocate more than the file holds: every
    /// entry's values must lie inside the file and within the tag limit, and the number of tile or strip
    /// offsets must be the number the image size implies (LibTiff.NET sizes its arrays from both). What
    /// passes is also what the reader's own checks use: byte order, BigTIFF, and the scalar tags.
    /// </summary>
    internal sealed class TiffPreflight
    {
        private const int MaxEntries = 65535;
        private readonly Dictionary<ushort, TiffEntry> _entries;

        private TiffPreflight(bool bigTiff, bool bigEndian, long ifdOffset, Dictionary<ushort, TiffEntry> entries, bool tagsAscending)
        {
            TagsAscending = tagsAscending;
            IsBigTiff = bigTiff;
            IsBigEndian = bigEndian;
            IfdOffset = ifdOffset;
            _entries = entries;
        }

        public bool IsBigTiff { get; }

        public bool IsBigEndian { get; }

        public long IfdOffset { get; }

        /// <summary>Whether the directory's tags are in ascending order, as TIFF requires.</summary>
        public bool TagsAscending { get; }

        public bool Has(ushort tag) => _entries.ContainsKey(tag);

        public bool TryGet(ushort tag, out TiffEntry entry) => _entries.TryGetValue(tag, out entry);

        /// <summary>The first value of an integer tag (BYTE, SHORT, LONG, LONG8) stored in its entry, or null when absent.</summary>
        public ulong? Scalar(ushort tag)
        {
            if (!_entries.TryGetValue(tag, out TiffEntry entry) || entry.Count == 0) return null;
            int size = TiffTags.TypeSize(entry.Type);
            if (size == 0 || (long)entry.Count * size > (IsBigTiff ? 8 : 4) || entry.Type is 5 or 10 or 11 or 12) return null;
            Span<byte> field = stackalloc byte[8];
            if (IsBigEndian) BinaryPrimitives.WriteUInt64BigEndian(field, entry.ValueField << (IsBigTiff ? 0 : 32));
            else BinaryPrimitives.WriteUInt64LittleEndian(field, entry.ValueField);
            return size switch
            {
                1 => field[0],
                2 => IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(field) : BinaryPrimitives.ReadUInt16LittleEndian(field),
                4 => IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(field) : BinaryPrimitives.ReadUInt32LittleEndian(field),
                _ => IsBigEndian ? BinaryPrimitives.ReadUInt64BigEndian(field) : BinaryPrimitives.ReadUInt64LittleEndian(field),
            };
        }

        /// <summary>Checks the header and the first directory of <paramref name="handle"/>; throws <see cref="SceneDataException"/> naming the problem.</summary>
        public static TiffPreflight Check(SafeFileHandle handle, long fileLength, string path, long maxBlockBytes)
        {
            Span<byte> header = stackalloc byte[16];
            if (fileLength < 8 || Read(handle, header.Slice(0, (int)Math.Min(16, fileLength)), 0) < 8)
                throw new SceneDataException(path, null, $"is not a TIFF file: it has {fileLength} bytes, fewer than a TIFF header.");
            bool bigEndian;
            if (header[0] == (byte)'I' && header[1] == (byte)'I') bigEndian = false;
            else if (header[0] == (byte)'M' && header[1] == (byte)'M') bigEndian = true;
            else throw new SceneDataException(path, null, $"is not a TIFF file: it starts with bytes 0x{header[0]:X2} 0x{header[1]:X2}, not 'II' or 'MM'.");
            var reader = new EndianReader(bigEndian);
            ushort version = reader.U16(header.Slice(2));
            bool bigTiff;
            long ifdOffset;
            if (version == 42)
            {
                bigTiff = false;
                ifdOffset = reader.U32(header.Slice(4));
            }
            else if (version == 43)
            {
                bigTiff = true;
                if (fileLength < 16 || reader.U16(header.Slice(4)) != 8 || reader.U16(header.Slice(6)) != 0)
                    throw new SceneDataException(path, null, "is a BigTIFF file with a malformed header (offset size not 8, or shorter than 16 bytes).");
                ulong offset = reader.U64(header.Slice(8));
                ifdOffset = offset > (ulong)long.MaxValue ? -1 : (long)offset;
            }
            else
            {
                throw new SceneDataException(path, null, $"is not a TIFF file: version {version}, expected 42 (TIFF) or 43 (BigTIFF).");
            }

            int countSize = bigTiff ? 8 : 2, entrySize = bigTiff ? 20 : 12, valueSize = bigTiff ? 8 : 4;
            if (ifdOffset < (bigTiff ? 16 : 8) || ifdOffset > fileLength - countSize)
                throw new SceneDataException(path, null, $"the first image file directory offset {ifdOffset} lies outside the file ({fileLength} bytes); the file is truncated or corrupt.");
            Span<byte> countBytes = stackalloc byte[8];
            Read(handle, countBytes.Slice(0, countSize), ifdOffset);
            ulong entryCount = bigTiff ? reader.U64(countBytes) : reader.U16(countBytes);
            if (entryCount == 0 || entryCount > MaxEntries)
                throw new SceneDataException(path, null, $"the first image file directory claims {entryCount} entries; expected 1 to {MaxEntries}.");
            long tableBytes = (long)entryCount * entrySize;
            if (ifdOffset + countSize + tableBytes > fileLength)
                throw new SceneDataException(path, null, $"the first image file directory ({entryCount} entries at offset {ifdOffset}) runs past the end of the file ({fileLength} bytes); the file is truncated.");

            byte[] table = new byte[tableBytes];
            Read(handle, table, ifdOffset + countSize);
            var entries = new Dictionary<ushort, TiffEntry>();
            bool ascending = true;
            int previous = -1;
            for (int i = 0; i < (int)entryCount; i++)
            {
                ReadOnlySpan<byte> e = table.AsSpan(i * entrySize, entrySize);
                ushort tag = reader.U16(e), type = reader.U16(e.Slice(2));
                ulong count = bigTiff ? reader.U64(e.Slice(4)) : reader.U32(e.Slice(4));
                ulong field = bigTiff ? reader.U64(e.Slice(12)) : reader.U32(e.Slice(8));
                var entry = new TiffEntry(tag, type, count, field);
                CheckEntry(path, entry, valueSize, fileLength, maxBlockBytes);
                ascending &= tag > previous;
                previous = tag;
                entries.TryAdd(tag, entry);
            }
            var preflight = new TiffPreflight(bigTiff, bigEndian, ifdOffset, entries, ascending);
            preflight.CheckBlocks(path, handle, maxBlockBytes);
            return preflight;
        }

        private static void CheckEntry(string path, TiffEntry entry, int valueSize, long fileLength, long maxBlockBytes)
        {
            int size = TiffTags.TypeSize(entry.Type);
            if (size == 0) return; // an unknown field type: LibTiff.NET skips the entry without reading its values
            if (entry.Count > (ulong)int.MaxValue)
                throw new SceneDataException(path, Tag(entry.Tag), $"claims {entry.Count} values, more than a reader can hold; the file is corrupt or crafted.");
            long bytes = (long)entry.Count * size;
            if (bytes <= valueSize) return;
            if (bytes > maxBlockBytes)
                throw new SceneDataException(path, Tag(entry.Tag), $"holds {bytes} bytes of values, more than the {maxBlockBytes}-byte limit; the file is corrupt or crafted.");
            if (entry.ValueField > (ulong)fileLength || (long)entry.ValueField + bytes > fileLength)
                throw new SceneDataException(path, Tag(entry.Tag),
                    $"its {entry.Count} values ({bytes} bytes at offset {entry.ValueField}) run past the end of the file ({fileLength} bytes); the file is truncated or corrupt.");
        }

        private void CheckBlocks(string path, SafeFileHandle handle, long maxBlockBytes)
        {
            ulong width = Scalar(TiffTags.ImageWidth) ?? throw new SceneDataException(path, "tag ImageWidth (256)", "is missing.");
            ulong height = Scalar(TiffTags.ImageLength) ?? throw new SceneDataException(path, "tag ImageLength (257)", "is missing.");
            if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
                throw new SceneDataException(path, null, $"has an image size of {width} x {height} pixels; expected 1 to {int.MaxValue} each way.");
            ulong samples = Scalar(TiffTags.SamplesPerPixel) ?? 1;
            if (samples == 0)
                throw new SceneDataException(path, "tag SamplesPerPixel (277)", "is 0.");
            ulong planes = Scalar(TiffTags.PlanarConfig) == 2 ? samples : 1;
            bool tiled = Has(TiffTags.TileWidth) || Has(TiffTags.TileLength) || Has(TiffTags.TileOffsets);
            ulong across, down;
            ushort offsetsTag;
            if (tiled)
            {
                ulong tileWidth = Scalar(TiffTags.TileWidth) ?? 0, tileLength = Scalar(TiffTags.TileLength) ?? 0;
                if (tileWidth == 0 || tileLength == 0 || tileWidth > int.MaxValue || tileLength > int.MaxValue)
                    throw new SceneDataException(path, null, $"has a tile size of {tileWidth} x {tileLength} pixels; expected 1 to {int.MaxValue} each way.");
                across = (width + tileWidth - 1) / tileWidth;
                down = (height + tileLength - 1) / tileLength;
                offsetsTag = TiffTags.TileOffsets;
            }
            else
            {
                ulong rows = Scalar(TiffTags.RowsPerStrip) ?? height;
                if (rows == 0) throw new SceneDataException(path, "tag RowsPerStrip (278)", "is 0.");
                across = 1;
                down = (height + Math.Min(rows, height) - 1) / Math.Min(rows, height);
                offsetsTag = TiffTags.StripOffsets;
            }
            // LibTiff.NET sizes a block in 32-bit arithmetic when it reads the directory: refuse large blocks first.
            // Uncompressed strips are exempt: the reader reads them in pieces.
            bool compressed = (Scalar(TiffTags.Compression) ?? 1) != 1;
            if (tiled || compressed)
            {
                ulong blockWidth = tiled ? Scalar(TiffTags.TileWidth)!.Value : width;
                ulong blockHeight = tiled ? Scalar(TiffTags.TileLength)!.Value : Math.Min(Scalar(TiffTags.RowsPerStrip) ?? height, height);
                ulong bits = FirstValue(handle, TiffTags.BitsPerSample) ?? 1;
                TiffLimits.CheckBlock(path, tiled, blockWidth, blockHeight, planes == 1 ? samples : 1, (bits + 7) / 8, maxBlockBytes);
            }
            // Each factor is at most 2^31, so the product of the first two fits; compare before multiplying by planes.
            ulong perPlane = across * down;
            if (!TryGet(offsetsTag, out TiffEntry offsets))
                throw new SceneDataException(path, Tag(offsetsTag), "is missing: the file has no image data.");
            if (perPlane > offsets.Count || offsets.Count % perPlane != 0 || offsets.Count / perPlane != planes)
                throw new SceneDataException(path, Tag(offsetsTag), string.Create(CultureInfo.InvariantCulture,
                    $"holds {offsets.Count} offsets, but a {width} x {height} image in {across} x {down} {(tiled ? "tiles" : "strips")} per plane and {planes} plane(s) needs {new System.Numerics.BigInteger(perPlane) * planes}; the file is corrupt or crafted."));
        }

        /// <summary>The first value of an integer tag, read from the file when it does not fit its entry.</summary>
        private ulong? FirstValue(SafeFileHandle handle, ushort tag)
        {
            ulong? inline = Scalar(tag);
            if (inline != null || !_entries.TryGetValue(tag, out TiffEntry entry) || entry.Count == 0) return inline;
            int size = TiffTags.TypeSize(entry.Type);
            if (size is not (1 or 2 or 4 or 8) || entry.Type is 5 or 10 or 11 or 12) return null;
            Span<byte> value = stackalloc byte[8];
            if (Read(handle, value.Slice(0, size), (long)entry.ValueField) < size) return null;
            var reader = new EndianReader(IsBigEndian);
            return size switch { 1 => value[0], 2 => reader.U16(value), 4 => reader.U32(value), _ => reader.U64(value) };
        }

        internal static string Tag(ushort tag) => tag switch
        {
            TiffTags.StripOffsets => "tag StripOffsets (273)",
            TiffTags.TileOffsets => "tag TileOffsets (324)",
            TiffTags.StripByteCounts => "tag StripByteCounts (279)",
            TiffTags.TileByteCounts => "tag TileByteCounts (325)",
            _ => "tag " + tag.ToString(CultureInfo.InvariantCulture),
        };

        private static int Read(SafeFileHandle handle, Span<byte> buffer, long offset)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int read = RandomAccess.Read(handle, buffer.Slice(total), offset + total);
                if (read == 0) break;
                total += read;
            }
            return total;
        }

        private readonly struct EndianReader
        {
            private readonly bool _bigEndian;

            public EndianReader(bool bigEndian) => _bigEndian = bigEndian;

            public ushort U16(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

            public uint U32(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

            public ulong U64(ReadOnlySpan<byte> b) => _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);
        }
    }
}
