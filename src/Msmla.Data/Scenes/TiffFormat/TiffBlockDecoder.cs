using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// Decodes one tile or strip into native-endian samples: a positional read of its bytes (thread-safe,
    /// so several blocks may be decoded at once), then zlib (the system's libdeflate when present, else
    /// System.IO.Compression) or LZW, the byte order
    /// and the predictor. A sparse block (byte count 0) is filled with the nodata value, as GDAL reads it.
    /// </summary>
    internal sealed class TiffBlockDecoder
    {
        private readonly TiffStructure _s;
        private readonly SafeFileHandle _handle;
        private readonly string _path;
        private readonly byte[] _fill;

        public TiffBlockDecoder(TiffStructure structure, SafeFileHandle handle, string path, double? noData)
        {
            _s = structure;
            _handle = handle;
            _path = path;
            _fill = FillSample(structure.SampleType, noData);
        }

        /// <summary>Decodes block <paramref name="index"/> into <paramref name="output"/>, which holds exactly its rows.</summary>
        public void Decode(int index, Span<byte> output)
        {
            ulong count = _s.ByteCounts[index];
            long offset = (long)_s.Offsets[index];
            if (count == 0)
            {
                FillSparse(output);
                return;
            }
            try
            {
                if (_s.Compression == GeoTiffCompression.None)
                {
                    if ((long)count < output.Length)
                        throw Corrupt(index, $"holds {count} bytes, fewer than the {output.Length} bytes of its rows; the file is truncated or corrupt.");
                    ReadExactly(output, offset, index);
                }
                else
                {
                    byte[] raw = ArrayPool<byte>.Shared.Rent((int)count);
                    try
                    {
                        ReadExactly(raw.AsSpan(0, (int)count), offset, index);
                        int written = _s.Compression == GeoTiffCompression.Lzw
                            ? LzwDecoder.Decode(raw.AsSpan(0, (int)count), output)
                            : Inflate(raw, (int)count, output);
                        if (written < output.Length)
                            throw Corrupt(index, $"decodes to {written} bytes, fewer than the {output.Length} bytes of its rows; the file is corrupt.");
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(raw);
                    }
                }
            }
            catch (InvalidDataException e)
            {
                throw Corrupt(index, $"cannot be decoded ({e.Message}); the file is corrupt.", e);
            }

            int bytesPerSample = _s.BytesPerSample;
            if (_s.IsBigEndian && bytesPerSample > 1 && _s.Predictor != 3 && BitConverter.IsLittleEndian)
                Predictors.SwapBytes(output, bytesPerSample);
            int rows = output.Length / (int)_s.BlockRowBytes;
            int rowSamples = _s.BlockWidth * _s.SamplesPerBlockPixel;
            if (_s.Predictor == 2)
            {
                Predictors.UndoHorizontal(output, rows, rowSamples, _s.SamplesPerBlockPixel, bytesPerSample);
            }
            else if (_s.Predictor == 3)
            {
                byte[] scratch = ArrayPool<byte>.Shared.Rent((int)_s.BlockRowBytes);
                try
                {
                    Predictors.UndoFloatingPoint(output, rows, rowSamples, _s.SamplesPerBlockPixel, bytesPerSample, scratch);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(scratch);
                }
            }
        }

        private static int Inflate(byte[] raw, int count, Span<byte> output)
        {
            if (LibDeflate.TryInflate(raw.AsSpan(0, count), output, out int inflated)) return inflated;
            using var source = new MemoryStream(raw, 0, count, writable: false);
            using var zlib = new ZLibStream(source, CompressionMode.Decompress);
            int total = 0;
            while (total < output.Length)
            {
                int read = zlib.Read(output.Slice(total));
                if (read == 0) break;
                total += read;
            }
            return total;
        }

        private void ReadExactly(Span<byte> buffer, long offset, int index)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int read = RandomAccess.Read(_handle, buffer.Slice(total), offset + total);
                if (read == 0)
                    throw Corrupt(index, string.Create(CultureInfo.InvariantCulture,
                        $"ends at byte {offset + total}, before its {buffer.Length} bytes from offset {offset}; the file is truncated."));
                total += read;
            }
        }

        private void FillSparse(Span<byte> output)
        {
            if (_fill.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                output.Clear();
                return;
            }
            for (int i = 0; i + _fill.Length <= output.Length; i += _fill.Length) _fill.CopyTo(output.Slice(i));
        }

        private SceneDataException Corrupt(int index, string problem, Exception? inner = null) =>
            new(_path, _s.BlockName(index), problem, inner);

        /// <summary>The nodata value as one native-endian sample (zero when there is none or it does not fit the type).</summary>
        private static byte[] FillSample(RasterSampleType type, double? noData)
        {
            double v = noData ?? 0;
            switch (type)
            {
                case RasterSampleType.UInt8:
                    return new[] { v >= 0 && v <= byte.MaxValue && v == Math.Floor(v) ? (byte)v : (byte)0 };
                case RasterSampleType.UInt16:
                    return BitConverter.GetBytes(v >= 0 && v <= ushort.MaxValue && v == Math.Floor(v) ? (ushort)v : (ushort)0);
                case RasterSampleType.Int16:
                    return BitConverter.GetBytes(v >= short.MinValue && v <= short.MaxValue && v == Math.Floor(v) ? (short)v : (short)0);
                default:
                    return BitConverter.GetBytes((float)v);
            }
        }
    }
}
