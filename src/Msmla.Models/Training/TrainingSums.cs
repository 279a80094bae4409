using System;
using static TorchSharp.torch;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The running sums of an epoch's training batches, kept on the training device so that a batch does not wait for
    /// the device; <see cref="Loss"/> and <see cref="Accuracy"/> copy them to the host when first read after a batch.
    /// </summary>
    internal sealed class TrainingSums : IDisposable
    {
        private readonly Tensor _lossSum;
        private readonly Tensor _correct;
        private (double LossSum, long Correct)? _read;

        /// <summary>Starts from the sums of <paramref name="start"/> (a fresh epoch, or one resumed mid-way).</summary>
        public TrainingSums(EpochProgressState start, Device device)
        {
            _lossSum = tensor(start.LossSum, ScalarType.Float64, device);
            _correct = tensor(start.Correct, ScalarType.Int64, device);
            Samples = start.Samples;
            _read = (start.LossSum, start.Correct);
        }

        /// <summary>Training samples so far.</summary>
        public long Samples { get; private set; }

        /// <summary>Whether the sums have been copied to the host since the last batch.</summary>
        public bool IsRead => _read.HasValue;

        /// <summary>The mean loss so far (NaN before any sample).</summary>
        public double Loss => Samples == 0 ? double.NaN : Read().LossSum / Samples;

        /// <summary>The accuracy so far (NaN before any sample).</summary>
        public double Accuracy => Samples == 0 ? double.NaN : Read().Correct / (double)Samples;

        /// <summary>Adds a batch: its mean loss (a scalar), the model's output and the labels, without waiting for the device.</summary>
        public void Add(Tensor meanLoss, Tensor output, Tensor labels, int count)
        {
            using (no_grad())
            {
                _lossSum.add_(meanLoss.detach().to_type(ScalarType.Float64) * count);
                _correct.add_(output.argmax(1).eq(labels).sum());
            }
            Samples += count;
            _read = null;
        }

        /// <summary>The sums, copied from the device once per batch.</summary>
        public (double LossSum, long Correct) Read()
        {
            _read ??= (_lossSum.item<double>(), _correct.item<long>());
            return _read.Value;
        }

        public void Dispose()
        {
            _lossSum.Dispose();
            _correct.Dispose();
        }
    }
}
