using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>Converts native-endian samples of a decoded row to float32, one band at a time.</summary>
    internal static class SampleConversion
    {
        /// <summary>
        /// Writes <c>destination[i] = row[i * stride + sample]</c> for i below <paramref name="destination"/>'s length,
        /// the row being samples of <paramref name="type"/>.
        /// </summary>
        public static void ToSingle(ReadOnlySpan<byte> row, RasterSampleType type, int stride, int sample, Span<float> destination)
        {
            switch (type)
            {
                case RasterSampleType.UInt8:
                    if (stride == 1) Contiguous(row, destination);
                    else Strided(row, stride, sample, destination);
                    break;
                case RasterSampleType.UInt16:
                    if (stride == 1) Contiguous(MemoryMarshal.Cast<byte, ushort>(row), destination);
                    else Strided(MemoryMarshal.Cast<byte, ushort>(row), stride, sample, destination);
                    break;
                case RasterSampleType.Int16:
                    if (stride == 1) Contiguous(MemoryMarshal.Cast<byte, short>(row), destination);
                    else Strided(MemoryMarshal.Cast<byte, short>(row), stride, sample, destination);
                    break;
                default:
                    ReadOnlySpan<float> floats = MemoryMarshal.Cast<byte, float>(row);
                    if (stride == 1) floats.Slice(0, destination.Length).CopyTo(destination);
                    else for (int i = 0; i < destination.Length; i++) destination[i] = floats[i * stride + sample];
                    break;
            }
        }

        private static void Strided(ReadOnlySpan<byte> values, int stride, int sample, Span<float> destination)
        {
            for (int i = 0, j = sample; i < destination.Length; i++, j += stride) destination[i] = values[j];
        }

        private static void Strided(ReadOnlySpan<ushort> values, int stride, int sample, Span<float> destination)
        {
            for (int i = 0, j = sample; i < destination.Length; i++, j += stride) destination[i] = values[j];
        }

        private static void Strided(ReadOnlySpan<short> values, int stride, int sample, Span<float> destination)
        {
            for (int i = 0, j = sample; i < destination.Length; i++, j += stride) destination[i] = values[j];
        }

        private static void Contiguous(ReadOnlySpan<byte> values, Span<float> destination)
        {
            int n = destination.Length, i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                int step = Vector<byte>.Count;
                for (; i <= n - step; i += step)
                {
                    Vector.Widen(new Vector<byte>(values.Slice(i)), out Vector<ushort> low, out Vector<ushort> high);
                    WidenToSingle(low, destination.Slice(i));
                    WidenToSingle(high, destination.Slice(i + Vector<ushort>.Count));
                }
            }
            for (; i < n; i++) destination[i] = values[i];
        }

        private static void Contiguous(ReadOnlySpan<ushort> values, Span<float> destination)
        {
            int n = destination.Length, i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                int step = Vector<ushort>.Count;
                for (; i <= n - step; i += step) WidenToSingle(new Vector<ushort>(values.Slice(i)), destination.Slice(i));
            }
            for (; i < n; i++) destination[i] = values[i];
        }

        private static void Contiguous(ReadOnlySpan<short> values, Span<float> destination)
        {
            int n = destination.Length, i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                int step = Vector<short>.Count;
                for (; i <= n - step; i += step)
                {
                    Vector.Widen(new Vector<short>(values.Slice(i)), out Vector<int> low, out Vector<int> high);
                    Vector.ConvertToSingle(low).CopyTo(destination.Slice(i));
                    Vector.ConvertToSingle(high).CopyTo(destination.Slice(i + Vector<int>.Count));
                }
            }
            for (; i < n; i++) destination[i] = values[i];
        }

        private static void WidenToSingle(Vector<ushort> values, Span<float> destination)
        {
            Vector.Widen(values, out Vector<uint> low, out Vector<uint> high);
            Vector.ConvertToSingle(Vector.AsVectorInt32(low)).CopyTo(destination);
            Vector.ConvertToSingle(Vector.AsVectorInt32(high)).CopyTo(destination.Slice(Vector<uint>.Count));
        }
    }
}
