using System;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.PatchFiles;
using Msmla.Data.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.PatchFiles;

public sealed class MsmlaPatchReaderTests : IClassFixture<MsmlaPatchReaderTests.Files>
{
    private const int Pixels = 48 * 48;
    private readonly Files _files;

    public MsmlaPatchReaderTests(Files files)
    {
        _files = files;
    }

    [SkippableFact]
    public void A_48_pixel_13_channel_file_reads_with_size_and_channels_from_the_file()
    {
        float[] expected = RawArrays.Floats(_files.Require("single_nchw.f32"));
        using Hdf5PatchSource source = MsmlaPatchReader.Open(_files.Require("single.h5"));
        Assert.Equal(new PatchSourceInfo(9, 13, 48, 48, 17, source.Info.ChannelNames) { Modality = SensorModality.Other }, source.Info);
        Assert.Equal(new[] { "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12", "buildings", "height", "landcover" }, source.Info.ChannelNames);
        Assert.Equal(RawArrays.Ints(_files.Require("labels.i32")), source.Labels);
        foreach (PatchBatch batch in source.ReadBatches(new BatchOptions { BatchSize = 4, Shuffle = true, Seed = 2 }))
        {
            using (batch)
            {
                for (int i = 0; i < batch.Count; i++)
                    Assert.True(batch.Patch(i).SequenceEqual(expected.AsSpan((int)batch.Indices[i] * 13 * Pixels, 13 * Pixels)));
            }
        }
    }

    [SkippableFact]
    public void Per_date_groups_are_concatenated_along_channels_in_group_order()
    {
        float[] expected = RawArrays.Floats(_files.Require("dated_nchw.f32"));
        using Hdf5PatchSource source = MsmlaPatchReader.Open(_files.Require("dated.h5"));
        Assert.Equal(3 * 5, source.Info.Channels);
        Assert.Equal("0/ch1", source.Info.ChannelNames[0]);
        Assert.Equal("2/ch5", source.Info.ChannelNames[14]);
        Assert.Equal(RawArrays.Ints(_files.Require("labels.i32")), source.Labels);
        using PatchBatch batch = source.ReadPatches(Enumerable.Range(0, 9).Select(i => (long)i).ToArray());
        Assert.True(batch.Data.SequenceEqual(expected));

        using Hdf5PatchSource picked = MsmlaPatchReader.Open(_files.Require("dated.h5"),
            new MsmlaReadOptions { ChannelNames = new[] { "B4", "B3", "B2", "B8", "height" }, Channels = new[] { "2/B4", "0/height", "1/B8" } });
        Assert.Equal(new[] { "2/B4", "0/height", "1/B8" }, picked.Info.ChannelNames);
        using PatchBatch one = picked.ReadPatches(new long[] { 7 });
        int per = 15 * Pixels;
        Assert.True(one.Patch(0).Slice(0, Pixels).SequenceEqual(expected.AsSpan(7 * per + 10 * Pixels, Pixels)));
        Assert.True(one.Patch(0).Slice(Pixels, Pixels).SequenceEqual(expected.AsSpan(7 * per + 4 * Pixels, Pixels)));
        Assert.True(one.Patch(0).Slice(2 * Pixels, Pixels).SequenceEqual(expected.AsSpan(7 * per + 8 * Pixels, Pixels)));
    }

    [SkippableFact]
    public void Labels_inside_the_first_date_group_are_found()
    {
        using Hdf5PatchSource source = MsmlaPatchReader.Open(_files.Require("dated-labels-inside.h5"));
        Assert.Equal(RawArrays.Ints(_files.Require("labels.i32")), source.Labels);
    }

    [SkippableFact]
    public void Inconsistent_or_missing_date_groups_are_reported()
    {
        var mismatch = Assert.Throws<PatchDataException>(() => MsmlaPatchReader.Open(_files.Require("dated-mismatch.h5")));
        Assert.Equal("1/sen2", mismatch.Dataset);
        Assert.Contains("per-date groups must share", mismatch.Message);
        var none = Assert.Throws<PatchDataException>(() => MsmlaPatchReader.Open(_files.Require("no-data.h5")));
        Assert.Contains("no per-date groups", none.Message);
        Assert.Contains("'label' 9x17", none.Message);
        Assert.Throws<ArgumentException>(() => MsmlaPatchReader.Open(_files.Require("single.h5"), new MsmlaReadOptions { Channels = new[] { "B1" } }));
        Assert.Throws<ArgumentException>(() => MsmlaPatchReader.Open(_files.Require("single.h5"), new MsmlaReadOptions { ChannelNames = new[] { "a" } }));
    }

    /// <summary>MSMLA-layout files written by h5py.</summary>
    public sealed class Files : IDisposable
    {
        private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();
        private readonly bool _written;

        public Files()
        {
            if (PythonPeer.Find("h5py", "numpy") == null) return;
            H5Py.Run("""
out = sys.argv[1]
rng = np.random.default_rng(48)
n = 9
y = np.zeros((n, 17)); cls = rng.integers(0, 17, n); y[np.arange(n), cls] = 1
cls.astype('<i4').tofile(os.path.join(out, 'labels.i32'))
x = rng.uniform(size=(n, 48, 48, 13)).astype(np.float32)
with h5py.File(os.path.join(out, 'single.h5'), 'w') as f:
    f.create_dataset('sen2', data=x); f.create_dataset('label', data=y)
x.transpose(0, 3, 1, 2).copy().tofile(os.path.join(out, 'single_nchw.f32'))
dates = [rng.normal(size=(n, 48, 48, 5)) for _ in range(3)]
with h5py.File(os.path.join(out, 'dated.h5'), 'w') as f:
    for g in (2, 0, 1):
        f.create_group(str(g)).create_dataset('sen2', data=dates[g], chunks=(2, 48, 48, 5), compression='gzip')
    f.create_dataset('label', data=y)
np.concatenate(dates, axis=3).astype(np.float32).transpose(0, 3, 1, 2).copy().tofile(os.path.join(out, 'dated_nchw.f32'))
with h5py.File(os.path.join(out, 'dated-labels-inside.h5'), 'w') as f:
    for g in range(2):
        grp = f.create_group(str(g)); grp.create_dataset('sen2', data=dates[g]); grp.create_dataset('label', data=y)
with h5py.File(os.path.join(out, 'dated-mismatch.h5'), 'w') as f:
    f.create_group('0').create_dataset('sen2', data=dates[0])
    f.create_group('1').create_dataset('sen2', data=dates[1][:5])
    f.create_dataset('label', data=y)
with h5py.File(os.path.join(out, 'no-data.h5'), 'w') as f:
    f.create_dataset('label', data=y)
""", _directory.Path);
            _written = true;
        }

        public string Require(string name)
        {
            H5Py.Require();
            // H5Py.Require found h5py, so the constructor (which looked for the same modules) wrote the files.
            if (!_written) throw new InvalidOperationException("h5py is available but the fixture files were not written.");
            return _directory.File(name);
        }

        public void Dispose() => _directory.Dispose();
    }
}
