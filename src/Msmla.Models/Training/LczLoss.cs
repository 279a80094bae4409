using System;
using Msmla.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Categorical cross-entropy for LCZ models, in the form their output needs:
    /// <list type="bullet">
    /// <item><see cref="ModelOutputKind.Logits"/>: log p = log_softmax(output), as PyTorch's <c>cross_entropy</c>.</item>
    /// <item><see cref="ModelOutputKind.Probabilities"/> (Sen2LCZ-Net-MF): as Keras' <c>categorical_crossentropy</c> on
    /// probabilities: each row is divided by its sum, clamped to [1e-7, 1 - 1e-7], and log p is its logarithm.</item>
    /// </list>
    /// The per-sample loss is l_i = (1 - eps) (-log p_i,y_i) + (eps / K) sum_c (-log p_i,c) with label smoothing eps and K
    /// classes. With class weights the batch loss is reduced as <see cref="LossOptions.WeightReduction"/> says (a batch
    /// whose samples all have weight 0 has loss 0, where PyTorch would give NaN); without, it is the mean of l_i.
    /// </summary>
    /// <remarks>Holds the class-weight tensor on the device: dispose it after training.</remarks>
    public sealed class LczLoss : IDisposable
    {
        /// <summary>The clamp of probabilities, Keras' <c>epsilon()</c>.</summary>
        public const double ProbabilityEpsilon = 1e-7;

        private readonly Tensor? _weights;

        /// <summary>Creates the loss of a model with <paramref name="classes"/> classes on <paramref name="device"/>.</summary>
        /// <param name="outputKind">What the model's forward returns.</param>
        /// <param name="classes">The number of classes K.</param>
        /// <param name="options">Class weights, their reduction and label smoothing; null = plain cross-entropy.</param>
        /// <param name="device">Where the batches are (default CPU).</param>
        /// <exception cref="ArgumentException">An option is out of range or the weights do not match the class count.</exception>
        public LczLoss(ModelOutputKind outputKind, int classes, LossOptions? options = null, Device? device = null)
        {
            if (!Enum.IsDefined(outputKind)) throw new ArgumentOutOfRangeException(nameof(outputKind), outputKind, "Unknown model output kind.");
            if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "A classification loss needs at least 2 classes.");
            Options = (options ?? new LossOptions()).Validate(classes);
            OutputKind = outputKind;
            Classes = classes;
            TorchRuntime.EnsureLoaded();
            if (Options.ClassWeights != null)
            {
                using Tensor cpu = tensor(Options.ClassWeights, ScalarType.Float32);
                _weights = cpu.to(device ?? CPU).DetachFromDisposeScope();
            }
        }

        /// <summary>What the model's forward returns.</summary>
        public ModelOutputKind OutputKind { get; }

        /// <summary>The number of classes.</summary>
        public int Classes { get; }

        /// <summary>The loss options in force.</summary>
        public LossOptions Options { get; }

        /// <summary>log p [N, K] of a model output [N, K] (see the class remarks).</summary>
        public Tensor LogProbabilities(Tensor output)
        {
            CheckOutput(output);
            if (OutputKind == ModelOutputKind.Logits) return F.log_softmax(output, 1);
            Tensor normalised = output / output.sum(1, keepdim: true);
            return normalised.clamp(ProbabilityEpsilon, 1.0 - ProbabilityEpsilon).log();
        }

        /// <summary>The training loss of a batch (a scalar): weighted by the class weights when there are any.</summary>
        /// <param name="output">The model output [N, K].</param>
        /// <param name="target">The 0-based true classes [N], int64.</param>
        public Tensor Compute(Tensor output, Tensor target)
        {
            using var scope = NewDisposeScope();
            Tensor logp = LogProbabilities(output);
            CheckTarget(target, output);
            Tensor nll = logp.gather(1, target.unsqueeze(1)).squeeze(1).neg();
            double eps = Options.LabelSmoothing;
            Tensor result;
            if (_weights is null)
            {
                result = Smoothed(logp, nll).mean();
            }
            else if (Options.WeightReduction == ClassWeightReduction.KerasSampleWeights)
            {
                result = (Smoothed(logp, nll) * _weights.index_select(0, target)).mean();
            }
            else
            {
                Tensor sampleWeights = _weights.index_select(0, target);
                // A batch whose samples all weigh 0 contributes nothing (PyTorch would return 0 / 0 = NaN).
                Tensor total = sampleWeights.sum().clamp_min(1e-12);
                result = (nll * sampleWeights).sum() / total;
                if (eps > 0)
                {
                    Tensor smooth = (logp * _weights.unsqueeze(0)).sum().neg() / total;
                    result = result * (1.0 - eps) + smooth * (eps / Classes);
                }
            }
            return result.MoveToOuterDisposeScope();
        }

        /// <summary>The unweighted loss of every sample [N] (with label smoothing): what the validation loss averages.</summary>
        /// <param name="output">The model output [N, K].</param>
        /// <param name="target">The 0-based true classes [N], int64.</param>
        public Tensor PerSample(Tensor output, Tensor target)
        {
            using var scope = NewDisposeScope();
            Tensor logp = LogProbabilities(output);
            CheckTarget(target, output);
            Tensor nll = logp.gather(1, target.unsqueeze(1)).squeeze(1).neg();
            return Smoothed(logp, nll).MoveToOuterDisposeScope();
        }

        /// <summary>Releases the class-weight tensor.</summary>
        public void Dispose() => _weights?.Dispose();

        private Tensor Smoothed(Tensor logp, Tensor nll)
        {
            double eps = Options.LabelSmoothing;
            if (eps == 0) return nll;
            return nll * (1.0 - eps) + logp.sum(1).neg() * (eps / Classes);
        }

        private void CheckOutput(Tensor output)
        {
            ArgumentNullException.ThrowIfNull(output);
            if (output.dim() != 2 || output.size(1) != Classes)
                throw new ArgumentException($"The model output must be [N, {Classes}]; got [{string.Join(", ", output.shape)}].", nameof(output));
        }

        private static void CheckTarget(Tensor target, Tensor output)
        {
            ArgumentNullException.ThrowIfNull(target);
            if (target.dim() != 1 || target.size(0) != output.size(0) || target.dtype != ScalarType.Int64)
                throw new ArgumentException(
                    $"The target must be int64 class indices of shape [{output.size(0)}]; got {target.dtype} [{string.Join(", ", target.shape)}].", nameof(target));
        }
    }
}
