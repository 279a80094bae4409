using System;
using System.Globalization;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.So2Sat;
using Msmla.Data.Statistics;
using Msmla.Data.Tests.Support;
using Msmla.Data.Transforms;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Statistics;

public sealed class ClassStatisticsTests : IClassFixture<So2SatFixture>
{
    private readonly So2SatFixture _files;

    public ClassStatisticsTests(So2SatFixture files)
    {
        _files = files;
    }

    [SkippableFact]
    public void Counts_and_balanced_weights_of_a_file_match_scikit_learn()
    {
        string python = PythonPeer.Require("h5py", "numpy", "sklearn");
        string file = _files.Require("contiguous-f64.h5");
        string printed = PythonPeer.Run(python, """
import sys, h5py, numpy as np
from sklearn.utils.class_weight import compute_class_weight
with h5py.File(sys.argv[1], 'r') as f:
    y = f['label'][()].argmax(axis=1)
present = np.unique(y)
w = compute_class_weight('balanced', classes=present, y=y)
full = np.zeros(17); full[present] = w
print(' '.join(str(int(c)) for c in np.bincount(y, minlength=17)))
print(' '.join(repr(float(v)) for v in full))
""", file);
        string[] lines = printed.Trim().Split('\n');
        long[] counts = lines[0].Split(' ').Select(long.Parse).ToArray();
        double[] weights = lines[1].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        using Hdf5PatchSource source = So2SatReader.Open(file);
        Assert.Equal(counts, ClassStatistics.CountClasses(source));
        Assert.Equal(counts, ClassStatistics.CountClasses(source.Normalize(NormalizationOptions.So2SatStatistics).Augment(new AugmentationOptions { HorizontalFlip = true }, 1)));
        float[] ours = ClassStatistics.BalancedWeights(source);
        for (int c = 0; c < 17; c++) Assert.Equal(weights[c], ours[c], 5);
    }

    [Fact]
    public void Other_sources_are_streamed()
    {
        ArrayPatchSource array = new(new float[6], new[] { 0, 2, 2, 2, 1, 2 }, new[] { "x" }, 1, 1, 4);
        Assert.Equal(new long[] { 1, 1, 4, 0 }, ClassStatistics.CountClasses(array));
        Assert.Equal(new long[] { 1, 1, 4, 0 }, ClassStatistics.CountClasses(new Passthrough(array)));
        ArrayPatchSource unlabelled = new(new float[6], null, new[] { "x" }, 1, 1, 4);
        Assert.Throws<ArgumentException>(() => ClassStatistics.CountClasses(unlabelled));
    }

    private sealed class Passthrough : TransformedPatchSource
    {
        public Passthrough(IPatchSource inner)
            : base(inner)
        {
        }

        protected override void Transform(PatchBatch batch, int epoch)
        {
        }
    }
}
