using System;
using System.Buffers;
using System.Runtime.InteropServices;
using Msmla.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Core.Data
{
    /// <summary>
    /// A batch of image patches (float32, NCHW), their 0-based class labels and their indices in the
    /// source. Buffers are rented from a pool: dispose the batch when done with it.
    /// </summary>
    /// <remarks>
    /// The pool is a dedicated <see cref="ArrayPool{T}"/> (lock-based, no per-thread caches), so buffers
    /// rented on a prefetch thread and returned on the consumer's are reused whatever threads come and go:
    /// a pipeline in steady state allocates no batch memory. It keeps at most 64 buffers of each size.
    /// </remarks>
    public sealed class PatchBatch : IDisposable
    {
        private const int MaxPooledLength = 1 << 30;
        private const int PooledPerSize = 64;
        private static readonly ArrayPool<float> s_values = ArrayPool<float>.Create(MaxPooledLength, PooledPerSize);
        private static readonly ArrayPool<int> s_labels = ArrayPool<int>.Create(MaxPooledLength, PooledPerSize);
        private static readonly ArrayPool<long> s_indices = ArrayPool<long>.Create(MaxPooledLength, PooledPerSize);
        private float[]? _data;
        private int[]? _labels;
        private long[]? _indices;
        private int _count;

        /// <summary>Creates an empty batch able to hold <paramref name="capacity"/> patches of the given shape.</summary>
        public PatchBatch(int capacity, int channels, int height, int width)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be at least 1.");
            if (channels < 1 || height < 1 || width < 1)
                throw new ArgumentOutOfRangeException(nameof(channels), $"Patch shape {channels}x{height}x{width} must be positive.");
            long values = (long)capacity * channels * height * width;
            if (values > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(capacity), capacity,
                    $"A batch of {capacity} patches of {channels} x {height} x {width} values would need {values} values, more than one array holds ({Array.MaxLength}); use a smaller batch.");
            Capacity = capacity;
            Channels = channels;
            Height = height;
            Width = width;
            _data = s_values.Rent((int)values);
            _labels = s_labels.Rent(capacity);
            _indices = s_indices.Rent(capacity);
            _count = capacity;
        }

        /// <summary>The most patches this batch can hold.</summary>
        public int Capacity { get; }

        /// <summary>The number of patches in the batch (at most <see cref="Capacity"/>).</summary>
        public int Count
        {
            get => _count;
            set
            {
                if (value < 0 || value > Capacity) throw new ArgumentOutOfRangeException(nameof(value), value, $"Count must be 0 to {Capacity}.");
                _count = value;
            }
        }

        /// <summary>Channels per patch.</summary>
        public int Channels { get; }

        /// <summary>Patch height.</summary>
        public int Height { get; }

        /// <summary>Patch width.</summary>
        public int Width { get; }

        /// <summary>Values per patch (channels x height x width).</summary>
        public int ValuesPerPatch => Channels * Height * Width;

        /// <summary>The pixel values of the <see cref="Count"/> patches, NCHW.</summary>
        public Span<float> Data => Live(_data).AsSpan(0, _count * ValuesPerPatch);

        /// <summary>The 0-based class label of each patch; -1 where the source has no labels.</summary>
        public Span<int> Labels => Live(_labels).AsSpan(0, _count);

        /// <summary>The index of each patch in its source.</summary>
        public Span<long> Indices => Live(_indices).AsSpan(0, _count);

        /// <summary>The values of patch <paramref name="i"/>, CHW.</summary>
        public Span<float> Patch(int i)
        {
            if ((uint)i >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(i), i, $"Patch index must be 0 to {_count - 1}.");
            return Live(_data).AsSpan(i * ValuesPerPatch, ValuesPerPatch);
        }

        /// <summary>Copies the patches into a new float32 tensor of shape [Count, C, H, W] on <paramref name="device"/>.</summary>
        public Tensor ToTensor(Device? device = null)
        {
            TorchRuntime.EnsureLoaded();
            Tensor cpu = empty(new long[] { _count, Channels, Height, Width }, ScalarType.Float32);
            MemoryMarshal.AsBytes(Data).CopyTo(cpu.bytes);
            return MoveTo(cpu, device);
        }

        /// <summary>Copies the labels into a new int64 tensor of shape [Count] on <paramref name="device"/>.</summary>
        public Tensor LabelsToTensor(Device? device = null)
        {
            TorchRuntime.EnsureLoaded();
            Tensor cpu = empty(new long[] { _count }, ScalarType.Int64);
            Span<long> target = MemoryMarshal.Cast<byte, long>(cpu.bytes);
            ReadOnlySpan<int> labels = Labels;
            for (int i = 0; i < labels.Length; i++) target[i] = labels[i];
            return MoveTo(cpu, device);
        }

        /// <summary>Returns the buffers to the pool. The batch cannot be used afterwards.</summary>
        public void Dispose()
        {
            if (_data != null) s_values.Return(_data);
            if (_labels != null) s_labels.Return(_labels);
            if (_indices != null) s_indices.Return(_indices);
            _data = null;
            _labels = null;
            _indices = null;
        }

        private static Tensor MoveTo(Tensor cpu, Device? device)
        {
            if (device == null || device.type == DeviceType.CPU) return cpu;
            Tensor moved = cpu.to(device);
            cpu.Dispose();
            return moved;
        }

        private T[] Live<T>(T[]? array) => array ?? throw new ObjectDisposedException(nameof(PatchBatch));
    }
}
