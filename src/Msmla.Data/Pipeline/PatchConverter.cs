using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Msmla.Data.Hdf5;

namespace Msmla.Data.Pipeline
{
    /// <summary>
    /// Converts rows read from a channels-last (NHWC) dataset straight into float32 channels-first
    /// (NCHW) batch storage, picking and reordering channels on the way: one pass from the read buffer
    /// to the batch, with no intermediate copy.
    /// </summary>
    internal static class PatchConverter
    {
        /// <summary>Converts <paramref name="rows"/> patches.</summary>
        /// <param name="type">The element type of <paramref name="source"/>.</param>
        /// <param name="source">rows x pixels x sourceChannels native-endian elements.</param>
        /// <param name="rows">The number of patches.</param>
        /// <param name="pixels">Pixels per patch (height x width).</param>
        /// <param name="sourceChannels">Channels per pixel in the source.</param>
        /// <param name="sourceIndex">For each converted channel, its index in the source.</param>
        /// <param name="targetIndex">For each converted channel, its index in the target patch.</param>
        /// <param name="target">The first target patch, followed by the others.</param>
        /// <param name="targetPatchValues">Values per target patch (all its channels x pixels).</param>
        /// <returns>
        /// True when every converted value is known to be finite (checked on the way, at almost no cost, by
        /// the vector path; always for integers); false when the rows must be checked separately.
        /// </returns>
        public static bool ToNchw(StorageType type, ReadOnlySpan<byte> source, int rows, int pixels, int sourceChannels,
            ReadOnlySpan<int> sourceIndex, ReadOnlySpan<int> targetIndex, Span<float> target, int targetPatchValues)
        {
            switch (type)
            {
                case StorageType.Float64 when Vector256.IsHardwareAccelerated && sourceChannels <= MaxBlockedChannels:
                    return ConvertBlocked(MemoryMarshal.Cast<byte, double>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues);
                case StorageType.Float32 when Vector256.IsHardwareAccelerated && sourceChannels <= MaxBlockedChannels:
                    return ConvertBlocked(MemoryMarshal.Cast<byte, float>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues);
                case StorageType.Float64: Convert(MemoryMarshal.Cast<byte, double>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); return false;
                case StorageType.Float32: Convert(MemoryMarshal.Cast<byte, float>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); return false;
                case StorageType.Int8: Convert(MemoryMarshal.Cast<byte, sbyte>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.UInt8: Convert(source, rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.Int16: Convert(MemoryMarshal.Cast<byte, short>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.UInt16: Convert(MemoryMarshal.Cast<byte, ushort>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.Int32: Convert(MemoryMarshal.Cast<byte, int>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.UInt32: Convert(MemoryMarshal.Cast<byte, uint>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.Int64: Convert(MemoryMarshal.Cast<byte, long>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                default: Convert(MemoryMarshal.Cast<byte, ulong>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
            }
            // Integers convert to finite floats.
            return true;
        }

        /// <summary>Channels up to which the blocked path keeps a block of 8 pixels in a stack buffer.</summary>
        private const int MaxBlockedChannels = 64;

        /// <summary>
        /// The fast path for float storage: 8 pixels at a time, all their channels (contiguous in the source)
        /// are converted to float32 with vector instructions into a small buffer that stays in L1, and each
        /// wanted channel's 8 values are then stored as one vector into its plane. On the way, x - x is
        /// accumulated for every value (0 when finite, NaN otherwise), which detects non-finite values for free.
        /// </summary>
        private static bool ConvertBlocked<T>(ReadOnlySpan<T> source, int rows, int pixels, int sourceChannels,
            ReadOnlySpan<int> sourceIndex, ReadOnlySpan<int> targetIndex, Span<float> target, int targetPatchValues)
            where T : unmanaged, INumberBase<T>
        {
            int sourcePatchValues = pixels * sourceChannels;
            Check(source, rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues);
            int blockValues = 8 * sourceChannels;
            Span<float> block = stackalloc float[8 * MaxBlockedChannels];
            ref float buffer = ref MemoryMarshal.GetReference(block);
            ref T src = ref MemoryMarshal.GetReference(source);
            ref float dst = ref MemoryMarshal.GetReference(target);
            int fullPixels = pixels & ~7;
            Vector256<float> check = Vector256<float>.Zero;
            bool tailFinite = true;
            for (int r = 0; r < rows; r++)
            {
                ref T row = ref Unsafe.Add(ref src, r * sourcePatchValues);
                ref float patch = ref Unsafe.Add(ref dst, r * targetPatchValues);
                for (int p = 0; p < fullPixels; p += 8)
                {
                    ref T from = ref Unsafe.Add(ref row, p * sourceChannels);
                    if (typeof(T) == typeof(double))
                    {
                        ref double d = ref Unsafe.As<T, double>(ref from);
                        // 8 pixels hold 8 x C values: a multiple of 8, so whole vectors.
                        for (int k = 0; k < blockValues; k += 8)
                        {
                            Vector256<float> v = Vector256.Narrow(Vector256.LoadUnsafe(ref d, (nuint)k), Vector256.LoadUnsafe(ref d, (nuint)(k + 4)));
                            check += v - v;
                            v.StoreUnsafe(ref buffer, (nuint)k);
                        }
                    }
                    else
                    {
                        ref float f = ref Unsafe.As<T, float>(ref from);
                        for (int k = 0; k < blockValues; k += 8)
                        {
                            Vector256<float> v = Vector256.LoadUnsafe(ref f, (nuint)k);
                            check += v - v;
                            v.StoreUnsafe(ref buffer, (nuint)k);
                        }
                    }
                    for (int k = 0; k < sourceIndex.Length; k++)
                    {
                        int c = sourceIndex[k];
                        int C = sourceChannels;
                        Vector256.Create(
                            Unsafe.Add(ref buffer, c), Unsafe.Add(ref buffer, C + c), Unsafe.Add(ref buffer, 2 * C + c), Unsafe.Add(ref buffer, 3 * C + c),
                            Unsafe.Add(ref buffer, 4 * C + c), Unsafe.Add(ref buffer, 5 * C + c), Unsafe.Add(ref buffer, 6 * C + c), Unsafe.Add(ref buffer, 7 * C + c))
                            .StoreUnsafe(ref patch, (nuint)(targetIndex[k] * pixels + p));
                    }
                }
                for (int k = 0; k < sourceIndex.Length; k++)
                {
                    ref T from = ref Unsafe.Add(ref row, sourceIndex[k]);
                    ref float plane = ref Unsafe.Add(ref patch, targetIndex[k] * pixels);
                    for (int p = fullPixels; p < pixels; p++)
                    {
                        float value = float.CreateTruncating(Unsafe.Add(ref from, p * sourceChannels));
                        tailFinite &= float.IsFinite(value);
                        Unsafe.Add(ref plane, p) = value;
                    }
                }
            }
            return tailFinite && Vector256.EqualsAll(check, check);
        }

        private static void Check<T>(ReadOnlySpan<T> source, int rows, int pixels, int sourceChannels,
            ReadOnlySpan<int> sourceIndex, ReadOnlySpan<int> targetIndex, Span<float> target, int targetPatchValues)
        {
            if (source.Length < rows * pixels * sourceChannels) throw new ArgumentException("The source is shorter than the rows.", nameof(source));
            if (target.Length < (rows - 1) * targetPatchValues + pixels) throw new ArgumentException("The target is shorter than the rows.", nameof(target));
            if (sourceIndex.Length != targetIndex.Length) throw new ArgumentException("Channel lists differ in length.", nameof(targetIndex));
            for (int k = 0; k < sourceIndex.Length; k++)
            {
                if ((uint)sourceIndex[k] >= (uint)sourceChannels || targetIndex[k] < 0 || (targetIndex[k] + 1) * pixels > targetPatchValues)
                    throw new ArgumentOutOfRangeException(nameof(sourceIndex), "A channel index is out of range.");
            }
        }

        private static void Convert<T>(ReadOnlySpan<T> source, int rows, int pixels, int sourceChannels,
            ReadOnlySpan<int> sourceIndex, ReadOnlySpan<int> targetIndex, Span<float> target, int targetPatchValues)
            where T : unmanaged, INumberBase<T>
        {
            int sourcePatchValues = pixels * sourceChannels;
            Check(source, rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues);
            ref T src = ref MemoryMarshal.GetReference(source);
            ref float dst = ref MemoryMarshal.GetReference(target);
            for (int r = 0; r < rows; r++)
            {
                ref T row = ref Unsafe.Add(ref src, r * sourcePatchValues);
                ref float patch = ref Unsafe.Add(ref dst, r * targetPatchValues);
                for (int k = 0; k < sourceIndex.Length; k++)
                {
                    ref T from = ref Unsafe.Add(ref row, sourceIndex[k]);
                    ref float plane = ref Unsafe.Add(ref patch, targetIndex[k] * pixels);
                    for (int p = 0; p < pixels; p++)
                        Unsafe.Add(ref plane, p) = float.CreateTruncating(Unsafe.Add(ref from, p * sourceChannels));
                }
            }
        }
    }
}
