using System;
using System.Linq;
using Msmla.Models.Layers;
using Msmla.Models.Summary;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models
{
    /// <summary>
    /// Base class of every LCZ network: a TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c> that maps a float32 batch
    /// [N, Bands, H, W] to [N, Classes] (logits, or probabilities where <see cref="LczModelInfo.OutputKind"/> says so),
    /// and carries its architecture, resolved options and metadata.
    /// </summary>
    /// <remarks>
    /// Submodule names are the weight keys (see each architecture's documentation) and never change.
    /// Create models through <see cref="LczModels"/>.
    /// </remarks>
    public abstract class LczModel : nn.Module<Tensor, Tensor>
    {
        /// <summary>Initialises the base with the module name, architecture and resolved options.</summary>
        private protected LczModel(string name, LczArchitecture architecture, LczModelOptions options) : base(name)
        {
            Architecture = architecture;
            Options = options;
            Info = ArchitectureDefaults.For(architecture).Describe(options);
        }

        /// <summary>The architecture.</summary>
        public LczArchitecture Architecture { get; }

        /// <summary>The resolved options the model was built with (no null option).</summary>
        public LczModelOptions Options { get; }

        /// <summary>Name, citation, band order, scaling, patch size and output kind.</summary>
        public LczModelInfo Info { get; }

        /// <summary>Whether <c>forward</c> returns logits or probabilities.</summary>
        public ModelOutputKind OutputKind => Info.OutputKind;

        /// <summary>True once <see cref="FoldBatchNorm"/> has merged BatchNorm into the convolutions (inference only).</summary>
        public bool IsBatchNormFolded { get; private set; }

        /// <summary>True once <see cref="UseChannelsLast"/> has switched the model to channels-last tensors.</summary>
        public bool IsChannelsLast { get; private set; }

        /// <summary>
        /// Switches the model to channels-last (NHWC-strided) convolutions: stores every 4-D weight channels-last and
        /// converts each input the same way in <c>forward</c>. Shapes, weight keys and results (to float rounding) do
        /// not change; libtorch's oneDNN kernels avoid layout reorders, which made inference 20-55 % and training
        /// about 10 % faster on the CPU for these networks (benchmarks/README.md). Call it before creating the
        /// optimizer (the weights get new storage). Loading weights afterwards keeps the layout (values are copied in).
        /// In float64 the results equal NCHW's; in float32 libtorch's channels-last kernels sum in another order, which
        /// moves early-layer weight gradients by up to about 1e-3 of their scale (outputs agree to 1e-5).
        /// </summary>
        public void UseChannelsLast()
        {
            if (IsChannelsLast) return;
            using (no_grad())
            {
                foreach (TorchSharp.Modules.Parameter p in parameters())
                {
                    if (p.dim() != 4) continue;
                    using Tensor channelsLast = ToChannelsLast(p);
                    p.set_(channelsLast);
                }
            }
            IsChannelsLast = true;
        }

        /// <summary>Returns <paramref name="batch"/> [N, C, H, W] with channels-last strides (same shape and values; no copy when it already is).</summary>
        public static Tensor ToChannelsLast(Tensor batch)
        {
            ArgumentNullException.ThrowIfNull(batch);
            using Tensor nhwc = batch.permute(0, 2, 3, 1).contiguous();
            return nhwc.permute(0, 3, 1, 2);
        }

        /// <summary>Counts the trainable parameters and the BatchNorm running statistics.</summary>
        public ParameterCounts CountParameters()
        {
            long trainable = parameters().Where(p => p.requires_grad).Sum(p => p.numel());
            long statistics = named_buffers()
                .Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal) || b.name.EndsWith("running_var", StringComparison.Ordinal))
                .Sum(b => b.buffer.numel());
            return new ParameterCounts(trainable, statistics);
        }

        /// <summary>
        /// A Keras-like summary: every layer in call order with its type, output shape and parameters, and the totals.
        /// Runs one dummy patch of <see cref="LczModelOptions.PatchSize"/> through the model in eval mode.
        /// </summary>
        /// <param name="patchSize">The patch side to trace with; defaults to the model's patch size.</param>
        public ModelSummary Summary(int? patchSize = null) => ModelSummary.Create(this, patchSize);

        /// <summary>
        /// Merges every BatchNorm into the convolution before it, using the running statistics, so inference runs one
        /// convolution instead of a convolution and a normalisation. The model must be in eval mode and stays
        /// inference-only: a forward pass in training mode afterwards throws. Use it on a copy
        /// (<see cref="Inference.InferenceModel.Prepare"/> does).
        /// </summary>
        /// <exception cref="InvalidOperationException">The model is in training mode or already folded.</exception>
        public void FoldBatchNorm()
        {
            if (training) throw new InvalidOperationException($"{Info.Name}: call eval() before folding BatchNorm; folded models cannot train.");
            if (IsBatchNormFolded) throw new InvalidOperationException($"{Info.Name}: BatchNorm is already folded.");
            foreach (nn.Module module in modules())
            {
                if (module is LczBlock block) block.FoldBatchNorm();
            }
            IsBatchNormFolded = true;
        }

        /// <summary>
        /// Checks that <paramref name="input"/> is [N, Bands, H, W] and returns it in the model's layout (channels-last
        /// after <see cref="UseChannelsLast"/>). Call inside the forward pass's dispose scope.
        /// </summary>
        private protected Tensor PrepareInput(Tensor input)
        {
            if (input.dim() != 4 || input.size(1) != Options.Bands)
                throw new ArgumentException(
                    $"{Info.Name} expects input of shape [N, {Options.Bands}, H, W]; got [{string.Join(", ", input.shape)}].", nameof(input));
            return IsChannelsLast ? ToChannelsLast(input) : input;
        }
    }
}
