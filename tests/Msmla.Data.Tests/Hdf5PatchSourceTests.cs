using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.So2Sat;
using Msmla.Data.Synthetic;
using Msmla.Data.Tests.Support;
using Msmla.Data.Transforms;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests;

/// <summary>Streaming behaviour of the HDF5 source on a file written by our writer (no Python needed).</summary>
[Collection(MeasuredAloneCollection.Name)]
public sealed class Hdf5PatchSourceTests : IClassFixture<Hdf5PatchSourceTests.GeneratedFile>
{
    private readonly GeneratedFile _file;

    public Hdf5PatchSourceTests(GeneratedFile file)
    {
        _file = file;
    }

    [Fact]
    public void Memory_stays_flat_over_many_epochs_of_shuffled_batches()
    {
        using Hdf5PatchSource source = So2SatReader.Open(_file.Path, new So2SatReadOptions { Modality = SensorModality.Both });
        IPatchSource pipeline = source.Normalize(NormalizationOptions.DivideBy(3)).Augment(AugmentationOptions.MsmlaRecipe, 3);
        var options = new BatchOptions { BatchSize = 32, Shuffle = true, Seed = 1, Prefetch = 3 };
        long batchBytes = 32L * source.Info.ValuesPerPatch * sizeof(float);
        using Hdf5PatchSource single = So2SatReader.Open(_file.Path, new So2SatReadOptions { Modality = SensorModality.Both, ReadThreads = 1 });
        Assert.Equal(2, source.ReadThreads);
        foreach (IPatchSource reader in new IPatchSource[] { source, new NormalizedPatchSource(source, NormalizationOptions.DivideBy(2)), single })
        {
            // Two epochs fill the pool up to the most batches in flight at once; after that nothing is allocated.
            Drain(reader, options, 0);
            Drain(reader, options, 0);
            long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            int batches = 0;
            for (int epoch = 1; epoch <= 6; epoch++) batches += Drain(reader, options, epoch);
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            long heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            Assert.Equal(6 * ((GeneratedFile.Count + 31) / 32), batches);
            // Buffers come from the pool: what is allocated per batch is bookkeeping (a few kilobytes), far below
            // one batch of data; the bound leaves room for the pool to grow by a buffer now and then when
            // thread timing puts one more batch in flight than before.
            Assert.True(allocated / batches < batchBytes / 8, $"{allocated / batches:N0} bytes allocated per batch of {batchBytes:N0} bytes");
            Assert.True(heapAfter - heapBefore < 4 * batchBytes, $"heap grew by {heapAfter - heapBefore:N0} bytes");
        }
        // The full chain (reader, normalisation, augmentation) allocates little too, after its per-thread buffers exist.
        Drain(pipeline, options, 0);
        Drain(pipeline, options, 0);
        long chainBefore = GC.GetTotalAllocatedBytes(precise: true);
        int chainBatches = Drain(pipeline, options, 1) + Drain(pipeline, options, 2) + Drain(pipeline, options, 3) + Drain(pipeline, options, 4);
        long perBatch = (GC.GetTotalAllocatedBytes(precise: true) - chainBefore) / chainBatches;
        Assert.True(perBatch < batchBytes / 8, $"{perBatch:N0} bytes allocated per augmented batch");
    }

    [Fact]
    public void Parallel_read_threads_give_the_same_batches_in_the_same_order()
    {
        var options = new BatchOptions { BatchSize = 19, Shuffle = true, Seed = 5, Prefetch = 3 };
        using Hdf5PatchSource one = So2SatReader.Open(_file.Path, new So2SatReadOptions { Modality = SensorModality.Both, ReadThreads = 1 });
        using Hdf5PatchSource three = So2SatReader.Open(_file.Path, new So2SatReadOptions { Modality = SensorModality.Both, ReadThreads = 3 });
        Assert.Equal(3, three.ReadThreads);
        using IEnumerator<PatchBatch> a = one.ReadBatches(options, 2).GetEnumerator();
        using IEnumerator<PatchBatch> b = three.ReadBatches(options, 2).GetEnumerator();
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
        Assert.Equal((GeneratedFile.Count + 18) / 19, batches);
        // Augmentation on top of parallel readers runs as a further pipeline stage, with the same result.
        IPatchSource augmentedOne = one.Augment(AugmentationOptions.MsmlaRecipe, 4);
        IPatchSource augmentedThree = three.Augment(AugmentationOptions.MsmlaRecipe, 4);
        Assert.Equal(Sum(augmentedOne, options with { Prefetch = 0 }), Sum(augmentedThree, options));
        Assert.Throws<ArgumentOutOfRangeException>(() => So2SatReader.Open(_file.Path, new So2SatReadOptions { ReadThreads = 0 }));
    }

    [Fact]
    public void Cancelling_mid_epoch_stops_reading_and_the_source_stays_usable()
    {
        using Hdf5PatchSource source = So2SatReader.Open(_file.Path);
        using var cancel = new CancellationTokenSource();
        int seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (PatchBatch batch in source.ReadBatches(new BatchOptions { BatchSize = 16, Prefetch = 2 }, 0, cancel.Token))
            {
                batch.Dispose();
                if (++seen == 2) cancel.Cancel();
            }
        });
        Assert.Equal(2, seen);
        Assert.Equal((GeneratedFile.Count + 15) / 16, Drain(source, new BatchOptions { BatchSize = 16 }, 0));
    }

    [Fact]
    public async Task Concurrent_enumerations_of_one_source_read_the_same_patches()
    {
        using Hdf5PatchSource source = So2SatReader.Open(_file.Path, new So2SatReadOptions { Modality = SensorModality.Both });
        var options = new BatchOptions { BatchSize = 24, Shuffle = true, Seed = 8 };
        float[][] results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Sum(source, options))));
        Assert.Equal(results[0], results[1]);
        Assert.Equal(results[0], results[2]);
    }

    [Fact]
    public void A_batch_size_larger_than_the_file_reads_one_batch_of_the_file()
    {
        // Before: the reader sized its buffers by the batch size, so 2^31 - 1 ended in an out-of-memory failure.
        using Hdf5PatchSource source = So2SatReader.Open(_file.Path);
        PatchBatch[] batches = source.ReadBatches(new BatchOptions { BatchSize = int.MaxValue, Shuffle = true, Seed = 2 }).ToArray();
        using PatchBatch batch = Assert.Single(batches);
        Assert.Equal(Enumerable.Range(0, GeneratedFile.Count).Select(i => (long)i), batch.Indices.ToArray());
        Assert.Equal(Sum(source, new BatchOptions { BatchSize = 64 }), Sum(source, new BatchOptions { BatchSize = int.MaxValue, Prefetch = 3 }));
    }

    [Fact]
    public void Random_access_checks_its_indices_and_a_disposed_source_refuses_work()
    {
        Hdf5PatchSource source = So2SatReader.Open(_file.Path);
        using (PatchBatch some = source.ReadPatches(new long[] { 0, 5, 6, 7, 199 }))
        {
            Assert.Equal(new long[] { 0, 5, 6, 7, 199 }, some.Indices.ToArray());
            var expected = new float[10240];
            SyntheticLczSample.Generate(GeneratedFile.Options, 199, expected, new float[8 * 1024]);
            Assert.True(some.Patch(4).SequenceEqual(expected));
        }
        Assert.Throws<ArgumentException>(() => source.ReadPatches(new long[] { 3, 2 }));
        Assert.Throws<ArgumentException>(() => source.ReadPatches(new long[] { 3, 3 }));
        Assert.Throws<ArgumentException>(() => source.ReadPatches(new long[] { GeneratedFile.Count }));
        source.Dispose();
        Assert.Throws<ObjectDisposedException>(() => source.ReadBatches(new BatchOptions()));
    }

    private static int Drain(IPatchSource source, BatchOptions options, int epoch)
    {
        int count = 0;
        foreach (PatchBatch batch in source.ReadBatches(options, epoch))
        {
            batch.Dispose();
            count++;
        }
        return count;
    }

    private static float[] Sum(IPatchSource source, BatchOptions options)
    {
        var sums = new float[source.Info.Count];
        foreach (PatchBatch batch in source.ReadBatches(options))
        {
            using (batch)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    float s = 0;
                    foreach (float v in batch.Patch(i)) s += v;
                    sums[batch.Indices[i]] = s;
                }
            }
        }
        return sums;
    }

    /// <summary>A So2Sat-layout file of synthetic patches (Sentinel-1 and -2), written once for the class.</summary>
    public sealed class GeneratedFile : IDisposable
    {
        public const int Count = 300;
        public static readonly SyntheticLczOptions Options = new() { Seed = 12, Sentinel1Channels = 8 };
        private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();

        public GeneratedFile()
        {
            Path = _directory.File("generated.h5");
            SyntheticLczSample.WriteSo2Sat(Path, Options, Count);
        }

        public string Path { get; }

        public void Dispose() => _directory.Dispose();
    }
}
