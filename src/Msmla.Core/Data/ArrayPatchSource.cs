using System;
using System.Collections.Generic;
using System.Threading;

namespace Msmla.Core.Data
{
    /// <summary>
    /// An <see cref="IPatchSource"/> over patches already in memory (float32, NCHW), for tests, small
    /// datasets and caches. Batches follow <see cref="BatchSchedule"/>; <see cref="BatchOptions.Prefetch"/>
    /// is not needed here (copies run at memory speed) and is ignored.
    /// </summary>
    public sealed class ArrayPatchSource : IPatchSource
    {
        private readonly float[] _data;
        private readonly int[]? _labels;

        /// <summary>Wraps patches and labels (the arrays are used, not copied: do not change them while reading).</summary>
        /// <param name="data">Count x channels x height x width values, NCHW.</param>
        /// <param name="labels">One 0-based label per patch, or null for unlabelled patches.</param>
        /// <param name="channelNames">One name per channel; its length is the channel count.</param>
        /// <param name="height">Patch height.</param>
        /// <param name="width">Patch width.</param>
        /// <param name="classCount">The number of classes labels refer to.</param>
        /// <exception cref="ArgumentException">The lengths do not agree or a label is out of range.</exception>
        public ArrayPatchSource(float[] data, int[]? labels, IReadOnlyList<string> channelNames, int height, int width, int classCount)
        {
            _data = data ?? throw new ArgumentNullException(nameof(data));
            if (channelNames == null) throw new ArgumentNullException(nameof(channelNames));
            if (channelNames.Count < 1 || height < 1 || width < 1)
                throw new ArgumentException($"Patch shape {channelNames.Count}x{height}x{width} must be positive.", nameof(channelNames));
            if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "The class count must be at least 1.");
            int perPatch = checked(channelNames.Count * height * width);
            if (data.Length % perPatch != 0)
                throw new ArgumentException($"The data holds {data.Length} values, not a multiple of {perPatch} ({channelNames.Count}x{height}x{width}).", nameof(data));
            long count = data.Length / perPatch;
            if (labels != null)
            {
                if (labels.Length != count)
                    throw new ArgumentException($"There are {labels.Length} labels for {count} patches.", nameof(labels));
                ClassWeights.Count(labels, classCount);
            }
            _labels = labels;
            Info = new PatchSourceInfo(count, channelNames.Count, height, width, classCount, channelNames, labels != null);
        }

        /// <inheritdoc />
        public PatchSourceInfo Info { get; }

        /// <summary>The patches, NCHW.</summary>
        public ReadOnlyMemory<float> Data => _data;

        /// <summary>The 0-based labels, or null when unlabelled.</summary>
        public IReadOnlyList<int>? Labels => _labels;

        /// <inheritdoc />
        public IEnumerable<PatchBatch> ReadBatches(BatchOptions options, int epoch = 0, CancellationToken cancellationToken = default)
        {
            BatchSchedule schedule = BatchSchedule.Create(Info.Count, options, epoch);
            return Enumerate(schedule, cancellationToken);
        }

        private IEnumerable<PatchBatch> Enumerate(BatchSchedule schedule, CancellationToken cancellationToken)
        {
            int perPatch = Info.ValuesPerPatch;
            for (int b = 0; b < schedule.BatchCount; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = new PatchBatch(schedule.LargestBatch, Info.Channels, Info.Height, Info.Width);
                try
                {
                    batch.Count = schedule.CopyIndices(b, batch.Indices);
                    Span<long> indices = batch.Indices;
                    Span<int> labels = batch.Labels;
                    Span<float> values = batch.Data;
                    for (int i = 0; i < indices.Length; i++)
                    {
                        long index = indices[i];
                        _data.AsSpan((int)index * perPatch, perPatch).CopyTo(values.Slice(i * perPatch, perPatch));
                        labels[i] = _labels == null ? -1 : _labels[index];
                    }
                }
                catch
                {
                    batch.Dispose();
                    throw;
                }
                yield return batch;
            }
        }
    }
}
