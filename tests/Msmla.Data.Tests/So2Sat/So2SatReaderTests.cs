using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.So2Sat;
using Msmla.Data.Tests.Support;

namespace Msmla.Data.Tests.So2Sat;

public sealed class So2SatReaderTests : IClassFixture<So2SatFixture>
{
    private const int Pixels = 32 * 32;
    private readonly So2SatFixture _files;

    public So2SatReaderTests(So2SatFixture files)
    {
        _files = files;
    }

    [SkippableTheory]
    [InlineData("contiguous-f64.h5", true)]
    [InlineData("contiguous-f32.h5", true)]
    [InlineData("chunked-f64.h5", false)]
    [InlineData("autochunk-f64.h5", false)]
    [InlineData("gzip-f64.h5", false)]
    [InlineData("gzip-shuffle-f32.h5", false)]
    public void Every_storage_variant_written_by_h5py_reads_as_numpy_converts_it(string file, bool direct)
    {
        float[] sen2 = _files.Sen2Nchw;
        float[] sen1 = _files.Sen1Nchw;
        int[] labels = _files.Labels;
        using Hdf5PatchSource source = So2SatReader.Open(_files.Require(file), new So2SatReadOptions { Modality = SensorModality.Both });
        Assert.Equal(direct, source.ReadsDirectly);
        Assert.Equal(new PatchSourceInfo(So2SatFixture.Count, 18, 32, 32, 17, source.Info.ChannelNames) { Modality = SensorModality.Both }, source.Info);
        Assert.Equal(So2SatBands.Sentinel2.Concat(So2SatBands.Sentinel1), source.Info.ChannelNames);

        var seen = new List<long>();
        foreach (PatchBatch batch in source.ReadBatches(new BatchOptions { BatchSize = 8, Shuffle = true, Seed = 5 }))
        {
            using (batch)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    long index = batch.Indices[i];
                    seen.Add(index);
                    Assert.Equal(labels[index], batch.Labels[i]);
                    Span<float> patch = batch.Patch(i);
                    Assert.True(patch.Slice(0, 10 * Pixels).SequenceEqual(sen2.AsSpan((int)index * 10 * Pixels, 10 * Pixels)), $"sen2 of patch {index}");
                    Assert.True(patch.Slice(10 * Pixels, 8 * Pixels).SequenceEqual(sen1.AsSpan((int)index * 8 * Pixels, 8 * Pixels)), $"sen1 of patch {index}");
                }
            }
        }
        Assert.Equal(Enumerable.Range(0, So2SatFixture.Count).Select(i => (long)i), seen.Order());
    }

    [SkippableFact]
    public void Shuffled_batches_hold_sorted_indices_and_depend_only_on_seed_and_epoch()
    {
        using Hdf5PatchSource source = So2SatReader.Open(_files.Require("contiguous-f64.h5"));
        var options = new BatchOptions { BatchSize = 10, Shuffle = true, Seed = 11 };
        List<long[]> epoch0 = Indices(source, options, 0);
        List<long[]> again = Indices(source, options with { Prefetch = 0 }, 0);
        List<long[]> epoch1 = Indices(source, options, 1);
        Assert.Equal(epoch0, again);
        Assert.NotEqual(epoch0, epoch1);
        Assert.Equal(new[] { 10, 10, 10, 7 }, epoch0.Select(b => b.Length));
        Assert.All(epoch0, b => Assert.Equal(b.Order(), b));
        Assert.Equal(Enumerable.Range(0, So2SatFixture.Count).Select(i => (long)i), epoch0.SelectMany(b => b).Order());
        Assert.NotEqual(Enumerable.Range(0, So2SatFixture.Count).Select(i => (long)i), epoch0.SelectMany(b => b));
        Assert.Equal(new[] { 10, 10, 10 }, Indices(source, options with { DropLast = true }, 0).Select(b => b.Length));
    }

    [SkippableFact]
    public void Sequential_batches_follow_the_file_order()
    {
        using Hdf5PatchSource source = So2SatReader.Open(_files.Require("contiguous-f64.h5"));
        List<long[]> batches = Indices(source, new BatchOptions { BatchSize = 16 }, 3);
        Assert.Equal(Enumerable.Range(0, So2SatFixture.Count).Select(i => (long)i), batches.SelectMany(b => b));
    }

    [SkippableFact]
    public void Bands_are_chosen_by_name_in_the_order_asked()
    {
        float[] sen2 = _files.Sen2Nchw;
        float[] sen1 = _files.Sen1Nchw;
        string[] lczNetOrder = { "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B11", "B12", "B8A" };
        int[] fileChannel = { 0, 1, 2, 3, 4, 5, 6, 8, 9, 7 };
        using (Hdf5PatchSource source = So2SatReader.Open(_files.Require("gzip-f64.h5"), new So2SatReadOptions { Bands = lczNetOrder.Select(b => b.ToLowerInvariant()).ToArray() }))
        {
            Assert.Equal(lczNetOrder, source.Info.ChannelNames);
            using PatchBatch batch = source.ReadPatches(new long[] { 2, 3, 30 });
            for (int i = 0; i < 3; i++)
            {
                for (int c = 0; c < 10; c++)
                {
                    Assert.True(batch.Patch(i).Slice(c * Pixels, Pixels).SequenceEqual(sen2.AsSpan(((int)batch.Indices[i] * 10 + fileChannel[c]) * Pixels, Pixels)));
                }
            }
        }
        using (Hdf5PatchSource source = So2SatReader.Open(_files.Require("contiguous-f64.h5"), new So2SatReadOptions { Modality = SensorModality.Both, Bands = new[] { "VV_lee_intensity", "B4", "VH_real" } }))
        {
            Assert.Equal(new[] { "VV_lee_intensity", "B4", "VH_real" }, source.Info.ChannelNames);
            using PatchBatch batch = source.ReadPatches(new long[] { 36 });
            Assert.True(batch.Patch(0).Slice(0, Pixels).SequenceEqual(sen1.AsSpan((36 * 8 + 5) * Pixels, Pixels)));
            Assert.True(batch.Patch(0).Slice(Pixels, Pixels).SequenceEqual(sen2.AsSpan((36 * 10 + 2) * Pixels, Pixels)));
            Assert.True(batch.Patch(0).Slice(2 * Pixels, Pixels).SequenceEqual(sen1.AsSpan((36 * 8 + 0) * Pixels, Pixels)));
        }
        using (Hdf5PatchSource source = So2SatReader.Open(_files.Require("contiguous-f32.h5"), new So2SatReadOptions { Modality = SensorModality.Sentinel1 }))
        {
            Assert.Equal(So2SatBands.Sentinel1, source.Info.ChannelNames);
            using PatchBatch batch = source.ReadPatches(new long[] { 0, 1, 2 });
            Assert.True(batch.Data.SequenceEqual(sen1.AsSpan(0, 3 * 8 * Pixels)));
        }
    }

    [SkippableFact]
    public void Wrong_band_choices_are_rejected_with_the_valid_names()
    {
        string file = _files.Require("contiguous-f64.h5");
        var unknown = Assert.Throws<ArgumentException>(() => So2SatReader.Open(file, new So2SatReadOptions { Bands = new[] { "B2", "B1" } }));
        Assert.Contains("'B1' is not a So2Sat band", unknown.Message);
        Assert.Contains("B8A", unknown.Message);
        var wrongSensor = Assert.Throws<ArgumentException>(() => So2SatReader.Open(file, new So2SatReadOptions { Bands = new[] { "VH_real" } }));
        Assert.Contains("Sentinel1", wrongSensor.Message);
        var twice = Assert.Throws<ArgumentException>(() => So2SatReader.Open(file, new So2SatReadOptions { Bands = new[] { "B2", "b2" } }));
        Assert.Contains("twice", twice.Message);
    }

    [SkippableFact]
    public void Labels_are_zero_based_and_counted_per_class_like_numpy()
    {
        int[] expected = _files.Labels;
        string file = _files.Require("gzip-f64.h5");
        using Hdf5PatchSource source = So2SatReader.Open(file);
        Assert.Equal(expected, source.Labels);
        long[] bincount = new long[17];
        foreach (int label in expected) bincount[label]++;
        Assert.Equal(bincount, source.ClassCounts);
        Assert.Equal(bincount, So2SatReader.CountClasses(file));
        Assert.Equal(expected, So2SatReader.ReadLabels(file));
    }

    [SkippableFact]
    public void The_version_4_sidecar_is_joined_by_index()
    {
        long[] epsg = RawArrays.Longs(_files.Require("epsg.i64"));
        double[] tfw = RawArrays.Doubles(_files.Require("tfw.f64"));
        string[] cities = File.ReadAllLines(_files.Require("cities.txt"));
        using Hdf5PatchSource source = So2SatReader.Open(_files.Require("contiguous-f64.h5"),
            new So2SatReadOptions { GeolocationPath = _files.Require("contiguous-f64_geo.h5") });
        PatchGeolocationTable table = source.Geolocation!;
        Assert.Equal(So2SatFixture.Count, table.Count);
        using PatchBatch batch = source.ReadBatches(new BatchOptions { BatchSize = 5, Shuffle = true, Seed = 2 }).First();
        foreach (long index in batch.Indices.ToArray())
        {
            PatchGeolocation where = table[index];
            Assert.Equal(epsg[index], where.Epsg);
            Assert.Equal(cities[index], where.City);
            Assert.Equal(new WorldFile(tfw[index * 6], tfw[index * 6 + 1], tfw[index * 6 + 2], tfw[index * 6 + 3], tfw[index * 6 + 4], tfw[index * 6 + 5]), where.WorldFile);
        }
        PatchGeolocationTable numeric = PatchGeolocationTable.Open(_files.Require("numeric-city_geo.h5"), So2SatFixture.Count);
        Assert.Equal("3", numeric[7].City);
        Assert.Equal(epsg[7], numeric[7].Epsg);
        var wrongLength = Assert.Throws<PatchDataException>(() => PatchGeolocationTable.Open(_files.Require("numeric-city_geo.h5"), 36));
        Assert.Contains("37", wrongLength.Message);
    }

    [SkippableFact]
    public void A_cached_source_gives_the_same_batches_as_streaming()
    {
        string file = _files.Require("chunked-f64.h5");
        var options = new BatchOptions { BatchSize = 6, Shuffle = true, Seed = 9 };
        using Hdf5PatchSource streamed = So2SatReader.Open(file);
        using Hdf5PatchSource cached = So2SatReader.Open(file, new So2SatReadOptions { CacheInMemory = true });
        Assert.True(cached.IsCached);
        Assert.False(streamed.IsCached);
        using IEnumerator<PatchBatch> a = streamed.ReadBatches(options, 4).GetEnumerator();
        using IEnumerator<PatchBatch> b = cached.ReadBatches(options, 4).GetEnumerator();
        int batches = 0;
        while (a.MoveNext())
        {
            Assert.True(b.MoveNext());
            using PatchBatch x = a.Current;
            using PatchBatch y = b.Current;
            Assert.Equal(x.Indices.ToArray(), y.Indices.ToArray());
            Assert.Equal(x.Labels.ToArray(), y.Labels.ToArray());
            Assert.True(x.Data.SequenceEqual(y.Data));
            batches++;
        }
        Assert.False(b.MoveNext());
        Assert.Equal(7, batches);
    }

    [Fact]
    public void Read_and_write_options_round_trip_through_json_with_readable_names()
    {
        var read = new So2SatReadOptions { Modality = SensorModality.Both, Bands = new[] { "B4", "VV_real" }, NonFinite = NonFiniteHandling.Report, ReadThreads = 2 };
        string json = System.Text.Json.JsonSerializer.Serialize(read);
        Assert.Contains("\"Modality\":\"Both\"", json);
        Assert.Contains("\"NonFinite\":\"Report\"", json);
        So2SatReadOptions back = System.Text.Json.JsonSerializer.Deserialize<So2SatReadOptions>(json)!;
        Assert.Equal(read.Bands, back.Bands);
        Assert.Equal(read with { Bands = back.Bands }, back);
        var write = new So2SatWriterOptions { Count = 10, PatchSize = 48, Sentinel2Channels = 13, Sentinel1Channels = 0, Compress = true };
        Assert.Equal(write, System.Text.Json.JsonSerializer.Deserialize<So2SatWriterOptions>(System.Text.Json.JsonSerializer.Serialize(write)));
    }

    private static List<long[]> Indices(IPatchSource source, BatchOptions options, int epoch)
    {
        var all = new List<long[]>();
        foreach (PatchBatch batch in source.ReadBatches(options, epoch))
        {
            using (batch) all.Add(batch.Indices.ToArray());
        }
        return all;
    }
}
