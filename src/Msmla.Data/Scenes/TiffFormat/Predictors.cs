using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>Undoes the TIFF predictors on decoded block rows, as libtiff's tif_predict.c does.</summary>
    internal static class Predictors
    {
        /// <summary>
        /// Predictor 2: each sample was stored as its difference from the sample <paramref name="stride"/>
        /// places before in the row (the same band of the previous pixel); integers wrap. Samples are native-endian here.
        /// </summary>
        public static void UndoHorizontal(Span<byte> block, int rows, int rowSamples, int stride, int bytesPerSample)
        {
            int rowBytes = rowSamples * bytesPerSample;
            for (int r = 0; r < rows; r++)
            {
                Span<byte> row = block.Slice(r * rowBytes, rowBytes);
                switch (bytesPerSample)
                {
                    case 1:
                        for (int i = stride; i < row.Length; i++) row[i] = (byte)(row[i] + row[i - stride]);
                        break;
                    case 2:
                        Span<ushort> shorts = MemoryMarshal.Cast<byte, ushort>(row);
                        for (int i = stride; i < shorts.Length; i++) shorts[i] = (ushort)(shorts[i] + shorts[i - stride]);
                        break;
                    default:
                        Span<uint> words = MemoryMarshal.Cast<byte, uint>(row);
                        for (int i = stride; i < words.Length; i++) words[i] = words[i] + words[i - stride];
                        break;
                }
            }
        }

        /// <summary>
        /// Predictor 3 (floating point, Adobe technical note 3): each row holds the bytes of its samples as
        /// planes, most significant first, differenced byte by byte with a step of <paramref name="stride"/>
        /// bytes. The result is native-endian whatever the file's byte order.
        /// </summary>
        public static void UndoFloatingPoint(Span<byte> block, int rows, int rowSamples, int stride, int bytesPerSample, Span<byte> scratch)
        {
            int rowBytes = rowSamples * bytesPerSample;
            Span<byte> planes = scratch.Slice(0, rowBytes);
            for (int r = 0; r < rows; r++)
            {
                Span<byte> row = block.Slice(r * rowBytes, rowBytes);
                for (int i = stride; i < row.Length; i++) row[i] = (byte)(row[i] + row[i - stride]);
                row.CopyTo(planes);
                for (int s = 0; s < rowSamples; s++)
                {
                    for (int b = 0; b < bytesPerSample; b++)
                    {
                        // Plane 0 holds the most significant bytes.
                        int plane = BitConverter.IsLittleEndian ? bytesPerSample - 1 - b : b;
                        row[s * bytesPerSample + b] = planes[plane * rowSamples + s];
                    }
                }
            }
        }

        /// <summary>Reverses the byte order of each 2- or 4-byte sample (big-endian files on a little-endian machine).</summary>
        public static void SwapBytes(Span<byte> data, int bytesPerSample)
        {
            if (bytesPerSample == 2)
            {
                Span<ushort> shorts = MemoryMarshal.Cast<byte, ushort>(data);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
            }
            else if (bytesPerSample == 4)
            {
                Span<uint> words = MemoryMarshal.Cast<byte, uint>(data);
                BinaryPrimitives.ReverseEndianness(words, words);
            }
        }
    }
}
