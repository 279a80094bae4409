using System;
using Msmla.Core.Preprocessing;

namespace Msmla.Data.Transforms
{
    /// <summary>
    /// Geometric operations on patches stored channels first (CHW): exact flips and quarter turns
    /// (as <c>numpy.flip</c> and <c>numpy.rot90</c>) and bilinear rotation by any angle about the patch
    /// centre (as <c>scipy.ndimage.rotate(x, angle, reshape=False, order=1, mode=...)</c>, cval 0).
    /// </summary>
    internal static class PatchGeometry
    {
        [ThreadStatic]
        private static int[]? t_taps;

        [ThreadStatic]
        private static float[]? t_weights;

        [ThreadStatic]
        private static float[]? t_scratch;

        /// <summary>Applies a drawn augmentation to one patch in place.</summary>
        /// <param name="augmentation">What to do.</param>
        /// <param name="patch">Channels x height x width values.</param>
        /// <param name="channels">Channels.</param>
        /// <param name="height">Height.</param>
        /// <param name="width">Width.</param>
        /// <param name="border">How rotation fills pixels from outside the patch.</param>
        /// <exception cref="ArgumentException">Quarter turns of a patch that is not square, or a span of the wrong length.</exception>
        public static void Apply(PatchAugmentation augmentation, Span<float> patch, int channels, int height, int width, BorderMode border)
        {
            // Per-thread buffers: augmentation then allocates nothing, batch after batch.
            int pixels = height * width;
            Apply(augmentation, patch, channels, height, width, border,
                Buffer(ref t_taps, pixels * 4), Buffer(ref t_weights, pixels * 4), Buffer(ref t_scratch, pixels));
        }

        /// <summary>As <see cref="Apply(PatchAugmentation, Span{float}, int, int, int, BorderMode)"/>, with caller-owned work buffers (4 x pixels, 4 x pixels, pixels).</summary>
        internal static void Apply(PatchAugmentation augmentation, Span<float> patch, int channels, int height, int width, BorderMode border,
            int[] taps, float[] plan, float[] scratchBuffer)
        {
            int pixels = height * width;
            if (patch.Length != channels * pixels) throw new ArgumentException($"The patch holds {patch.Length} values, not {channels}x{height}x{width}.", nameof(patch));
            int turns = ((augmentation.QuarterTurns % 4) + 4) % 4;
            if (turns % 2 == 1 && height != width) throw new ArgumentException($"Quarter turns need square patches, not {height}x{width}.", nameof(augmentation));
            bool rotate = augmentation.RotationDegrees % 360 != 0;
            if (taps.Length < pixels * 4 || plan.Length < pixels * 4 || scratchBuffer.Length < pixels) throw new ArgumentException("Work buffers are too small.", nameof(taps));
            Span<float> scratch = scratchBuffer.AsSpan(0, pixels);
            if (rotate) PlanRotation(height, width, augmentation.RotationDegrees, border, taps, plan);
            for (int c = 0; c < channels; c++)
            {
                Span<float> plane = patch.Slice(c * pixels, pixels);
                if (augmentation.FlipHorizontal) FlipHorizontal(plane, height, width);
                if (augmentation.FlipVertical) FlipVertical(plane, height, width);
                if (turns != 0)
                {
                    plane.CopyTo(scratch);
                    RotateQuarterTurns(scratch, plane, height, turns);
                }
                if (rotate)
                {
                    plane.CopyTo(scratch);
                    Resample(scratch, plane, taps, plan);
                }
            }
        }

        /// <summary>Mirrors a plane left-right in place (<c>numpy.flip(x, axis=1)</c>).</summary>
        public static void FlipHorizontal(Span<float> plane, int height, int width)
        {
            for (int y = 0; y < height; y++) plane.Slice(y * width, width).Reverse();
        }

        /// <summary>Mirrors a plane top-bottom in place (<c>numpy.flip(x, axis=0)</c>).</summary>
        public static void FlipVertical(Span<float> plane, int height, int width)
        {
            for (int top = 0, bottom = height - 1; top < bottom; top++, bottom--)
            {
                Span<float> a = plane.Slice(top * width, width);
                Span<float> b = plane.Slice(bottom * width, width);
                for (int x = 0; x < width; x++) (a[x], b[x]) = (b[x], a[x]);
            }
        }

        /// <summary>Rotates a square plane counter-clockwise by <paramref name="turns"/> quarter turns (<c>numpy.rot90(x, turns)</c>).</summary>
        public static void RotateQuarterTurns(ReadOnlySpan<float> source, Span<float> target, int size, int turns)
        {
            turns = ((turns % 4) + 4) % 4;
            int last = size - 1;
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    target[i * size + j] = turns switch
                    {
                        0 => source[i * size + j],
                        1 => source[j * size + (last - i)],
                        2 => source[(last - i) * size + (last - j)],
                        _ => source[(last - j) * size + i],
                    };
                }
            }
        }

        /// <summary>Rotates a plane counter-clockwise by <paramref name="degrees"/> about its centre, bilinearly.</summary>
        public static void Rotate(ReadOnlySpan<float> source, Span<float> target, int height, int width, double degrees, BorderMode border)
        {
            var taps = new int[height * width * 4];
            var weights = new float[height * width * 4];
            PlanRotation(height, width, degrees, border, taps, weights);
            Resample(source, target, taps, weights);
        }

        private static void Resample(ReadOnlySpan<float> source, Span<float> target, int[] taps, float[] weights)
        {
            for (int o = 0; o < target.Length; o++)
            {
                int t = o * 4;
                float sum = 0;
                for (int k = 0; k < 4; k++)
                {
                    int at = taps[t + k];
                    if (at >= 0) sum += weights[t + k] * source[at];
                }
                target[o] = sum;
            }
        }

        /// <summary>For every output pixel, the four source pixels (or -1 for zero) and their bilinear weights.</summary>
        private static void PlanRotation(int height, int width, double degrees, BorderMode border, int[] taps, float[] weights)
        {
            (double cos, double sin) = CosSin(degrees);
            double cy = (height - 1) / 2.0;
            double cx = (width - 1) / 2.0;
            for (int oy = 0; oy < height; oy++)
            {
                for (int ox = 0; ox < width; ox++)
                {
                    // scipy.ndimage.rotate: input coordinate = M (output - centre) + centre, M = [[cos, sin], [-sin, cos]] over (row, column).
                    double y = cos * (oy - cy) + sin * (ox - cx) + cy;
                    double x = -sin * (oy - cy) + cos * (ox - cx) + cx;
                    int t = (oy * width + ox) * 4;
                    if (border == BorderMode.Constant && (y < 0 || y > height - 1 || x < 0 || x > width - 1))
                    {
                        taps[t] = taps[t + 1] = taps[t + 2] = taps[t + 3] = -1;
                        continue;
                    }
                    double fy = Math.Floor(y);
                    double fx = Math.Floor(x);
                    double wy = y - fy;
                    double wx = x - fx;
                    int y0 = Map((long)fy, height, border);
                    int y1 = Map((long)fy + 1, height, border);
                    int x0 = Map((long)fx, width, border);
                    int x1 = Map((long)fx + 1, width, border);
                    taps[t] = y0 * width + x0;
                    taps[t + 1] = y0 * width + x1;
                    taps[t + 2] = y1 * width + x0;
                    taps[t + 3] = y1 * width + x1;
                    weights[t] = (float)((1 - wy) * (1 - wx));
                    weights[t + 1] = (float)((1 - wy) * wx);
                    weights[t + 2] = (float)(wy * (1 - wx));
                    weights[t + 3] = (float)(wy * wx);
                }
            }
        }

        private static T[] Buffer<T>(ref T[]? cached, int length)
        {
            if (cached == null || cached.Length < length) cached = new T[length];
            return cached;
        }

        private static int Map(long i, int n, BorderMode border)
        {
            if (i >= 0 && i < n) return (int)i;
            switch (border)
            {
                case BorderMode.Reflect:
                    // Half-sample symmetric, period 2n: -1 -> 0, n -> n - 1.
                    long period = 2L * n;
                    long m = ((i % period) + period) % period;
                    return (int)(m < n ? m : period - 1 - m);
                default:
                    // Nearest, and Constant at an exact edge where the outside tap has weight 0.
                    return i < 0 ? 0 : n - 1;
            }
        }

        private static (double Cos, double Sin) CosSin(double degrees)
        {
            double d = degrees % 360;
            if (d < 0) d += 360;
            // Exact values at multiples of 90 degrees, as scipy's cosdg/sindg give.
            if (d == 0) return (1, 0);
            if (d == 90) return (0, 1);
            if (d == 180) return (-1, 0);
            if (d == 270) return (0, -1);
            double r = degrees * Math.PI / 180;
            return (Math.Cos(r), Math.Sin(r));
        }
    }
}
