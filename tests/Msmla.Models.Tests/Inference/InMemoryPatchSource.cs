using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Msmla.Core.Data;

namespace Msmla.Models.Tests.Inference;

/// <summary>A minimal <see cref="IPatchSource"/> over an array, in stored order, for predictor tests.</summary>
internal sealed class InMemoryPatchSource : IPatchSource
{
    private readonly float[] _data;
    private readonly int[] _labels;

    public InMemoryPatchSource(float[] data, int[] labels, int channels, int size, int classes)
    {
        _data = data;
        _labels = labels;
        Info = new PatchSourceInfo(labels.Length, channels, size, size, classes, Enumerable.Range(1, channels).Select(i => "B" + i).ToArray());
    }

    public PatchSourceInfo Info { get; }

    public IEnumerable<PatchBatch> ReadBatches(BatchOptions options, int epoch = 0, CancellationToken cancellationToken = default)
    {
        int per = Info.ValuesPerPatch;
        for (int start = 0; start < _labels.Length; start += options.BatchSize)
        {
            int n = Math.Min(options.BatchSize, _labels.Length - start);
            var batch = new PatchBatch(n, Info.Channels, Info.Height, Info.Width);
            _data.AsSpan(start * per, n * per).CopyTo(batch.Data);
            _labels.AsSpan(start, n).CopyTo(batch.Labels);
            for (int i = 0; i < n; i++) batch.Indices[i] = start + i;
            yield return batch;
        }
    }
}
