using System;
using System.Globalization;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Data;

public sealed class SeededRandomTests
{
    /// <summary>An independent Python implementation of SplitMix64 seeding, xoshiro256**, Combine and the bounded draw.</summary>
    private const string Reference = """
import sys
M = (1 << 64) - 1
def splitmix(x):
    x = (x + 0x9E3779B97F4A7C15) & M
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return x, z ^ (z >> 31)
def rotl(x, k): return ((x << k) | (x >> (64 - k))) & M
class Xoshiro:
    def __init__(self, seed):
        self.s = []
        x = seed
        for _ in range(4):
            x, z = splitmix(x); self.s.append(z)
    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45)
        return result
    def bounded(self, bound):
        threshold = ((-bound) & M) % bound
        while True:
            r = self.next()
            if r >= threshold: return r % bound
def combine(a, b):
    x = a ^ ((b + 0x9E3779B97F4A7C15 + ((a << 6) & M) + (a >> 2)) & M)
    return splitmix(x)[1]
r = Xoshiro(12345)
print(' '.join(str(r.next()) for _ in range(5)))
r = Xoshiro(combine(combine(7, 3), 99))
print(' '.join(str(r.bounded(1000003)) for _ in range(5)))
""";

    [SkippableFact]
    public void The_sequence_matches_an_independent_implementation_of_xoshiro256_star_star()
    {
        string python = PythonPeer.Require();
        string[] lines = PythonPeer.Run(python, Reference).Trim().Split('\n');
        var random = new SeededRandom(12345);
        Assert.Equal(lines[0].Split(' ').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)), Enumerable.Range(0, 5).Select(_ => random.NextUInt64()));
        SeededRandom derived = SeededRandom.For(7, 3, 99);
        Assert.Equal(lines[1].Split(' ').Select(s => long.Parse(s, CultureInfo.InvariantCulture)), Enumerable.Range(0, 5).Select(_ => derived.NextInt64(1000003)));
    }

    [Fact]
    public void Draws_stay_in_range_and_shuffles_are_permutations()
    {
        var random = new SeededRandom(1);
        for (int i = 0; i < 1000; i++)
        {
            Assert.InRange(random.NextDouble(), 0, 1 - double.Epsilon);
            Assert.InRange(random.NextSingle(), 0f, 1f - float.Epsilon);
            Assert.InRange(random.NextInt(7), 0, 6);
        }
        int[] values = Enumerable.Range(0, 100).ToArray();
        random.Shuffle(values.AsSpan());
        Assert.Equal(Enumerable.Range(0, 100), values.Order());
        Assert.NotEqual(Enumerable.Range(0, 100), values);
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt64(0));
        double[] gaussians = Enumerable.Range(0, 20000).Select(_ => random.NextGaussian()).ToArray();
        Assert.InRange(gaussians.Average(), -0.03, 0.03);
        Assert.InRange(Math.Sqrt(gaussians.Average(g => g * g)), 0.97, 1.03);
    }
}
