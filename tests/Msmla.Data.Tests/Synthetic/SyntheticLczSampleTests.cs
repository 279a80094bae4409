using System;
using System.Linq;
using System.Threading;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.So2Sat;
using Msmla.Data.Synthetic;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Synthetic;

public sealed class SyntheticLczSampleTests
{
    [Fact]
    public void Patches_depend_only_on_seed_and_index()
    {
        var options = new SyntheticLczOptions { Seed = 3 };
        ArrayPatchSource all = SyntheticLczSample.CreateSource(options, 10);
        ArrayPatchSource middle = SyntheticLczSample.CreateSource(options, 3, firstIndex: 5);
        Assert.True(all.Data.Span.Slice(5 * 10240, 3 * 10240).SequenceEqual(middle.Data.Span));
        Assert.Equal(all.Labels!.Skip(5).Take(3), middle.Labels);
        Assert.True(all.Data.Span.SequenceEqual(SyntheticLczSample.CreateSource(options, 10).Data.Span));
        Assert.False(all.Data.Span.SequenceEqual(SyntheticLczSample.CreateSource(options with { Seed = 4 }, 10).Data.Span));
        Assert.Equal(So2SatBands.Sentinel2, all.Info.ChannelNames);
    }

    [Fact]
    public void Classes_are_drawn_evenly_and_values_look_like_reflectance()
    {
        var options = new SyntheticLczOptions { Seed = 1 };
        int[] labels = Enumerable.Range(0, 3400).Select(i => SyntheticLczSample.LabelOf(options, i)).ToArray();
        long[] counts = ClassWeights.Count(labels, 17);
        Assert.All(counts, c => Assert.InRange(c, 140, 260));
        ArrayPatchSource source = SyntheticLczSample.CreateSource(options, 50);
        float[] values = source.Data.ToArray();
        Assert.InRange(values.Average(), 0.05, 0.4);
        Assert.True(values.All(float.IsFinite));
        ArrayPatchSource few = SyntheticLczSample.CreateSource(options with { ClassCount = 3, Bands = 4, PatchSize = 16 }, 20);
        Assert.All(few.Labels!, l => Assert.InRange(l, 0, 2));
        Assert.Equal(new[] { "S1", "S2", "S3", "S4" }, few.Info.ChannelNames);
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticLczSample.CreateSource(options with { ClassCount = 18 }, 1));
    }

    [Fact]
    public void The_sample_is_learnable_from_spectra_and_from_texture_alone()
    {
        var options = new SyntheticLczOptions { Seed = 2 };
        ArrayPatchSource train = SyntheticLczSample.CreateSource(options, 340);
        ArrayPatchSource test = SyntheticLczSample.CreateSource(options, 200, firstIndex: 340);
        // Nearest centroid on per-band means: chance is 1/17.
        double spectral = NearestCentroidAccuracy(train, test, BandMeans);
        Assert.True(spectral > 0.8, $"spectral accuracy {spectral:F3}");
        // Texture alone: each band standardised per patch (brightness and spectrum removed), then the
        // mean absolute difference between neighbours along rows and along columns, per band.
        double textural = NearestCentroidAccuracy(train, test, Roughness);
        Assert.True(textural > 0.8, $"texture accuracy {textural:F3}");
    }

    [SkippableFact]
    public void Split_files_hold_the_same_patches_as_memory()
    {
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        var options = new SyntheticLczOptions { Seed = 6, Sentinel1Channels = 8 };
        SyntheticSplitFiles files = SyntheticLczSample.WriteSplits(dir.Path, options, 30, 10, 12);
        using Hdf5PatchSource validation = So2SatReader.Open(files.Validation, new So2SatReadOptions { Modality = SensorModality.Both });
        Assert.Equal(10, validation.Info.Count);
        Assert.Equal(18, validation.Info.Channels);
        ArrayPatchSource memory = SyntheticLczSample.CreateSource(options, 10, firstIndex: 30);
        using PatchBatch batch = validation.ReadPatches(Enumerable.Range(0, 10).Select(i => (long)i).ToArray());
        Assert.Equal(memory.Labels, batch.Labels.ToArray());
        for (int i = 0; i < 10; i++) Assert.True(batch.Patch(i).Slice(0, 10240).SequenceEqual(memory.Data.Span.Slice(i * 10240, 10240)));
        var sen1 = new float[8 * 1024];
        SyntheticLczSample.Generate(options, 33, new float[10240], sen1);
        Assert.True(batch.Patch(3).Slice(10240).SequenceEqual(sen1));
        using Hdf5PatchSource testing = So2SatReader.Open(files.Testing);
        Assert.Equal(Enumerable.Range(40, 12).Select(i => SyntheticLczSample.LabelOf(options, i)), testing.Labels);
    }

    [Fact]
    public void Split_writing_reports_the_patches_written_over_the_three_files()
    {
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        var options = new SyntheticLczOptions { Seed = 2, PatchSize = 4 };
        var reports = new SynchronousProgress();
        SyntheticSplitFiles files = SyntheticLczSample.WriteSplits(dir.Path, options, 600, 300, 100, reports);
        // Pieces of 256 patches per file: 256, 512, 600 | 600 + 256, 600 + 300 | 900 + 100.
        Assert.Equal(new long[] { 256, 512, 600, 856, 900, 1000 }, reports.Values);
        Assert.Equal(new[] { "testing.h5", "training.h5", "validation.h5" },
            System.IO.Directory.GetFiles(dir.Path).Select(System.IO.Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        using Hdf5PatchSource testing = So2SatReader.Open(files.Testing);
        Assert.Equal(Enumerable.Range(900, 100).Select(i => SyntheticLczSample.LabelOf(options, i)), testing.Labels);
    }

    [Fact]
    public void Cancelled_split_writing_leaves_no_file_and_keeps_existing_ones()
    {
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        var options = new SyntheticLczOptions { Seed = 2, PatchSize = 4 };
        string existing = System.IO.Path.Combine(dir.Path, "training.h5");
        System.IO.File.WriteAllText(existing, "an older file");
        using var cancellation = new CancellationTokenSource();
        // Cancel once the training file is complete and the validation file half written.
        var reports = new SynchronousProgress(value => { if (value > 600) cancellation.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => SyntheticLczSample.WriteSplits(dir.Path, options, 600, 300, 100, reports, cancellation.Token));
        Assert.Equal(new long[] { 256, 512, 600, 856 }, reports.Values);
        Assert.Equal(new[] { existing }, System.IO.Directory.GetFiles(dir.Path));
        Assert.Equal("an older file", System.IO.File.ReadAllText(existing));

        // One file: cancelled after its first piece, nothing is left.
        using var single = new CancellationTokenSource();
        string path = System.IO.Path.Combine(dir.Path, "one.h5");
        Assert.ThrowsAny<OperationCanceledException>(() =>
            SyntheticLczSample.WriteSo2Sat(path, options, 600, progress: new SynchronousProgress(_ => single.Cancel()), cancellationToken: single.Token));
        Assert.Equal(new[] { existing }, System.IO.Directory.GetFiles(dir.Path));
    }

    /// <summary>Records reports on the reporting thread (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class SynchronousProgress : IProgress<long>
    {
        private readonly Action<long>? _then;

        public SynchronousProgress(Action<long>? then = null) => _then = then;

        public System.Collections.Generic.List<long> Values { get; } = new();

        public void Report(long value)
        {
            Values.Add(value);
            _then?.Invoke(value);
        }
    }

    private static double NearestCentroidAccuracy(ArrayPatchSource train, ArrayPatchSource test, Func<ReadOnlySpan<float>, double[]> features)
    {
        int per = train.Info.ValuesPerPatch;
        int classes = train.Info.ClassCount;
        double[][] centroids = new double[classes][];
        var counts = new int[classes];
        for (int i = 0; i < train.Info.Count; i++)
        {
            double[] f = features(train.Data.Span.Slice(i * per, per));
            int label = train.Labels![i];
            centroids[label] ??= new double[f.Length];
            for (int k = 0; k < f.Length; k++) centroids[label][k] += f[k];
            counts[label]++;
        }
        for (int c = 0; c < classes; c++)
        {
            if (counts[c] > 0) for (int k = 0; k < centroids[c].Length; k++) centroids[c][k] /= counts[c];
        }
        int correct = 0;
        for (int i = 0; i < test.Info.Count; i++)
        {
            double[] f = features(test.Data.Span.Slice(i * per, per));
            int best = Enumerable.Range(0, classes).Where(c => counts[c] > 0)
                .OrderBy(c => centroids[c].Zip(f, (a, b) => (a - b) * (a - b)).Sum()).First();
            if (best == test.Labels![i]) correct++;
        }
        return correct / (double)test.Info.Count;
    }

    private static double[] BandMeans(ReadOnlySpan<float> patch)
    {
        var means = new double[10];
        for (int b = 0; b < 10; b++)
        {
            double sum = 0;
            foreach (float v in patch.Slice(b * 1024, 1024)) sum += v;
            means[b] = sum / 1024;
        }
        return means;
    }

    private static double[] Roughness(ReadOnlySpan<float> patch)
    {
        var features = new double[20];
        for (int b = 0; b < 10; b++)
        {
            float[] plane = patch.Slice(b * 1024, 1024).ToArray();
            double mean = plane.Average();
            double std = Math.Sqrt(plane.Average(v => (v - mean) * (v - mean)));
            double along = 0, across = 0;
            for (int y = 0; y < 32; y++)
            {
                for (int x = 0; x < 31; x++)
                {
                    along += Math.Abs(plane[y * 32 + x + 1] - plane[y * 32 + x]) / std;
                    across += Math.Abs(plane[(x + 1) * 32 + y] - plane[x * 32 + y]) / std;
                }
            }
            features[2 * b] = along / (32 * 31);
            features[2 * b + 1] = across / (32 * 31);
        }
        return features;
    }
}
