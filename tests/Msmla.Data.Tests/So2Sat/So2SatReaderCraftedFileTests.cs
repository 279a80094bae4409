using System;
using System.IO;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Data.PatchFiles;
using Msmla.Data.So2Sat;
using Msmla.Data.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.So2Sat;

/// <summary>
/// Files crafted as an adversarial user would (written by h5py): each ends at once in <see cref="PatchDataException"/>
/// naming the file, the dataset and the problem, instead of a stack overflow, a multi-gigabyte allocation, minutes of
/// fill values, or a misleading "damaged" message; files that are merely unusual (big-endian) read as numpy reads them.
/// </summary>
public sealed class So2SatReaderCraftedFileTests : IClassFixture<So2SatReaderCraftedFileTests.CraftedFiles>
{
    private const int Pixels = 32 * 32;
    private readonly CraftedFiles _files;

    public So2SatReaderCraftedFileTests(CraftedFiles files)
    {
        _files = files;
    }

    [SkippableFact]
    public void A_soft_link_loop_as_sen2_is_refused_by_both_readers()
    {
        string path = _files.Require("soft-loop.h5");
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal("sen2", e.Dataset);
        Assert.Contains("the soft or external links sen2 -> /x, x -> /sen2, sen2 -> /x lead back to where they started", e.Message);
        Assert.Contains("they form a loop", e.Message);
        var msmla = Assert.Throws<PatchDataException>(() => MsmlaPatchReader.Open(path));
        Assert.Contains("they form a loop", msmla.Message);
    }

    [SkippableFact]
    public void A_hard_link_cycle_without_sen2_is_reported_as_missing_with_the_listing()
    {
        string path = _files.Require("hard-cycle.h5");
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(path));
        Assert.Equal("sen2", e.Dataset);
        Assert.Contains("the Sentinel-2 dataset is missing; the file holds 'label' 4x17 float64", e.Message);
        var msmla = Assert.Throws<PatchDataException>(() => MsmlaPatchReader.Open(path));
        Assert.Contains("no per-date groups", msmla.Message);
    }

    [SkippableFact]
    public void External_links_are_refused_by_default_and_followed_when_allowed()
    {
        string path = _files.Require("external-link.h5");
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(path));
        Assert.Equal("sen2", e.Dataset);
        Assert.Contains("'sen2' is an external link to '/sen2' in the file 'target.h5'", e.Message);
        Assert.Contains("set So2SatReadOptions.AllowExternalFiles to follow them", e.Message);
        Assert.Contains("MsmlaReadOptions.AllowExternalFiles", Assert.Throws<PatchDataException>(() => MsmlaPatchReader.Open(path)).Message);

        // The link names the target relatively: it is looked for beside the file, not in the working directory.
        Assert.NotEqual(Path.GetFullPath(_files.Directory), Path.GetFullPath(Environment.CurrentDirectory));
        using Hdf5PatchSource source = So2SatReader.Open(path, new So2SatReadOptions { AllowExternalFiles = true });
        AssertReadsReference(source, "target");
    }

    [SkippableTheory]
    [InlineData("external-storage.h5", "external storage")]
    [InlineData("virtual.h5", "a virtual dataset")]
    public void Values_kept_in_other_files_are_refused_by_default(string file, string how)
    {
        string path = _files.Require(file);
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(path));
        Assert.Equal("sen2", e.Dataset);
        Assert.Contains($"keeps its values in other files ({how})", e.Message);
        Assert.Contains("AllowExternalFiles", e.Message);
    }

    [SkippableFact]
    public void External_storage_is_read_when_allowed()
    {
        using Hdf5PatchSource source = So2SatReader.Open(_files.Require("external-storage.h5"), new So2SatReadOptions { AllowExternalFiles = true });
        AssertReadsReference(source, "target");
    }

    [SkippableTheory]
    [InlineData("big-endian-f8.h5", true)]
    [InlineData("big-endian-f4-chunked.h5", false)]
    [InlineData("big-endian-f8-gzip.h5", false)]
    [InlineData("big-endian-committed.h5", true)]
    public void Big_endian_files_read_as_numpy_converts_them(string file, bool direct)
    {
        using Hdf5PatchSource source = So2SatReader.Open(_files.Require(file));
        Assert.Equal(direct, source.ReadsDirectly);
        AssertReadsReference(source, "reference");
    }

    [SkippableFact]
    public void An_lzf_compressed_dataset_is_named_as_an_unsupported_filter_not_as_damage()
    {
        string path = _files.Require("lzf.h5");
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(path));
        Assert.Equal("sen2", e.Dataset);
        Assert.Contains("compressed with LZF (HDF5 filter 32000), which PureHDF, the HDF5 reader used here, does not decode", e.Message);
        Assert.DoesNotContain("damaged", e.Message);
    }

    [SkippableFact]
    public void A_chunked_dataset_never_written_is_refused_at_open_not_read_as_zeros()
    {
        string path = _files.Require("unwritten-chunked.h5");
        Assert.True(new FileInfo(path).Length < 10_000);
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(path, new So2SatReadOptions { RequireLabels = false }));
        Assert.Equal("sen2", e.Dataset);
        Assert.Contains("no values of the Sentinel-2 dataset (30000000x32x32x10) were ever written", e.Message);
        Assert.Contains("refused as missing data", e.Message);
        var contiguous = Assert.Throws<PatchDataException>(() => So2SatReader.Open(_files.Require("unwritten-contiguous.h5"), new So2SatReadOptions { RequireLabels = false }));
        Assert.Contains("were ever written", contiguous.Message);
    }

    [SkippableFact]
    public void Chunks_never_written_are_refused_where_they_are_read()
    {
        // Chunks of one patch; patches 5 to 7 were never written. The first and the last are checked at open.
        using Hdf5PatchSource source = So2SatReader.Open(_files.Require("partly-written.h5"));
        using (PatchBatch written = source.ReadPatches(new long[] { 0, 4, 8, 9 }))
        {
            Assert.Equal(new[] { 0, 4, 8, 9 }, written.Labels.ToArray());
        }
        var e = Assert.Throws<PatchDataException>(() => source.ReadPatches(new long[] { 6 }));
        Assert.Equal("sen2", e.Dataset);
        Assert.Contains("rows 6..6 lie in a chunk that was never written", e.Message);

        var atOpen = Assert.Throws<PatchDataException>(() => So2SatReader.Open(_files.Require("tail-unwritten.h5")));
        Assert.Contains("rows 9..9 lie in a chunk that was never written", atOpen.Message);
    }

    [SkippableFact]
    public void A_patch_too_large_to_allocate_is_refused_before_reading()
    {
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(_files.Require("huge-patches.h5"), new So2SatReadOptions { RequireLabels = false }));
        Assert.Equal("sen2", e.Dataset);
        Assert.Contains("one row (patch) would hold more than 256 MB", e.Message);
    }

    [SkippableFact]
    public void Labels_with_a_column_too_few_are_named_as_a_class_count_mismatch()
    {
        string path = _files.Require("sixteen-columns.h5");
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(path));
        Assert.Equal("label", e.Dataset);
        Assert.Contains("the labels have 16 columns (one per class) but 17 classes are expected (the 17 LCZ classes)", e.Message);
        Assert.DoesNotContain("not one-hot", e.Message);
        Assert.Contains("16 columns", Assert.Throws<PatchDataException>(() => MsmlaPatchReader.Open(path, new MsmlaReadOptions { ClassCount = 17 })).Message);

        // The MSMLA reader accepts any class count by default; a row of the dropped class then has no 1.
        var msmla = Assert.Throws<PatchDataException>(() => MsmlaPatchReader.Open(path));
        Assert.Contains("label row 16 is not one-hot", msmla.Message);
        Assert.Contains("the dataset has 16 columns where the LCZ scheme has 17 classes: a class column may be missing", msmla.Message);
        using Hdf5PatchSource any = So2SatReader.Open(_files.Require("three-classes.h5"), new So2SatReadOptions { ClassCount = null });
        Assert.Equal(3, any.Info.ClassCount);
    }

    [SkippableFact]
    public void A_directory_given_as_the_file_is_named_as_a_directory()
    {
        _files.Require("soft-loop.h5");
        var e = Assert.Throws<PatchDataException>(() => So2SatReader.Open(_files.Directory));
        Assert.Contains("this is a directory, not an HDF5 file", e.Message);
    }

    /// <summary>Reads every patch and label and compares them with numpy's float32 conversion of the same values.</summary>
    private void AssertReadsReference(Hdf5PatchSource source, string reference)
    {
        float[] expected = RawArrays.Floats(_files.File(reference + ".f32"));
        int[] labels = RawArrays.Ints(_files.File(reference + ".labels.i32"));
        Assert.Equal(labels.Length, source.Info.Count);
        using PatchBatch batch = source.ReadPatches(Enumerable.Range(0, labels.Length).Select(i => (long)i).ToArray());
        Assert.Equal(labels, batch.Labels.ToArray());
        Assert.True(batch.Data.Slice(0, labels.Length * 10 * Pixels).SequenceEqual(expected), "values differ from numpy's");
    }

    /// <summary>The crafted files, written by h5py, with numpy's float32 NCHW conversion of their values as references.</summary>
    public sealed class CraftedFiles : IDisposable
    {
        private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();
        private readonly bool _written;

        public CraftedFiles()
        {
            if (PythonPeer.Find("h5py", "numpy") == null) return;
            H5Py.Run(Script, _directory.Path);
            _written = true;
        }

        public string Directory => _directory.Path;

        public string File(string name) => _directory.File(name);

        public string Require(string name)
        {
            H5Py.Require();
            Requirement.Peer(_written, "The h5py files were not written.", "python3-h5py");
            return _directory.File(name);
        }

        public void Dispose() => _directory.Dispose();

        private const string Script = """
os.chdir(sys.argv[1])
rng = np.random.default_rng(11)
n = 6
x = rng.random((n, 32, 32, 10))
classes = np.array([3, 0, 16, 5, 9, 12])
y = np.eye(17)[classes]
def reference(name, values, labels):
    values.astype(np.float32).transpose(0, 3, 1, 2).tofile(name + '.f32')
    labels.astype(np.int32).tofile(name + '.labels.i32')
reference('reference', x, classes)

with h5py.File('soft-loop.h5', 'w') as f:
    f['sen2'] = h5py.SoftLink('/x'); f['x'] = h5py.SoftLink('/sen2')
    f['label'] = np.eye(17)[:4]
with h5py.File('hard-cycle.h5', 'w') as f:
    g = f.create_group('g'); g['loop'] = g
    f['label'] = np.eye(17)[:4]

with h5py.File('target.h5', 'w') as f:
    f['sen2'] = x
reference('target', x, classes)
with h5py.File('external-link.h5', 'w') as f:
    f['sen2'] = h5py.ExternalLink('target.h5', '/sen2')
    f['label'] = y
x.astype('<f8').tofile('raw.bin')
with h5py.File('external-storage.h5', 'w') as f:
    f.create_dataset('sen2', shape=x.shape, dtype='<f8', external=[('raw.bin', 0, x.nbytes)])
    f['label'] = y
layout = h5py.VirtualLayout(shape=x.shape, dtype='f8')
layout[:] = h5py.VirtualSource('target.h5', 'sen2', shape=x.shape)
with h5py.File('virtual.h5', 'w', libver='latest') as f:
    f.create_virtual_dataset('sen2', layout)
    f['label'] = y

with h5py.File('big-endian-f8.h5', 'w') as f:
    f.create_dataset('sen2', data=x, dtype='>f8')
    f.create_dataset('label', data=y, dtype='>f4')
with h5py.File('big-endian-f4-chunked.h5', 'w') as f:
    f.create_dataset('sen2', data=x, dtype='>f4', chunks=(2, 32, 32, 10))
    f.create_dataset('label', data=y, dtype='>f8', chunks=(3, 17))
with h5py.File('big-endian-f8-gzip.h5', 'w') as f:
    f.create_dataset('sen2', data=x, dtype='>f8', chunks=(1, 32, 32, 10), compression='gzip', shuffle=True)
    f.create_dataset('label', data=y, dtype='>i2')
with h5py.File('big-endian-committed.h5', 'w') as f:
    f['big'] = np.dtype('>f8')
    f.create_dataset('sen2', data=x, dtype=f['big'])
    f.create_dataset('label', data=y, dtype='>u1')
with h5py.File('lzf.h5', 'w') as f:
    f.create_dataset('sen2', data=x, compression='lzf')
    f['label'] = y

with h5py.File('unwritten-chunked.h5', 'w') as f:
    f.create_dataset('sen2', shape=(30000000, 32, 32, 10), chunks=(1, 32, 32, 10), dtype='f8')
with h5py.File('unwritten-contiguous.h5', 'w') as f:
    f.create_dataset('sen2', shape=(1000, 32, 32, 10), dtype='f8')
for name, missing in [('partly-written.h5', [5, 6, 7]), ('tail-unwritten.h5', [9])]:
    with h5py.File(name, 'w') as f:
        d = f.create_dataset('sen2', shape=(10, 32, 32, 10), chunks=(1, 32, 32, 10), dtype='f4')
        for i in range(10):
            if i not in missing:
                d[i] = rng.random((32, 32, 10))
        f['label'] = np.eye(17)[:10]
with h5py.File('huge-patches.h5', 'w') as f:
    f.create_dataset('sen2', shape=(2, 100000, 100000, 10), chunks=(1, 64, 64, 10), dtype='f4')

labels17 = np.eye(17)[np.arange(20) % 17]
with h5py.File('sixteen-columns.h5', 'w') as f:
    f['sen2'] = rng.random((20, 32, 32, 10))
    f['label'] = labels17[:, :16]
with h5py.File('three-classes.h5', 'w') as f:
    f['sen2'] = rng.random((3, 32, 32, 10))
    f['label'] = np.eye(3)
""";
    }
}
