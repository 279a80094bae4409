using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Msmla.Data.Pipeline
{
    /// <summary>Fast detection of NaN and infinite values.</summary>
    internal static class FiniteCheck
    {
        /// <summary>Whether every value is finite.</summary>
        public static bool AllFinite(ReadOnlySpan<float> values)
        {
            // x - x is 0 for finite x and NaN for NaN or +-Inf; NaN then survives the sum.
            var accumulator = Vector<float>.Zero;
            ReadOnlySpan<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            for (int i = 0; i < vectors.Length; i++) accumulator += vectors[i] - vectors[i];
            if (!Vector.EqualsAll(accumulator, accumulator)) return false;
            for (int i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
            {
                if (!float.IsFinite(values[i])) return false;
            }
            return true;
        }

        /// <summary>The position of the first non-finite value, or -1.</summary>
        public static int FirstNonFinite(ReadOnlySpan<float> values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (!float.IsFinite(values[i])) return i;
            }
            return -1;
        }

        /// <summary>How many values are not finite.</summary>
        public static int CountNonFinite(ReadOnlySpan<float> values)
        {
            int count = 0;
            for (int i = 0; i < values.Length; i++)
            {
                if (!float.IsFinite(values[i])) count++;
            }
            return count;
        }
    }
}
