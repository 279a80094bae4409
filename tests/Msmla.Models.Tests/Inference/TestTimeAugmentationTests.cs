using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Models.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Inference;

public class TestTimeAugmentationTests
{
    [Fact]
    public void The_eight_transforms_are_exactly_the_dihedral_group_computed_by_index_mapping()
    {
        const int n = 5;
        using var scope = NewDisposeScope();
        Tensor x = ModelTestData.Input(1, 2, n);
        float[] values = ModelTestData.ToArray(x);
        var expected = new HashSet<string>(ManualDihedral(values, 2, n).Select(Key));
        Assert.Equal(8, expected.Count);
        var actual = new HashSet<string>(Enumerable.Range(0, 8).Select(t => Key(ModelTestData.ToArray(TestTimeAugmentation.Apply(x, t)))));
        Assert.Equal(8, actual.Count);
        Assert.True(expected.SetEquals(actual));
        Assert.Equal(values, ModelTestData.ToArray(TestTimeAugmentation.Apply(x, 0)));
    }

    [Fact]
    public void Non_square_patches_and_bad_indices_are_refused()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => TestTimeAugmentation.Apply(zeros(1, 2, 4, 5), 1));
        Assert.Contains("square", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => TestTimeAugmentation.Apply(zeros(1, 2, 4, 4), 8));
    }

    /// <summary>All 8 maps (r, c) -> (r', c') of the square's symmetry group, applied per channel with plain loops.</summary>
    internal static IEnumerable<float[]> ManualDihedral(float[] values, int channels, int n)
    {
        var maps = new List<Func<int, int, (int, int)>>
        {
            (r, c) => (r, c), (r, c) => (c, n - 1 - r), (r, c) => (n - 1 - r, n - 1 - c), (r, c) => (n - 1 - c, r),
            (r, c) => (r, n - 1 - c), (r, c) => (c, r), (r, c) => (n - 1 - r, c), (r, c) => (n - 1 - c, n - 1 - r),
        };
        foreach (var map in maps)
        {
            var output = new float[values.Length];
            for (int ch = 0; ch < channels; ch++)
            {
                for (int r = 0; r < n; r++)
                {
                    for (int c = 0; c < n; c++)
                    {
                        (int sr, int sc) = map(r, c);
                        output[(ch * n + r) * n + c] = values[(ch * n + sr) * n + sc];
                    }
                }
            }
            yield return output;
        }
    }

    private static string Key(float[] values) => string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
}
