using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        public static void ToNchw(StorageType type, ReadOnlySpan<byte> source, int rows, int pixels, int sourceChannels,
            ReadOnlySpan<int> sourceIndex, ReadOnlySpan<int> targetIndex, Span<float> target, int targetPatchValues)
        {
            switch (type)
            {
                case StorageType.Float64: Convert(MemoryMarshal.Cast<byte, double>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.Float32: Convert(MemoryMarshal.Cast<byte, float>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.Int8: Convert(MemoryMarshal.Cast<byte, sbyte>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.UInt8: Convert(source, rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.Int16: Convert(MemoryMarshal.Cast<byte, short>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.UInt16: Convert(MemoryMarshal.Cast<byte, ushort>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.Int32: Convert(MemoryMarshal.Cast<byte, int>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.UInt32: Convert(MemoryMarshal.Cast<byte, uint>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                case StorageType.Int64: Convert(MemoryMarshal.Cast<byte, long>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
                default: Convert(MemoryMarshal.Cast<byte, ulong>(source), rows, pixels, sourceChannels, sourceIndex, targetIndex, target, targetPatchValues); break;
            }
        }

        private static void Convert<T>(ReadOnlySpan<T> source, int rows, int pixels, int sourceChannels,
            ReadOnlySpan<int> sourceIndex, ReadOnlySpan<int> targetIndex, Span<float> target, int targetPatchValues)
            where T : unmanaged, INumberBase<T>
        {
            int sourcePatchValues = pixels * sourceChannels;
            if (source.Length < rows * sourcePatchValues) throw new ArgumentException("The source is shorter than the rows.", nameof(source));
            if (target.Length < (rows - 1) * targetPatchValues + pixels) throw new ArgumentException("The target is shorter than the rows.", nameof(target));
            for (int k = 0; k < sourceIndex.Length; k++)
            {
                if ((uint)sourceIndex[k] >= (uint)sourceChannels || targetIndex[k] < 0 || (targetIndex[k] + 1) * pixels > targetPatchValues)
                    throw new ArgumentOutOfRangeException(nameof(sourceIndex), "A channel index is out of range.");
            }
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
