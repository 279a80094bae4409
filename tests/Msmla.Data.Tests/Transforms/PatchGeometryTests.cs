using System;
using System.IO;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.Tests.Support;
using Msmla.Data.Transforms;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Transforms;

public sealed class PatchGeometryTests
{
    private static readonly double[] s_angles = { 30, -45.5, 77.25, 90, -170, 12.5 };

    [SkippableFact]
    public void Flips_quarter_turns_and_rotations_match_numpy_and_scipy()
    {
        string python = PythonPeer.Require("numpy", "scipy");
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        const int h = 9, w = 9, rh = 7, rw = 11;
        float[] square = Plane(h * w, 1);
        float[] oblong = Plane(rh * rw, 2);
        RawArrays.Write(dir.File("square.f32"), square);
        RawArrays.Write(dir.File("oblong.f32"), oblong);
        PythonPeer.Run(python, """
import sys, os
import numpy as np
from scipy import ndimage
d = sys.argv[1]
sq = np.fromfile(os.path.join(d, 'square.f32'), dtype='<f4').reshape(9, 9).astype(np.float64)
ob = np.fromfile(os.path.join(d, 'oblong.f32'), dtype='<f4').reshape(7, 11).astype(np.float64)
def save(name, a): np.asarray(a, dtype='<f8').tofile(os.path.join(d, name))
save('flip-h.f64', np.flip(ob, axis=1)); save('flip-v.f64', np.flip(ob, axis=0))
for k in (1, 2, 3): save(f'rot90-{k}.f64', np.rot90(sq, k))
for mode in ('reflect', 'nearest', 'constant'):
    for i, angle in enumerate([30, -45.5, 77.25, 90, -170, 12.5]):
        save(f'{mode}-{i}.f64', ndimage.rotate(sq, angle, reshape=False, order=1, mode=mode, cval=0.0))
        save(f'{mode}-oblong-{i}.f64', ndimage.rotate(ob, angle, reshape=False, order=1, mode=mode, cval=0.0))
""", dir.Path);

        float[] plane = (float[])oblong.Clone();
        PatchGeometry.FlipHorizontal(plane, rh, rw);
        Assert.Equal(Doubles(dir, "flip-h.f64"), plane.Select(v => (double)v));
        plane = (float[])oblong.Clone();
        PatchGeometry.FlipVertical(plane, rh, rw);
        Assert.Equal(Doubles(dir, "flip-v.f64"), plane.Select(v => (double)v));
        for (int k = 1; k <= 3; k++)
        {
            var turned = new float[h * w];
            PatchGeometry.RotateQuarterTurns(square, turned, h, k);
            Assert.Equal(Doubles(dir, $"rot90-{k}.f64"), turned.Select(v => (double)v));
        }
        foreach ((BorderMode mode, string name) in new[] { (BorderMode.Reflect, "reflect"), (BorderMode.Nearest, "nearest"), (BorderMode.Constant, "constant") })
        {
            for (int i = 0; i < s_angles.Length; i++)
            {
                var rotated = new float[h * w];
                PatchGeometry.Rotate(square, rotated, h, w, s_angles[i], mode);
                AssertClose(Doubles(dir, $"{name}-{i}.f64"), rotated, $"{name} {s_angles[i]} degrees");
                var rotatedOblong = new float[rh * rw];
                PatchGeometry.Rotate(oblong, rotatedOblong, rh, rw, s_angles[i], mode);
                AssertClose(Doubles(dir, $"{name}-oblong-{i}.f64"), rotatedOblong, $"{name} 7x11 {s_angles[i]} degrees");
            }
        }
    }

    [Fact]
    public void A_hand_worked_rotation_of_a_three_by_three_plane()
    {
        // 1 2 3 / 4 5 6 / 7 8 9 turned 90 degrees counter-clockwise is 3 6 9 / 2 5 8 / 1 4 7, exactly.
        float[] plane = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        var turned = new float[9];
        PatchGeometry.Rotate(plane, turned, 3, 3, 90, BorderMode.Constant);
        Assert.Equal(new float[] { 3, 6, 9, 2, 5, 8, 1, 4, 7 }, turned);
        // The plane is f(row, col) = 3 row + col + 1, which bilinear interpolation reproduces exactly.
        // At 45 degrees output (r, c) samples input row = cos(r - 1) + sin(c - 1) + 1, column = -sin(r - 1) + cos(c - 1) + 1.
        // Output (0, 0) samples (1 - sqrt2, 1): outside, so 0 with Constant. The centre stays 5.
        // Output (0, 1) samples (1 - 1/sqrt2, 1 + 1/sqrt2) = (0.2929, 1.7071): 3 * 0.2929 + 1.7071 + 1.
        PatchGeometry.Rotate(plane, turned, 3, 3, 45, BorderMode.Constant);
        double s = 1 / Math.Sqrt(2);
        Assert.Equal(0f, turned[0]);
        Assert.Equal(5f, turned[4], 5);
        Assert.Equal(3 * (1 - s) + (1 + s) + 1, turned[1], 5);
        // With Nearest, row 1 - sqrt2 = -0.414 takes row 0 for both taps: f(0, 1) = 2.
        PatchGeometry.Rotate(plane, turned, 3, 3, 45, BorderMode.Nearest);
        Assert.Equal(2f, turned[0], 5);
    }

    [Fact]
    public void Apply_combines_flips_turns_and_rotation_on_every_channel()
    {
        const int c = 3, n = 6;
        float[] patch = Plane(c * n * n, 5);
        float[] expected = (float[])patch.Clone();
        var drawn = new PatchAugmentation(true, true, 3, 20);
        var scratch = new float[n * n];
        for (int ch = 0; ch < c; ch++)
        {
            Span<float> plane = expected.AsSpan(ch * n * n, n * n);
            PatchGeometry.FlipHorizontal(plane, n, n);
            PatchGeometry.FlipVertical(plane, n, n);
            plane.CopyTo(scratch);
            PatchGeometry.RotateQuarterTurns(scratch, plane, n, 3);
            plane.CopyTo(scratch);
            PatchGeometry.Rotate(scratch, plane, n, n, 20, BorderMode.Nearest);
        }
        PatchGeometry.Apply(drawn, patch, c, n, n, BorderMode.Nearest);
        Assert.Equal(expected, patch);
        Assert.Throws<ArgumentException>(() => PatchGeometry.Apply(new PatchAugmentation(false, false, 1, 0), new float[2 * 3 * 4], 2, 3, 4, BorderMode.Reflect));
    }

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"{what}: pixel {i} is {actual[i]}, scipy gives {expected[i]}");
    }

    private static double[] Doubles(TemporaryDirectory dir, string name) => RawArrays.Doubles(dir.File(name));

    private static float[] Plane(int length, ulong seed)
    {
        var rng = new SeededRandom(seed);
        return Enumerable.Range(0, length).Select(_ => (float)Math.Round(rng.NextDouble() * 100, 2)).ToArray();
    }
}
