using System;
using System.IO;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.So2Sat;
using Msmla.Data.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.So2Sat;

/// <summary>Bad input written by h5py (or cut and scrambled from such files) fails with a message naming file, dataset and problem.</summary>
public sealed class So2SatReaderErrorTests : IClassFixture<So2SatReaderErrorTests.BadFiles>
{
    private readonly BadFiles _files;

    public So2SatReaderErrorTests(BadFiles files)
    {
        _files = files;
    }

    [SkippableFact]
    public void A_missing_dataset_is_named_with_what_the_file_holds()
    {
        string noLabel = _files.Require("no-label.h5");
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(noLabel));
        Assert.Equal(noLabel, e.FilePath);
        Assert.Equal("label", e.Dataset);
        Assert.Contains("missing", e.Message);
        Assert.Contains("'sen2' 6x32x32x10 float64", e.Message);
        using (Hdf5PatchSource unlabelled = So2SatReader.Open(noLabel, new So2SatReadOptions { RequireLabels = false }))
        {
            Assert.False(unlabelled.Info.HasLabels);
            using PatchBatch batch = unlabelled.ReadPatches(new long[] { 1, 2 });
            Assert.Equal(new[] { -1, -1 }, batch.Labels.ToArray());
        }
        var noSen1 = Assert.Throws<PatchDataException>(() => So2SatReader.Open(noLabel, new So2SatReadOptions { Modality = SensorModality.Sentinel1 }));
        Assert.Equal("sen1", noSen1.Dataset);
    }

    [SkippableTheory]
    [InlineData("rank3.h5", "sen2", "rank 3")]
    [InlineData("nine-bands.h5", "sen2", "9 channels, expected 10")]
    [InlineData("label-rank1.h5", "label", "expected N x classes")]
    [InlineData("strings.h5", "sen2", "expected numbers")]
    public void Wrong_rank_shape_or_type_is_reported(string file, string dataset, string problem)
    {
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(_files.Require(file)));
        Assert.Equal(dataset, e.Dataset);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith(_files.Require(file), e.Message);
    }

    [SkippableTheory]
    [InlineData("two-hot.h5", "label row 4 is not one-hot: [0, 1, 0, 0, 1")]
    [InlineData("half-hot.h5", "label row 2 is not one-hot: [0, 0, 0.5")]
    [InlineData("all-zero.h5", "label row 5 is not one-hot")]
    public void Label_rows_that_are_not_one_hot_are_named(string file, string problem)
    {
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(_files.Require(file)));
        Assert.Equal("label", e.Dataset);
        Assert.Contains(problem, e.Message);
    }

    [SkippableFact]
    public void Mismatched_lengths_between_sen1_sen2_and_label_are_reported()
    {
        var sensors = Assert.Throws<PatchDataException>(() => So2SatReader.Open(_files.Require("sen1-shorter.h5"), new So2SatReadOptions { Modality = SensorModality.Both }));
        Assert.Equal("sen1", sensors.Dataset);
        Assert.Contains("5 patches but 'sen2' has 6", sensors.Message);
        using (So2SatReader.Open(_files.Require("sen1-shorter.h5")))
        {
            // Sentinel-2 alone is consistent with its labels.
        }
        var labels = Assert.Throws<PatchDataException>(() => So2SatReader.Open(_files.Require("label-longer.h5")));
        Assert.Equal("label", labels.Dataset);
        Assert.Contains("7 labels but 'sen2' has 6 patches", labels.Message);
    }

    [SkippableFact]
    public void NaN_and_infinity_fail_by_default_naming_patch_band_and_pixel()
    {
        using Hdf5PatchSource source = So2SatReader.Open(_files.Require("nan.h5"));
        var e = Assert.Throws<PatchDataException>(() => Drain(source, new BatchOptions { BatchSize = 4 }));
        Assert.Equal("sen2", e.Dataset);
        Assert.Contains("patch 4 holds 2 non-finite value(s)", e.Message);
        Assert.Contains("the first is NaN in band B4 at row 3, column 7", e.Message);

        using Hdf5PatchSource both = So2SatReader.Open(_files.Require("nan.h5"), new So2SatReadOptions { Modality = SensorModality.Both, Bands = new[] { "VV_real", "B2" } });
        var inSen1 = Assert.Throws<PatchDataException>(() => Drain(both, new BatchOptions { BatchSize = 6 }));
        Assert.Equal("sen1", inSen1.Dataset);
        Assert.Contains("patch 1 holds 1 non-finite value(s)", inSen1.Message);
        Assert.Contains("the first is Infinity in band VV_real at row 0, column 5", inSen1.Message);
    }

    [SkippableFact]
    public void NaN_in_bands_not_read_does_not_matter()
    {
        using Hdf5PatchSource source = So2SatReader.Open(_files.Require("nan.h5"), new So2SatReadOptions { Bands = new[] { "B2", "B3", "B8A" } });
        Drain(source, new BatchOptions { BatchSize = 6 });
        Assert.Equal(0, source.NonFiniteReport.PatchCount);
    }

    [SkippableFact]
    public void NaN_can_be_reported_instead_of_failing()
    {
        using Hdf5PatchSource source = So2SatReader.Open(_files.Require("nan.h5"), new So2SatReadOptions { Modality = SensorModality.Both, NonFinite = NonFiniteHandling.Report });
        Drain(source, new BatchOptions { BatchSize = 4, Shuffle = true });
        Drain(source, new BatchOptions { BatchSize = 4, Shuffle = true }, epoch: 1);
        Assert.Equal(new long[] { 1, 4 }, source.NonFiniteReport.PatchIndices);
        Assert.Equal(2, source.NonFiniteReport.PatchCount);
        Assert.Equal(3, source.NonFiniteReport.ValueCount);
        using PatchBatch patch = source.ReadPatches(new long[] { 4 });
        Assert.True(float.IsNaN(patch.Patch(0)[2 * 1024 + 3 * 32 + 7]));
        using Hdf5PatchSource ignoring = So2SatReader.Open(_files.Require("nan.h5"), new So2SatReadOptions { NonFinite = NonFiniteHandling.Ignore });
        Drain(ignoring, new BatchOptions());
        Assert.Equal(0, ignoring.NonFiniteReport.PatchCount);
    }

    [SkippableFact]
    public void A_truncated_copy_is_reported_as_truncated()
    {
        string whole = _files.Require("good.h5");
        string cut = Path.Combine(_files.Directory, "truncated.h5");
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(cut, bytes.AsSpan(0, bytes.Length * 2 / 3).ToArray());
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(cut));
        Assert.Equal(cut, e.FilePath);
        Assert.Null(e.Dataset);
        Assert.Contains("truncated", e.Message);
        Assert.Contains($"{bytes.Length:N0} bytes", e.Message);
    }

    [SkippableFact]
    public void Random_bytes_text_and_empty_files_are_not_HDF5()
    {
        string random = Path.Combine(_files.Directory, "random.h5");
        var bytes = new byte[70_000];
        new SeededRandom(3).NextBytesForTest(bytes);
        File.WriteAllBytes(random, bytes);
        Assert.Contains("not an HDF5 file", Assert.Throws<PatchDataException>(() => So2SatReader.Open(random)).Message);
        string text = Path.Combine(_files.Directory, "notes.h5");
        File.WriteAllText(text, "sen2,label\n1,2\n");
        Assert.Contains("not an HDF5 file", Assert.Throws<PatchDataException>(() => So2SatReader.Open(text)).Message);
        string empty = Path.Combine(_files.Directory, "empty.h5");
        File.WriteAllBytes(empty, Array.Empty<byte>());
        Assert.Contains("empty", Assert.Throws<PatchDataException>(() => So2SatReader.Open(empty)).Message);
        Assert.Throws<FileNotFoundException>(() => So2SatReader.Open(Path.Combine(_files.Directory, "absent.h5")));
    }

    [SkippableFact]
    public void A_damaged_structure_after_a_valid_superblock_is_reported()
    {
        string whole = _files.Require("good.h5");
        string damaged = Path.Combine(_files.Directory, "damaged.h5");
        byte[] bytes = File.ReadAllBytes(whole);
        // Keep the superblock (first 96 bytes) and scramble the object headers after it.
        var rng = new SeededRandom(8);
        for (int i = 96; i < 4096; i++) bytes[i] = (byte)rng.NextInt(256);
        File.WriteAllBytes(damaged, bytes);
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(damaged));
        Assert.Equal(damaged, e.FilePath);
        Assert.Contains("damaged", e.Message);
    }

    private static void Drain(IPatchSource source, BatchOptions options, int epoch = 0)
    {
        foreach (PatchBatch batch in source.ReadBatches(options, epoch)) batch.Dispose();
    }

    /// <summary>The bad files, written by h5py.</summary>
    public sealed class BadFiles : IDisposable
    {
        private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();
        private readonly bool _written;

        public BadFiles()
        {
            if (PythonPeer.Find("h5py", "numpy") == null) return;
            H5Py.Run(Script, _directory.Path);
            _written = true;
        }

        public string Directory => _directory.Path;

        public string Require(string name)
        {
            H5Py.Require();
            // H5Py.Require found h5py, so the constructor (which looked for the same modules) wrote the files.
            if (!_written) throw new InvalidOperationException("h5py is available but the fixture files were not written.");
            return _directory.File(name);
        }

        public void Dispose() => _directory.Dispose();

        private const string Script = """
out = sys.argv[1]
rng = np.random.default_rng(4)
n = 6
def onehot(k, classes=17):
    y = np.zeros((k, classes)); y[np.arange(k), np.arange(k) % classes] = 1; return y
def make(name, sen2=None, sen1=None, label=None):
    with h5py.File(os.path.join(out, name), 'w') as f:
        if sen2 is not None: f.create_dataset('sen2', data=sen2)
        if sen1 is not None: f.create_dataset('sen1', data=sen1)
        if label is not None: f.create_dataset('label', data=label)
s2 = rng.uniform(size=(n, 32, 32, 10)); s1 = rng.normal(size=(n, 32, 32, 8))
make('good.h5', s2, s1, onehot(n))
make('no-label.h5', s2)
make('rank3.h5', s2[..., 0], s1, onehot(n))
make('nine-bands.h5', s2[..., :9], s1, onehot(n))
make('label-rank1.h5', s2, s1, np.arange(n))
with h5py.File(os.path.join(out, 'strings.h5'), 'w') as f:
    f.create_dataset('sen2', data=np.array([b'a', b'b']))
    f.create_dataset('label', data=onehot(2))
y = onehot(n); y[4, 1] = 1; make('two-hot.h5', s2, s1, y)
y = onehot(n); y[2, 2] = 0.5; make('half-hot.h5', s2, s1, y)
y = onehot(n); y[5, :] = 0; make('all-zero.h5', s2, s1, y)
make('sen1-shorter.h5', s2, s1[:5], onehot(n))
make('label-longer.h5', s2, s1, onehot(n + 1))
bad2 = s2.copy(); bad2[4, 3, 7, 2] = np.nan; bad2[4, 30, 0, 9] = -np.inf
bad1 = s1.copy(); bad1[1, 0, 5, 2] = np.inf
make('nan.h5', bad2, bad1, onehot(n))
""";
    }
}
