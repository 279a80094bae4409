using System;
using System.Collections.Generic;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Threading;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// Writes a tiled, Deflate-compressed GeoTIFF in the layout of a Cloud Optimized GeoTIFF, as GDAL's
    /// validator checks it: header, then every image file directory (the full resolution at offset 8, or 16
    /// in a BigTIFF, then the overviews in decreasing size), then the tiles, smallest overview first and
    /// full resolution last, each image's tiles in row-major order. Tiles are compressed first, so every
    /// offset is known before the first byte is written; the file becomes a BigTIFF when it would pass 4 GB.
    /// </summary>
    internal static class TiffFileWriter
    {
        private const ushort DeflateCompression = 8;

        /// <summary>Writes <paramref name="levels"/> (full resolution first) to <paramref name="stream"/>; returns whether the file is a BigTIFF.</summary>
        public static bool Write(Stream stream, IReadOnlyList<RasterLevel> levels, TiffWriteSpec spec, CancellationToken cancellationToken)
        {
            var tiles = new List<byte[][]>();
            foreach (RasterLevel level in levels) tiles.Add(CompressTiles(level, spec, cancellationToken));

            bool bigTiff = spec.ForceBigTiff;
            Layout layout = Plan(levels, tiles, spec, bigTiff);
            if (!bigTiff && layout.End > uint.MaxValue)
            {
                bigTiff = true;
                layout = Plan(levels, tiles, spec, bigTiff);
            }

            var header = new byte[bigTiff ? 16 : 8];
            header[0] = header[1] = (byte)'I';
            if (bigTiff)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 43);
                BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 8);
                BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), (ulong)layout.IfdOffsets[0]);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 42);
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)layout.IfdOffsets[0]);
            }
            stream.Write(header);
            for (int i = 0; i < levels.Count; i++)
            {
                long next = i + 1 < levels.Count ? layout.IfdOffsets[i + 1] : 0;
                stream.Write(layout.Ifds[i].ToBytes(layout.IfdOffsets[i], next));
            }
            for (int i = levels.Count - 1; i >= 0; i--)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (byte[] tile in tiles[i]) stream.Write(tile);
            }
            return bigTiff;
        }

        private sealed record Layout(TiffIfdBuilder[] Ifds, long[] IfdOffsets, long End);

        private static Layout Plan(IReadOnlyList<RasterLevel> levels, List<byte[][]> tiles, TiffWriteSpec spec, bool bigTiff)
        {
            var ifds = new TiffIfdBuilder[levels.Count];
            var ifdOffsets = new long[levels.Count];
            long pos = bigTiff ? 16 : 8;
            for (int i = 0; i < levels.Count; i++)
            {
                ifds[i] = Directory(levels[i], spec, bigTiff, main: i == 0, new ulong[tiles[i].Length], new ulong[tiles[i].Length]);
                ifdOffsets[i] = pos;
                pos += ifds[i].Size;
            }
            var offsets = new ulong[levels.Count][];
            for (int i = levels.Count - 1; i >= 0; i--)
            {
                offsets[i] = new ulong[tiles[i].Length];
                for (int t = 0; t < tiles[i].Length; t++)
                {
                    offsets[i][t] = (ulong)pos;
                    pos += tiles[i][t].Length;
                }
            }
            if (!bigTiff && pos > uint.MaxValue) return new Layout(ifds, ifdOffsets, pos);
            for (int i = 0; i < levels.Count; i++)
            {
                var counts = new ulong[tiles[i].Length];
                for (int t = 0; t < counts.Length; t++) counts[t] = (ulong)tiles[i][t].Length;
                ifds[i].AddOffsets(TiffTags.TileOffsets, offsets[i]);
                ifds[i].AddOffsets(TiffTags.TileByteCounts, counts);
            }
            return new Layout(ifds, ifdOffsets, pos);
        }

        private static TiffIfdBuilder Directory(RasterLevel level, TiffWriteSpec spec, bool bigTiff, bool main, ulong[] offsets, ulong[] counts)
        {
            var ifd = new TiffIfdBuilder(bigTiff);
            if (!main) ifd.AddLong(TiffTags.NewSubfileType, 1);
            ifd.AddLong(TiffTags.ImageWidth, (uint)level.Width);
            ifd.AddLong(TiffTags.ImageLength, (uint)level.Height);
            ifd.AddShorts(TiffTags.BitsPerSample, Repeat((ushort)(level.BytesPerSample * 8), level.Bands));
            ifd.AddShorts(TiffTags.Compression, DeflateCompression);
            ifd.AddShorts(TiffTags.Photometric, spec.Photometric);
            ifd.AddShorts(TiffTags.SamplesPerPixel, (ushort)level.Bands);
            ifd.AddShorts(TiffTags.PlanarConfig, 1);
            if (spec.ColorMap != null) ifd.AddShorts(TiffTags.ColorMap, spec.ColorMap);
            ifd.AddShorts(TiffTags.TileWidth, (ushort)spec.TileSize);
            ifd.AddShorts(TiffTags.TileLength, (ushort)spec.TileSize);
            ifd.AddOffsets(TiffTags.TileOffsets, offsets);
            ifd.AddOffsets(TiffTags.TileByteCounts, counts);
            if (level.Bands > 1) ifd.AddShorts(TiffTags.ExtraSamples, new ushort[level.Bands - 1]);
            ifd.AddShorts(TiffTags.SampleFormat, Repeat(level.SampleType == RasterSampleType.Float32 ? (ushort)3 : (ushort)1, level.Bands));
            if (main)
            {
                GeoReferencing geo = spec.GeoReferencing;
                (double[]? scale, double[]? tiepoint, double[]? matrix) = GeoTiffGeoreferencing.Write(geo);
                if (scale != null) ifd.AddDoubles(TiffTags.ModelPixelScale, scale);
                if (tiepoint != null) ifd.AddDoubles(TiffTags.ModelTiepoint, tiepoint);
                if (matrix != null) ifd.AddDoubles(TiffTags.ModelTransformation, matrix);
                var keys = new ushort[geo.Keys.Directory.Count];
                for (int i = 0; i < keys.Length; i++) keys[i] = geo.Keys.Directory[i];
                ifd.AddShorts(TiffTags.GeoKeyDirectory, keys);
                if (geo.Keys.DoubleParams.Count > 0) ifd.AddDoubles(TiffTags.GeoDoubleParams, geo.Keys.DoubleParams);
                if (geo.Keys.AsciiParams.Length > 0) ifd.AddAscii(TiffTags.GeoAsciiParams, geo.Keys.AsciiParams);
                if (spec.GdalMetadata != null) ifd.AddAscii(TiffTags.GdalMetadata, spec.GdalMetadata);
            }
            if (spec.NoData != null) ifd.AddAscii(TiffTags.GdalNoData, spec.NoData);
            return ifd;
        }

        private static byte[][] CompressTiles(RasterLevel level, TiffWriteSpec spec, CancellationToken cancellationToken)
        {
            int tile = spec.TileSize;
            int across = (level.Width + tile - 1) / tile, down = (level.Height + tile - 1) / tile;
            int pixelBytes = level.Bands * level.BytesPerSample;
            int rowBytes = tile * pixelBytes;
            var buffer = new byte[(long)rowBytes * tile];
            var result = new byte[(long)across * down][];
            for (int ty = 0; ty < down; ty++)
            {
                for (int tx = 0; tx < across; tx++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int x0 = tx * tile, y0 = ty * tile;
                    int w = Math.Min(tile, level.Width - x0), h = Math.Min(tile, level.Height - y0);
                    if (w < tile || h < tile) Fill(buffer, spec.Fill);
                    for (int r = 0; r < h; r++)
                    {
                        long source = ((long)(y0 + r) * level.Width + x0) * pixelBytes;
                        level.Data.AsSpan((int)source, w * pixelBytes).CopyTo(buffer.AsSpan(r * rowBytes));
                    }
                    result[ty * across + tx] = Deflate(buffer, spec.CompressionLevel);
                }
            }
            return result;
        }

        private static byte[] Deflate(byte[] data, CompressionLevel level)
        {
            using var output = new MemoryStream(data.Length / 4 + 64);
            using (var zlib = new ZLibStream(output, level, leaveOpen: true)) zlib.Write(data);
            return output.ToArray();
        }

        private static void Fill(byte[] buffer, byte[] sample)
        {
            if (sample.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                Array.Clear(buffer);
                return;
            }
            for (int i = 0; i + sample.Length <= buffer.Length; i += sample.Length) sample.CopyTo(buffer, i);
        }

        private static ushort[] Repeat(ushort value, int count)
        {
            var values = new ushort[count];
            Array.Fill(values, value);
            return values;
        }
    }
}
