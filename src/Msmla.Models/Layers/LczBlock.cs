using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Msmla.Models.Layers
{
    /// <summary>
    /// A module whose convolutions are each followed by a BatchNorm, which <see cref="FoldBatchNorm"/> can merge
    /// into the convolution for inference. Subclasses declare their pairs with <see cref="Pair"/> and run them with
    /// <see cref="ConvBn"/>.
    /// </summary>
    internal abstract class LczBlock : nn.Module<Tensor, Tensor>
    {
        private readonly List<(Conv2d Conv, BatchNorm2d Norm)> _pairs = new();
        private bool _folded;

        protected LczBlock(string name) : base(name)
        {
        }

        /// <summary>Declares that <paramref name="norm"/> normalises the output of <paramref name="conv"/>.</summary>
        protected void Pair(Conv2d conv, BatchNorm2d norm) => _pairs.Add((conv, norm));

        /// <summary>BatchNorm(conv(x)), or the folded convolution alone once folded.</summary>
        protected Tensor ConvBn(Conv2d conv, BatchNorm2d norm, Tensor x)
        {
            if (!_folded)
            {
                using Tensor y = conv.call(x);
                return norm.call(y);
            }
            if (training) throw new InvalidOperationException("This model's BatchNorm layers are folded into its convolutions: it is inference-only and cannot run in training mode.");
            return conv.call(x);
        }

        /// <summary>
        /// Merges each BatchNorm into its convolution: W' = W * g / sqrt(v + eps), b' = (b - m) * g / sqrt(v + eps) + beta.
        /// </summary>
        internal void FoldBatchNorm()
        {
            if (_folded) return;
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            foreach ((Conv2d conv, BatchNorm2d norm) in _pairs)
            {
                Tensor scale = norm.weight! / (norm.running_var! + norm.eps).sqrt();
                Tensor shift = norm.bias! - norm.running_mean! * scale;
                conv.weight!.mul_(scale.view(-1, 1, 1, 1));
                if (conv.bias is null)
                {
                    conv.bias = new Parameter(shift.detach().clone().MoveToOuterDisposeScope());
                }
                else
                {
                    conv.bias.mul_(scale).add_(shift);
                }
            }
            _folded = true;
        }
    }
}
