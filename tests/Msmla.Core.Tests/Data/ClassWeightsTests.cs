using System;
using System.Globalization;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Data;

public sealed class ClassWeightsTests
{
    [SkippableFact]
    public void Balanced_weights_match_scikit_learn()
    {
        string python = PythonPeer.Require("sklearn", "numpy");
        int[] labels = Enumerable.Range(0, 500).Select(i => (i * i + 3 * i) % 13 % 11).ToArray();
        string printed = PythonPeer.Run(python, """
import sys, numpy as np
from sklearn.utils.class_weight import compute_class_weight
y = np.array([int(v) for v in sys.argv[1].split(',')])
classes = np.unique(y)
w = np.zeros(17); w[classes] = compute_class_weight('balanced', classes=classes, y=y)
print(' '.join(repr(float(v)) for v in w))
""", string.Join(",", labels));
        double[] expected = printed.Trim().Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        float[] weights = ClassWeights.Balanced(ClassWeights.Count(labels, 17));
        for (int c = 0; c < 17; c++) Assert.Equal(expected[c], weights[c], 5);
    }

    [Fact]
    public void Hand_worked_weights_and_counts()
    {
        // 6 samples of 3 present classes (counts 1, 2, 3) out of 4: N / (3 x count).
        Assert.Equal(new[] { 2f, 1f, 0f, 2f / 3f }, ClassWeights.Balanced(new long[] { 1, 2, 0, 3 }));
        Assert.Equal(new long[] { 1, 0, 2 }, ClassWeights.Count(new[] { 2, -1, 0, 2 }, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassWeights.Count(new[] { 3 }, 3));
        Assert.Throws<ArgumentException>(() => ClassWeights.Balanced(new long[] { 0, 0 }));
        Assert.Throws<ArgumentException>(() => ClassWeights.Balanced(new long[] { 1, -1 }));
    }
}
