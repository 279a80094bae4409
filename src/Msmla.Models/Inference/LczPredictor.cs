using System;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Msmla.Core.Data;
using Msmla.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Inference
{
    /// <summary>
    /// Runs a model over patches and returns class probabilities and labels: in batches, on the CPU or CUDA, in eval
    /// and inference mode, each batch in its own dispose scope (memory stays flat however many patches), with
    /// optional test-time augmentation. It works on its own inference copy of the model (BatchNorm folded by
    /// default), so the model passed in is left as it is and may keep training. Not thread-safe: use one predictor per thread.
    /// Each prediction call applies <see cref="PredictionOptions.Threads"/> and restores libtorch's thread count after it.
    /// </summary>
    /// <remarks>
    /// Logits are turned into probabilities with softmax; models whose output already is probabilities
    /// (Sen2LCZ-Net-MF) are used as they are. With test-time augmentation the probabilities are the mean over the
    /// 8 dihedral transforms.
    /// </remarks>
    public sealed class LczPredictor : IDisposable
    {
        private readonly LczModel _model;
        private readonly ILogger _logger;
        private readonly ScalarType _elementType;
        private bool _disposed;

        /// <summary>Prepares an inference copy of <paramref name="model"/> on the chosen device.</summary>
        /// <param name="model">The model (not modified, not owned).</param>
        /// <param name="options">Device, batch size, test-time augmentation, folding, layout; null = defaults.</param>
        /// <param name="logger">Receives the device and settings chosen; defaults to no logging.</param>
        public LczPredictor(LczModel model, PredictionOptions? options = null, ILogger<LczPredictor>? logger = null)
        {
            ArgumentNullException.ThrowIfNull(model);
            Options = (options ?? new PredictionOptions()).Validate();
            _logger = (ILogger?)logger ?? NullLogger.Instance;
            Device = TorchDevices.Resolve(Options.Device, _logger);
            Info = model.Info;
            Precision = InferencePrecisions.Resolve(Options.Precision, Device);
            _elementType = InferencePrecisions.ElementType(Precision);
            _model = InferenceModel.Prepare(model, Device, Options.FoldBatchNorm, Options.ChannelsLast, Precision);
            _logger.LogDebug("Predictor for {Model} on {Device}: batch {Batch}, TTA {Tta}, BatchNorm folded {Folded}, channels-last {ChannelsLast}, {Precision} (asked {Asked})",
                Info.Name, Device.type, Options.BatchSize, Options.TestTimeAugmentation, Options.FoldBatchNorm, Options.ChannelsLast, Precision, Options.Precision);
        }

        /// <summary>The options in force.</summary>
        public PredictionOptions Options { get; }

        /// <summary>The number format the predictor computes in: <see cref="PredictionOptions.Precision"/> with <see cref="InferencePrecision.Auto"/> resolved.</summary>
        public InferencePrecision Precision { get; }

        /// <summary>The device the predictor runs on.</summary>
        public Device Device { get; }

        /// <summary>The model's metadata (band order, scaling, classes).</summary>
        public LczModelInfo Info { get; }

        /// <summary>Predicts a batch of patches [N, Bands, H, W] (any device and floating type, converted to the predictor's precision).</summary>
        /// <exception cref="ArgumentException">The tensor is not [N, Bands, H, W].</exception>
        public PredictionResult Predict(Tensor patches, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            ArgumentNullException.ThrowIfNull(patches);
            if (patches.dim() != 4 || patches.size(1) != Info.Bands)
                throw new ArgumentException($"{Info.Name} predicts patches of shape [N, {Info.Bands}, H, W]; got [{string.Join(", ", patches.shape)}].", nameof(patches));
            int count = CheckedCount(patches.size(0));
            var probabilities = new float[(long)count * Info.Classes];
            using var threads = TorchThreadScope.Enter(Options.Threads, _logger);
            for (int start = 0; start < count; start += Options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = Math.Min(Options.BatchSize, count - start);
                using var scope = NewDisposeScope();
                Tensor batch = patches.narrow(0, start, n);
                PredictBatch(batch, probabilities.AsSpan(start * Info.Classes, n * Info.Classes));
            }
            return Finish(probabilities, count, null, null);
        }

        /// <summary>Predicts patches stored as float32 NCHW values: <paramref name="count"/> x Bands x height x width.</summary>
        /// <exception cref="ArgumentException">The span does not hold that many values.</exception>
        public PredictionResult Predict(ReadOnlySpan<float> patches, int count, int height, int width, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The patch count cannot be negative.");
            if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"Patch size {height}x{width} must be positive.");
            long perPatch = (long)Info.Bands * height * width;
            if (patches.Length != perPatch * count)
                throw new ArgumentException(
                    $"{patches.Length} values are not {count} patches of {Info.Bands}x{height}x{width} ({perPatch * count} values).", nameof(patches));
            var probabilities = new float[(long)count * Info.Classes];
            using var threads = TorchThreadScope.Enter(Options.Threads, _logger);
            for (int start = 0; start < count; start += Options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = Math.Min(Options.BatchSize, count - start);
                using var scope = NewDisposeScope();
                Tensor batch = empty(new long[] { n, Info.Bands, height, width }, ScalarType.Float32);
                MemoryMarshal.AsBytes(patches.Slice((int)(start * perPatch), (int)(n * perPatch))).CopyTo(batch.bytes);
                PredictBatch(batch, probabilities.AsSpan(start * Info.Classes, n * Info.Classes));
            }
            return Finish(probabilities, count, null, null);
        }

        /// <summary>
        /// Predicts every patch of a source in its stored order, reporting the number of patches done.
        /// The result carries each patch's source index and, for labelled sources, its true label.
        /// </summary>
        /// <exception cref="ArgumentException">The source's channel count differs from the model's bands.</exception>
        public PredictionResult Predict(IPatchSource source, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            ArgumentNullException.ThrowIfNull(source);
            PatchSourceInfo info = source.Info;
            if (info.Channels != Info.Bands)
                throw new ArgumentException($"The source has {info.Channels} channels but {Info.Name} expects {Info.Bands} ({string.Join(", ", Info.BandOrder)}).", nameof(source));
            int count = CheckedCount(info.Count);
            var probabilities = new float[(long)count * Info.Classes];
            var indices = new long[count];
            int[]? truth = info.HasLabels ? new int[count] : null;
            int done = 0;
            var batches = new BatchOptions { BatchSize = Options.BatchSize, Shuffle = false };
            using var threads = TorchThreadScope.Enter(Options.Threads, _logger);
            foreach (PatchBatch batch in source.ReadBatches(batches, 0, cancellationToken))
            {
                using (batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int n = batch.Count;
                    if (done + n > count) throw new InvalidOperationException($"The source yielded more than the {count} patches its Info announces.");
                    using (var scope = NewDisposeScope())
                    {
                        Tensor input = batch.ToTensor();
                        PredictBatch(input, probabilities.AsSpan(done * Info.Classes, n * Info.Classes));
                    }
                    batch.Indices.CopyTo(indices.AsSpan(done, n));
                    if (truth != null) batch.Labels.CopyTo(truth.AsSpan(done, n));
                    done += n;
                    progress?.Report(done);
                }
            }
            if (done != count) throw new InvalidOperationException($"The source yielded {done} patches but its Info announces {count}.");
            return Finish(probabilities, count, indices, truth);
        }

        /// <summary>
        /// The class probabilities of one batch as a new CPU tensor [N, Classes]: eval, inference mode, TTA when enabled.
        /// The caller disposes the result.
        /// </summary>
        public Tensor PredictProbabilities(Tensor batch)
        {
            ThrowIfDisposed();
            ArgumentNullException.ThrowIfNull(batch);
            using var threads = TorchThreadScope.Enter(Options.Threads, _logger);
            using var inference = inference_mode();
            using var scope = NewDisposeScope();
            return Probabilities(batch).cpu().MoveToOuterDisposeScope();
        }

        /// <summary>Disposes the predictor's copy of the model.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _model.Dispose();
            _disposed = true;
        }

        private void PredictBatch(Tensor batch, Span<float> target)
        {
            using var inference = inference_mode();
            Tensor probabilities = Probabilities(batch).cpu().contiguous();
            MemoryMarshal.Cast<byte, float>(probabilities.bytes).CopyTo(target);
        }

        private Tensor Probabilities(Tensor batch)
        {
            Tensor x = batch.to(_elementType, Device);
            if (!Options.TestTimeAugmentation) return ToProbabilities(_model.call(x));
            Tensor? sum = null;
            for (int t = 0; t < TestTimeAugmentation.TransformCount; t++)
            {
                Tensor transformed = TestTimeAugmentation.Apply(x, t);
                Tensor p = ToProbabilities(_model.call(transformed));
                sum = sum is null ? p : sum.add_(p);
            }
            return sum!.div_(TestTimeAugmentation.TransformCount);
        }

        private Tensor ToProbabilities(Tensor output)
        {
            // Probabilities in float32 whatever the model computed in: the softmax of bfloat16 logits is taken in float32,
            // and a probability model's bfloat16 output (whose rows sum to 1 only to bfloat16's 3 digits) is renormalised.
            if (output.dtype == ScalarType.Float32)
                return _model.OutputKind == ModelOutputKind.Logits ? F.softmax(output, 1) : output;
            Tensor values = output.to(ScalarType.Float32);
            return _model.OutputKind == ModelOutputKind.Logits ? F.softmax(values, 1) : values.div_(values.sum(1, keepdim: true));
        }

        private PredictionResult Finish(float[] probabilities, int count, long[]? indices, int[]? truth)
        {
            int classes = Info.Classes;
            var labels = new int[count];
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> row = probabilities.AsSpan(i * classes, classes);
                int best = 0;
                for (int c = 1; c < classes; c++)
                {
                    if (row[c] > row[best]) best = c;
                }
                labels[i] = best;
            }
            return new PredictionResult(probabilities, labels, classes, indices, truth);
        }

        private int CheckedCount(long count)
        {
            if (count > int.MaxValue / Info.Classes)
                throw new ArgumentException($"{count} patches are too many for one in-memory result; predict in chunks.", nameof(count));
            return (int)count;
        }

        private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
    }
}
