using System;
using System.Globalization;
using System.IO;
using System.Text;
using BitMiracle.LibTiff.Classic;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// Reads and validates the first image of a GeoTIFF: <see cref="TiffPreflight"/> bounds the directory,
    /// LibTiff.NET parses it (byte order, classic or BigTIFF, typed tag values), and the checks here refuse
    /// what the reader cannot decode or what would not fit the limits, naming the file, item and problem.
    /// </summary>
    internal static class TiffStructureReader
    {
        /// <summary>Uncompressed strips larger than this are read in pieces of whole rows (a divisor of the strip height).</summary>
        private const long UncompressedPieceBytes = 4L << 20;

        public static TiffStructure Read(string path, FileStream stream, GeoTiffReadOptions options, ILogger logger)
        {
            SafeFileHandle handle = stream.SafeFileHandle;
            long fileLength = stream.Length;
            TiffPreflight preflight = TiffPreflight.Check(handle, fileLength, path, options.MaxBlockBytes);
            CheckCompression(path, preflight);

            var session = new LibTiffSession(path, logger) { TagsAscending = preflight.TagsAscending };
            using LibTiffSession.Scope scope = session.Enter();
            stream.Position = 0;
            // "c": no strip chopping, so the strips seen are the file's own.
            using Tiff? tiff = Tiff.ClientOpen(path, "rc", session, new LibTiffStream(stream));
            session.ThrowIfFailed(null, "LibTiff.NET cannot read the first image file directory");
            if (tiff == null) throw new SceneDataException(path, null, "LibTiff.NET cannot read the first image file directory.");

            int width = Int(tiff, TiffTag.IMAGEWIDTH, 0), height = Int(tiff, TiffTag.IMAGELENGTH, 0);
            int samples = Int(tiff, TiffTag.SAMPLESPERPIXEL, 1);
            int bits = Int(tiff, TiffTag.BITSPERSAMPLE, 1);
            int format = Int(tiff, TiffTag.SAMPLEFORMAT, 1);
            RasterSampleType sampleType = SampleType(path, format, bits);
            int photometric = (int)(preflight.Scalar(TiffTags.Photometric) ?? 1);
            if (photometric == 6)
                throw new SceneDataException(path, "tag Photometric (262)", "is YCbCr (6), which the reader does not decode; store the bands as plain samples (Photometric 1 or 2).");
            if ((preflight.Scalar(TiffTags.FillOrder) ?? 1) == 2)
                throw new SceneDataException(path, "tag FillOrder (266)", "is 2 (least significant bit first), which the reader does not support.");
            bool separate = (preflight.Scalar(TiffTags.PlanarConfig) ?? 1) == 2 && samples > 1;
            int compressionCode = (int)(preflight.Scalar(TiffTags.Compression) ?? 1);
            GeoTiffCompression compression = compressionCode switch
            {
                5 => GeoTiffCompression.Lzw,
                8 or 32946 => GeoTiffCompression.Deflate,
                _ => GeoTiffCompression.None,
            };
            int predictor = compression == GeoTiffCompression.None ? 1 : (int)(preflight.Scalar(TiffTags.Predictor) ?? 1);
            CheckPredictor(path, predictor, sampleType);

            bool tiled = tiff.IsTiled();
            int blockWidth, blockHeight;
            if (tiled)
            {
                blockWidth = Int(tiff, TiffTag.TILEWIDTH, 0);
                blockHeight = Int(tiff, TiffTag.TILELENGTH, 0);
            }
            else
            {
                blockWidth = width;
                ulong rows = preflight.Scalar(TiffTags.RowsPerStrip) ?? (ulong)height;
                blockHeight = (int)Math.Min(rows, (ulong)height);
            }
            if (width < 1 || height < 1 || blockWidth < 1 || blockHeight < 1)
                throw new SceneDataException(path, null, $"has an image of {width} x {height} pixels in blocks of {blockWidth} x {blockHeight}; the directory is corrupt.");

            ulong[] offsets = Offsets(tiff, path, tiled ? TiffTag.TILEOFFSETS : TiffTag.STRIPOFFSETS);
            ulong[] counts = Offsets(tiff, path, tiled ? TiffTag.TILEBYTECOUNTS : TiffTag.STRIPBYTECOUNTS);
            session.ThrowIfFailed(null, "LibTiff.NET cannot read the block offsets");

            var structure = new TiffStructure
            {
                Width = width,
                Height = height,
                SamplesPerPixel = samples,
                SampleType = sampleType,
                IsTiled = tiled,
                IsBandSeparate = separate,
                BlockWidth = blockWidth,
                BlockHeight = blockHeight,
                Compression = compression,
                Predictor = predictor,
                IsBigTiff = preflight.IsBigTiff,
                IsBigEndian = preflight.IsBigEndian,
                Offsets = offsets,
                ByteCounts = counts,
                Layout = new GeoTiffLayout(tiled, blockWidth, blockHeight, separate, compression, predictor, preflight.IsBigTiff, preflight.IsBigEndian),
                ModelPixelScale = Doubles(tiff, TiffTags.ModelPixelScale),
                ModelTiepoint = Doubles(tiff, TiffTags.ModelTiepoint),
                ModelTransformation = Doubles(tiff, TiffTags.ModelTransformation),
                GeoKeyDirectory = Shorts(tiff, TiffTags.GeoKeyDirectory),
                GeoDoubleParams = Doubles(tiff, TiffTags.GeoDoubleParams),
                GeoAsciiParams = Ascii(tiff, TiffTags.GeoAsciiParams),
                GdalMetadata = Ascii(tiff, TiffTags.GdalMetadata),
                GdalNoData = Ascii(tiff, TiffTags.GdalNoData),
            };
            session.ThrowIfFailed(null, "LibTiff.NET cannot read the GeoTIFF tags");
            if (offsets.Length != structure.Planes * structure.BlocksAcross * structure.BlocksDown || counts.Length != offsets.Length)
                throw new SceneDataException(path, null,
                    $"has {offsets.Length} block offsets and {counts.Length} byte counts; the image needs {structure.Planes * structure.BlocksAcross * structure.BlocksDown}.");

            if (compression == GeoTiffCompression.None && !tiled) structure = ChopUncompressedStrips(structure);
            CheckLimits(path, structure, options);
            CheckBlocks(path, structure, fileLength, options);
            return structure;
        }

        private static void CheckCompression(string path, TiffPreflight preflight)
        {
            ulong code = preflight.Scalar(TiffTags.Compression) ?? 1;
            if (code is 1 or 5 or 8 or 32946) return;
            string name = code switch
            {
                2 => "CCITT modified Huffman RLE",
                3 => "CCITT Group 3 fax",
                4 => "CCITT Group 4 fax",
                6 => "old-style JPEG",
                7 => "JPEG",
                32773 => "PackBits",
                34676 or 34677 => "SGILog",
                34712 => "JPEG 2000",
                34887 => "LERC",
                34925 => "LZMA",
                50000 => "ZSTD",
                50001 => "WebP",
                50002 or 52546 => "JPEG XL",
                _ => "unknown",
            };
            throw new SceneDataException(path, "tag Compression (259)", string.Create(CultureInfo.InvariantCulture,
                $"{name} compression ({code}) is not supported; rewrite the file without compression or with LZW or DEFLATE (gdal_translate -co COMPRESS=DEFLATE)."));
        }

        private static RasterSampleType SampleType(string path, int format, int bits)
        {
            switch (format, bits)
            {
                case (1, 8): return RasterSampleType.UInt8;
                case (1, 16): return RasterSampleType.UInt16;
                case (2, 16): return RasterSampleType.Int16;
                case (3, 32): return RasterSampleType.Float32;
            }
            string kind = format switch
            {
                1 => "unsigned integer",
                2 => "signed integer",
                3 => "floating-point",
                4 => "untyped",
                5 => "complex integer",
                6 => "complex floating-point",
                _ => $"SampleFormat {format}",
            };
            throw new SceneDataException(path, "sample type", string.Create(CultureInfo.InvariantCulture,
                $"{bits}-bit {kind} samples (SampleFormat {format}, BitsPerSample {bits}) are not supported; supported are 8-bit unsigned, 16-bit unsigned or signed integers and 32-bit floating point."));
        }

        private static void CheckPredictor(string path, int predictor, RasterSampleType type)
        {
            if (predictor == 1 || predictor == 2) return;
            if (predictor == 3 && type == RasterSampleType.Float32) return;
            throw new SceneDataException(path, "tag Predictor (317)", string.Create(CultureInfo.InvariantCulture,
                $"is {predictor}, which does not apply to {type} samples; expected 1 (none), 2 (horizontal) or, for floating point, 3."));
        }

        /// <summary>Splits large uncompressed strips into pieces of whole rows, so a strip never has to be held whole.</summary>
        private static TiffStructure ChopUncompressedStrips(TiffStructure s)
        {
            long rowBytes = s.BlockRowBytes;
            if (rowBytes * s.BlockHeight <= UncompressedPieceBytes) return s;
            int pieceRows = 1;
            for (int rows = (int)Math.Max(1, Math.Min(s.BlockHeight, UncompressedPieceBytes / rowBytes)); rows >= 1; rows--)
            {
                if (s.BlockHeight % rows == 0)
                {
                    pieceRows = rows;
                    break;
                }
            }
            if (pieceRows == s.BlockHeight) return s;
            int piecesPerStrip = s.BlockHeight / pieceRows;
            int stripsDown = s.BlocksDown;
            int piecesDown = (int)(((long)s.Height + pieceRows - 1) / pieceRows);
            long total = (long)piecesDown * s.Planes;
            if (total > int.MaxValue) return s;
            var offsets = new ulong[total];
            var counts = new ulong[total];
            for (int plane = 0; plane < s.Planes; plane++)
            {
                for (int piece = 0; piece < piecesDown; piece++)
                {
                    int strip = piece / piecesPerStrip, within = piece % piecesPerStrip;
                    int source = plane * stripsDown + strip;
                    ulong start = (ulong)(within * (long)pieceRows * rowBytes);
                    ulong stored = s.ByteCounts[source];
                    ulong available = stored > start ? stored - start : 0;
                    int index = plane * piecesDown + piece;
                    offsets[index] = s.Offsets[source] + start;
                    // 0 marks a sparse strip; a piece past the end of a short strip keeps a count of at least 1, so decoding reports it as short.
                    counts[index] = stored == 0 ? 0 : Math.Max(1, Math.Min(available, (ulong)(pieceRows * rowBytes)));
                }
            }
            return new TiffStructure
            {
                Width = s.Width, Height = s.Height, SamplesPerPixel = s.SamplesPerPixel, SampleType = s.SampleType,
                IsTiled = false, IsBandSeparate = s.IsBandSeparate, BlockWidth = s.BlockWidth, BlockHeight = pieceRows,
                Compression = s.Compression, Predictor = s.Predictor, IsBigTiff = s.IsBigTiff, IsBigEndian = s.IsBigEndian,
                Offsets = offsets, ByteCounts = counts, Layout = s.Layout,
                ModelPixelScale = s.ModelPixelScale, ModelTiepoint = s.ModelTiepoint, ModelTransformation = s.ModelTransformation,
                GeoKeyDirectory = s.GeoKeyDirectory, GeoDoubleParams = s.GeoDoubleParams, GeoAsciiParams = s.GeoAsciiParams,
                GdalMetadata = s.GdalMetadata, GdalNoData = s.GdalNoData,
            };
        }

        private static void CheckLimits(string path, TiffStructure s, GeoTiffReadOptions options)
        {
            TiffLimits.CheckBlock(path, s.IsTiled, (ulong)s.BlockWidth, (ulong)s.BlockHeight, (ulong)s.SamplesPerBlockPixel, (ulong)s.BytesPerSample, options.MaxBlockBytes);
            long rowOfBlocks = s.BlockBytes * s.BlocksAcross * s.Planes;
            if (rowOfBlocks > options.MaxBlockRowBytes)
                throw new SceneDataException(path, null, string.Create(CultureInfo.InvariantCulture,
                    $"one row of {s.BlocksAcross} {(s.IsTiled ? "tile" : "strip")}s x {s.Planes} plane(s) decodes to {rowOfBlocks} bytes, more than the {options.MaxBlockRowBytes}-byte limit (GeoTiffReadOptions.MaxBlockRowBytes)."));
        }

        private static void CheckBlocks(string path, TiffStructure s, long fileLength, GeoTiffReadOptions options)
        {
            // A compressed block may be a little larger than its decoded size; anything far larger is not a real block.
            long maxCompressed = options.MaxBlockBytes + options.MaxBlockBytes / 8 + (1 << 16);
            for (int i = 0; i < s.Offsets.Length; i++)
            {
                ulong offset = s.Offsets[i], count = s.ByteCounts[i];
                if (count == 0) continue; // a sparse block: read as nodata, as GDAL does
                if (offset > (ulong)fileLength || count > (ulong)fileLength - offset)
                    throw new SceneDataException(path, s.BlockName(i), string.Create(CultureInfo.InvariantCulture,
                        $"its {count} bytes at offset {offset} run past the end of the file ({fileLength} bytes); the file is truncated."));
                if (s.Compression != GeoTiffCompression.None && (long)count > maxCompressed)
                    throw new SceneDataException(path, s.BlockName(i), string.Create(CultureInfo.InvariantCulture,
                        $"holds {count} compressed bytes, more than the {maxCompressed}-byte limit for a block that decodes to {s.BlockBytes} bytes."));
            }
        }

        private static int Int(Tiff tiff, TiffTag tag, int fallback)
        {
            FieldValue[]? value = tiff.GetField(tag);
            return value == null || value.Length == 0 ? fallback : value[0].ToInt();
        }

        private static ulong[] Offsets(Tiff tiff, string path, TiffTag tag)
        {
            FieldValue[]? value = tiff.GetField(tag);
            object? array = value == null || value.Length == 0 ? null : value[0].Value;
            return array switch
            {
                ulong[] u => u,
                long[] l => Array.ConvertAll(l, v => (ulong)v),
                uint[] u => Array.ConvertAll(u, v => (ulong)v),
                int[] i => Array.ConvertAll(i, v => (ulong)(uint)v),
                _ => throw new SceneDataException(path, $"tag {tag}", "is missing or unreadable."),
            };
        }

        /// <summary>A GeoTIFF/GDAL tag LibTiff.NET reads as an anonymous field: [count, values] with values in native byte order.</summary>
        private static FieldValue? Anonymous(Tiff tiff, ushort tag)
        {
            if (tiff.FindFieldInfo((TiffTag)tag, TiffType.ANY) == null) return null;
            FieldValue[]? value = tiff.GetField((TiffTag)tag);
            if (value == null || value.Length == 0) return null;
            return value[^1];
        }

        private static double[]? Doubles(Tiff tiff, ushort tag) => Anonymous(tiff, tag)?.ToDoubleArray();

        private static ushort[]? Shorts(Tiff tiff, ushort tag) => Anonymous(tiff, tag)?.ToUShortArray();

        private static string? Ascii(Tiff tiff, ushort tag)
        {
            byte[]? bytes = Anonymous(tiff, tag)?.ToByteArray();
            if (bytes == null) return null;
            int length = Array.IndexOf(bytes, (byte)0);
            return Encoding.UTF8.GetString(bytes, 0, length < 0 ? bytes.Length : length);
        }
    }
}
