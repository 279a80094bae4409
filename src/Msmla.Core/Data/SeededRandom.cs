using System;

namespace Msmla.Core.Data
{
    /// <summary>
    /// A small, fast pseudo-random generator (xoshiro256**, seeded through SplitMix64) whose sequence
    /// depends only on its seed: the same on every platform and .NET version, unlike
    /// <see cref="Random"/>. Shuffles, augmentation and synthetic data draw from it so that a seed
    /// fixes a run.
    /// </summary>
    /// <remarks>Not thread-safe: give each thread its own instance (derive seeds with <see cref="Combine(ulong, ulong)"/>).</remarks>
    internal sealed class SeededRandom
    {
        private ulong _s0;
        private ulong _s1;
        private ulong _s2;
        private ulong _s3;

        /// <summary>Creates a generator whose state is expanded from <paramref name="seed"/> with SplitMix64.</summary>
        public SeededRandom(ulong seed)
        {
            ulong x = seed;
            _s0 = SplitMix64(ref x);
            _s1 = SplitMix64(ref x);
            _s2 = SplitMix64(ref x);
            _s3 = SplitMix64(ref x);
        }

        /// <summary>Creates a generator for a combination of keys, for example (seed, epoch, patch index).</summary>
        public static SeededRandom For(long seed, long key1, long key2 = 0) =>
            new(Combine(Combine((ulong)seed, (ulong)key1), (ulong)key2));

        /// <summary>Mixes two 64-bit values into one well-distributed seed (order matters).</summary>
        public static ulong Combine(ulong a, ulong b)
        {
            ulong x = a ^ (b + 0x9E3779B97F4A7C15UL + (a << 6) + (a >> 2));
            return SplitMix64(ref x);
        }

        /// <summary>The next 64 random bits.</summary>
        public ulong NextUInt64()
        {
            ulong result = RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotateLeft(_s3, 45);
            return result;
        }

        /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is not positive.</exception>
        public long NextInt64(long maxExclusive)
        {
            if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "The bound must be positive.");
            ulong bound = (ulong)maxExclusive;
            // Rejection sampling on the top bits: exact and unbiased.
            ulong threshold = (0UL - bound) % bound;
            while (true)
            {
                ulong r = NextUInt64();
                if (r >= threshold) return (long)(r % bound);
            }
        }

        /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
        public int NextInt(int maxExclusive) => (int)NextInt64(maxExclusive);

        /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
        public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1U << 24));

        /// <summary>True or false with equal probability.</summary>
        public bool NextBoolean() => (NextUInt64() >> 63) != 0;

        /// <summary>A standard normal value (Box-Muller).</summary>
        public double NextGaussian()
        {
            double u1 = 1.0 - NextDouble();
            double u2 = NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates, drawing from this generator).</summary>
        public void Shuffle<T>(Span<T> values)
        {
            for (int i = values.Length - 1; i > 0; i--)
            {
                int j = (int)NextInt64(i + 1);
                (values[i], values[j]) = (values[j], values[i]);
            }
        }

        private static ulong SplitMix64(ref ulong x)
        {
            ulong z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
    }
}
