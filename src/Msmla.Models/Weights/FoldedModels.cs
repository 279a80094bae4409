using System;
using static TorchSharp.torch;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Weight files hold unfolded models: a folded model's convolutions already include its BatchNorm, so its weights
    /// would be applied twice by anyone loading them, and weights loaded into it would skip BatchNorm.
    /// </summary>
    internal static class FoldedModels
    {
        public static void Refuse(nn.Module module, string action)
        {
            if (module is LczModel { IsBatchNormFolded: true } model)
                throw new InvalidOperationException(
                    $"{model.Info.Name}: cannot {action} a model whose BatchNorm is folded into its convolutions (inference-only); use the unfolded model.");
        }
    }
}
