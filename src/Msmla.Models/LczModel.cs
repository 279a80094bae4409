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

        /// <summary>Checks that <paramref name="input"/> is [N, Bands, H, W] float32 with H, W at least the model's minimum.</summary>
        private protected void CheckInput(Tensor input)
        {
            if (input.dim() != 4 || input.size(1) != Options.Bands)
                throw new ArgumentException(
                    $"{Info.Name} expects input of shape [N, {Options.Bands}, H, W]; got [{string.Join(", ", input.shape)}].", nameof(input));
        }
    }
}
