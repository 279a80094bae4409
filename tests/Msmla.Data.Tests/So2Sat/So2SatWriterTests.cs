using System;
using System.IO;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.So2Sat;
using Msmla.Data.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.So2Sat;

public sealed class So2SatWriterTests
{
    /// <summary>h5py checks a file against the raw float32 NCHW patches and int32 labels we wrote, and prints "ok".</summary>
    private const string CheckScript = """
path, raw2, raw1, rawy, size, c2, c1, dtype, compressed = sys.argv[1:10]
size, c2, c1 = int(size), int(c2), int(c1)
with h5py.File(path, 'r') as f:
    y = np.fromfile(rawy, dtype='<i4'); n = len(y)
    assert sorted(f.keys()) == sorted((['sen1'] if c1 else []) + (['sen2'] if c2 else []) + ['label']), list(f.keys())
    label = f['label'][()]
    assert f['label'].dtype == np.float64 and label.shape == (n, 17), (f['label'].dtype, label.shape)
    assert np.array_equal(label.argmax(1), y) and np.array_equal(label.sum(1), np.ones(n)) and set(np.unique(label)) == {0.0, 1.0}
    for name, raw, c in (('sen2', raw2, c2), ('sen1', raw1, c1)):
        if not c: continue
        d = f[name]
        assert d.dtype == np.dtype(dtype), d.dtype
        assert d.shape == (n, size, size, c), d.shape
        if compressed == '1':
            assert d.compression == 'gzip' and d.shuffle and d.chunks is not None, (d.compression, d.shuffle, d.chunks)
        else:
            assert d.chunks is None and d.compression is None
        expected = np.fromfile(raw, dtype='<f4').reshape(n, c, size, size).transpose(0, 2, 3, 1)
        assert np.array_equal(d[()], expected.astype(dtype)), name
print('ok')
""";

    [SkippableTheory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Files_written_in_pieces_are_read_by_h5py_as_written(bool float32, bool compress)
    {
        H5Py.Require();
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        const int n = 23;
        float[] sen2 = Random(n * 10 * 1024, 1);
        float[] sen1 = Random(n * 8 * 1024, 2);
        int[] labels = Enumerable.Range(0, n).Select(i => (i * 7) % 17).ToArray();
        string path = dir.File("written.h5");
        using (So2SatWriter writer = So2SatWriter.Create(path, new So2SatWriterOptions { Count = n, Float32 = float32, Compress = compress, ChunkPatches = 5 }))
        {
            // Uncompressed files take pieces in any order; compressed ones in order.
            int[] starts = compress ? new[] { 0, 4, 11, 19 } : new[] { 11, 0, 19, 4 };
            int[] ends = compress ? new[] { 4, 11, 19, 23 } : new[] { 19, 4, 23, 11 };
            for (int k = 0; k < starts.Length; k++)
            {
                int first = starts[k];
                int count = ends[k] - first;
                writer.WritePatches(SensorModality.Sentinel2, first, sen2.AsSpan(first * 10 * 1024, count * 10 * 1024));
                writer.WritePatches(SensorModality.Sentinel1, first, sen1.AsSpan(first * 8 * 1024, count * 8 * 1024));
                writer.WriteLabels(first, labels.AsSpan(first, count));
            }
            writer.Complete();
        }
        RawArrays.Write(dir.File("sen2.f32"), sen2);
        RawArrays.Write(dir.File("sen1.f32"), sen1);
        File.WriteAllBytes(dir.File("y.i32"), labels.SelectMany(BitConverter.GetBytes).ToArray());
        string result = H5Py.Run(CheckScript, path, dir.File("sen2.f32"), dir.File("sen1.f32"), dir.File("y.i32"), "32", "10", "8",
            float32 ? "float32" : "float64", compress ? "1" : "0");
        Assert.Equal("ok", result.Trim());

        using Hdf5PatchSource back = So2SatReader.Open(path, new So2SatReadOptions { Modality = SensorModality.Both });
        Assert.Equal(!compress, back.ReadsDirectly);
        Assert.Equal(labels, back.Labels);
        using PatchBatch all = back.ReadPatches(Enumerable.Range(0, n).Select(i => (long)i).ToArray());
        for (int i = 0; i < n; i++)
        {
            Assert.True(all.Patch(i).Slice(0, 10 * 1024).SequenceEqual(sen2.AsSpan(i * 10 * 1024, 10 * 1024)));
            Assert.True(all.Patch(i).Slice(10 * 1024).SequenceEqual(sen1.AsSpan(i * 8 * 1024, 8 * 1024)));
        }
    }

    [SkippableFact]
    public void An_MSMLA_shaped_file_has_only_the_datasets_asked_for()
    {
        H5Py.Require();
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        const int n = 4;
        float[] patches = Random(n * 13 * 48 * 48, 3);
        int[] labels = { 16, 0, 3, 3 };
        string path = dir.File("msmla.h5");
        using (So2SatWriter writer = So2SatWriter.Create(path, new So2SatWriterOptions { Count = n, PatchSize = 48, Sentinel2Channels = 13, Sentinel1Channels = 0 }))
        {
            writer.WritePatches(SensorModality.Sentinel2, 0, patches);
            writer.WriteLabels(0, labels);
            Assert.Throws<ArgumentException>(() => writer.WritePatches(SensorModality.Sentinel1, 0, new float[8 * 48 * 48]));
            writer.Complete();
        }
        RawArrays.Write(dir.File("sen2.f32"), patches);
        File.WriteAllBytes(dir.File("y.i32"), labels.SelectMany(BitConverter.GetBytes).ToArray());
        Assert.Equal("ok", H5Py.Run(CheckScript, path, dir.File("sen2.f32"), "-", dir.File("y.i32"), "48", "13", "0", "float64", "0").Trim());
    }

    [Fact]
    public void Nhwc_float64_input_is_stored_unchanged()
    {
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        string path = dir.File("nhwc.h5");
        var nhwc = new double[2 * 4 * 4 * 3];
        for (int i = 0; i < nhwc.Length; i++) nhwc[i] = i * 0.25;
        using (So2SatWriter writer = So2SatWriter.Create(path, new So2SatWriterOptions { Count = 2, PatchSize = 4, Sentinel2Channels = 3, Sentinel1Channels = 0, ClassCount = 2 }))
        {
            writer.WritePatchesNhwc(SensorModality.Sentinel2, 0, nhwc);
            writer.WriteLabels(0, new[] { 1, 0 });
            writer.Complete();
        }
        using Hdf5PatchSource source = Msmla.Data.PatchFiles.MsmlaPatchReader.Open(path);
        using PatchBatch batch = source.ReadPatches(new long[] { 0, 1 });
        // Patch 1, channel 2, row 3, column 1 sits at NHWC ((1*4 + 3)*4 + 1)*3 + 2.
        Assert.Equal(nhwc[((1 * 4 + 3) * 4 + 1) * 3 + 2], batch.Patch(1)[2 * 16 + 3 * 4 + 1]);
        Assert.Equal(new[] { 1, 0 }, batch.Labels.ToArray());
        Assert.Equal(new[] { "ch1", "ch2", "ch3" }, source.Info.ChannelNames);
    }

    [Fact]
    public void Complete_names_rows_never_written()
    {
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        using So2SatWriter writer = So2SatWriter.Create(dir.File("partial.h5"), new So2SatWriterOptions { Count = 3, Sentinel1Channels = 0 });
        writer.WritePatches(SensorModality.Sentinel2, 0, new float[3 * 10 * 1024]);
        writer.WriteLabels(0, new[] { 1 });
        writer.WriteLabels(2, new[] { 1 });
        var e = Assert.Throws<InvalidOperationException>(writer.Complete);
        Assert.Contains("row 1 of 'label'", e.Message);
    }

    [Fact]
    public void Bad_writes_are_rejected()
    {
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        using (So2SatWriter compressed = So2SatWriter.Create(dir.File("c.h5"), new So2SatWriterOptions { Count = 4, Sentinel1Channels = 0, Compress = true, ChunkPatches = 2 }))
        {
            var order = Assert.Throws<InvalidOperationException>(() => compressed.WritePatches(SensorModality.Sentinel2, 2, new float[10 * 1024]));
            Assert.Contains("expects row 0 next, not 2", order.Message);
        }
        using So2SatWriter writer = So2SatWriter.Create(dir.File("w.h5"), new So2SatWriterOptions { Count = 2 });
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteLabels(0, new[] { 17 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WritePatches(SensorModality.Sentinel2, 1, new float[2 * 10 * 1024]));
        Assert.Throws<ArgumentException>(() => writer.WritePatches(SensorModality.Sentinel2, 0, new float[10 * 1024 + 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => So2SatWriter.Create(dir.File("x.h5"), new So2SatWriterOptions { Count = 0 }));
    }

    [Fact]
    public void Writing_a_large_file_streams_with_bounded_allocations()
    {
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        const int n = 600;
        const int piece = 20;
        float[] block = Random(piece * 18 * 1024, 4);
        long before = GC.GetAllocatedBytesForCurrentThread();
        using (So2SatWriter writer = So2SatWriter.Create(dir.File("large.h5"), new So2SatWriterOptions { Count = n }))
        {
            var labels = new int[piece];
            for (int first = 0; first < n; first += piece)
            {
                writer.WritePatches(SensorModality.Sentinel2, first, block.AsSpan(0, piece * 10 * 1024));
                writer.WritePatches(SensorModality.Sentinel1, first, block.AsSpan(0, piece * 8 * 1024));
                writer.WriteLabels(first, labels);
            }
            writer.Complete();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long fileBytes = new FileInfo(dir.File("large.h5")).Length;
        Assert.True(fileBytes > (long)n * 18 * 1024 * 8, $"file of {fileBytes} bytes");
        // The file is ~88 MB; the writer allocates a small fraction of that (PureHDF's layout pass and scratch buffers).
        Assert.True(allocated < fileBytes / 8, $"allocated {allocated:N0} bytes writing a {fileBytes:N0}-byte file");
    }

    private static float[] Random(int length, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextGaussian() * 0.1 + 0.2);
        return values;
    }
}
