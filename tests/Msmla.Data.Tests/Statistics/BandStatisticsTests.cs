using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.So2Sat;
using Msmla.Data.Statistics;
using Msmla.Data.Tests.Support;
using Msmla.Data.Transforms;

namespace Msmla.Data.Tests.Statistics;

public sealed class BandStatisticsTests : IClassFixture<So2SatFixture>
{
    private readonly So2SatFixture _files;

    public BandStatisticsTests(So2SatFixture files)
    {
        _files = files;
    }

    [SkippableFact]
    public void Streamed_statistics_of_a_file_match_numpy()
    {
        string file = _files.Require("gzip-f64.h5");
        // numpy over the values the reader yields (float64 on disk, float32 in batches), in float64.
        string json = H5Py.Run("""
with h5py.File(sys.argv[1], 'r') as f:
    a = np.concatenate([f['sen2'][()], f['sen1'][()]], axis=3).astype(np.float32).astype(np.float64)
print(json.dumps({'mean': a.mean(axis=(0, 1, 2)).tolist(), 'std': a.std(axis=(0, 1, 2)).tolist(),
                  'min': a.min(axis=(0, 1, 2)).tolist(), 'max': a.max(axis=(0, 1, 2)).tolist()}))
""", file);
        using JsonDocument reference = JsonDocument.Parse(json);
        using Hdf5PatchSource source = So2SatReader.Open(file, new So2SatReadOptions { Modality = SensorModality.Both });
        long reported = 0;
        BandStatistics stats = BandStatistics.Compute(source, batchSize: 5, progress: new Progress(p => reported = p));
        Assert.Equal(So2SatFixture.Count * 1024L, stats.PixelCount);
        Assert.Equal(source.Info.ChannelNames, stats.ChannelNames);
        Assert.Equal(So2SatFixture.Count, reported);
        AssertClose(reference.RootElement.GetProperty("mean"), stats.Mean, 1e-12);
        AssertClose(reference.RootElement.GetProperty("std"), stats.Std, 1e-10);
        AssertClose(reference.RootElement.GetProperty("min"), stats.Min, 0);
        AssertClose(reference.RootElement.GetProperty("max"), stats.Max, 0);
    }

    [Fact]
    public void The_pairwise_update_is_stable_for_large_offsets()
    {
        // Values 1e4 + {0, 1, 2, 3} repeated: mean 10001.5, std sqrt(1.25), which a naive sum of squares in float64 would blur.
        var data = new float[64 * 4];
        for (int i = 0; i < data.Length; i++) data[i] = 10000 + (i % 4);
        var source = new ArrayPatchSource(data, null, new[] { "x" }, 2, 2, 2);
        BandStatistics stats = BandStatistics.Compute(source, batchSize: 3);
        Assert.Equal(10001.5, stats.Mean[0], 12);
        Assert.Equal(Math.Sqrt(1.25), stats.Std[0], 12);
        Assert.Equal(NormalizationKind.MeanStd, stats.ToNormalization().Kind);
        using PatchBatch normalized = source.Normalize(stats.ToNormalization()).ReadBatches(new BatchOptions { BatchSize = 64 }).Single();
        Assert.Equal(0, normalized.Data.ToArray().Average(), 5);
    }

    private static void AssertClose(JsonElement expected, System.Collections.Generic.IReadOnlyList<double> actual, double tolerance)
    {
        double[] values = expected.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(values.Length, actual.Count);
        for (int i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(values[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(values[i])),
                string.Create(CultureInfo.InvariantCulture, $"band {i}: {actual[i]:R} vs numpy {values[i]:R}"));
    }

    private sealed class Progress : IProgress<long>
    {
        private readonly Action<long> _report;

        public Progress(Action<long> report) => _report = report;

        public void Report(long value) => _report(value);
    }
}
