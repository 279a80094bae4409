using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// The Keras layers an importable model expects, in the order the original Keras code creates them (which is the
    /// order of Keras' automatic layer numbers: conv2d_1, conv2d_2, ...), with the model submodule each one fills.
    /// </summary>
    internal static class KerasLayerPlan
    {
        /// <summary>The expected Keras layers of a model, in Keras creation order.</summary>
        /// <exception cref="NotSupportedException">The architecture or an option has no Keras original to import from (LCZNet, the textbook CBAM).</exception>
        public static IReadOnlyList<KerasLayerTarget> For(LczModel model)
        {
            ArgumentNullException.ThrowIfNull(model);
            LczModelOptions o = model.Options;
            return model.Architecture switch
            {
                LczArchitecture.Sen2LczNet => Sen2Lcz(o, fused: false),
                LczArchitecture.Sen2LczNetMf => Sen2Lcz(o, fused: true),
                LczArchitecture.RosentreterCnn => RosentreterCnn(o),
                LczArchitecture.Msmla18 or LczArchitecture.Msmla50 => Msmla(o, model.Architecture == LczArchitecture.Msmla50),
                _ => throw new NotSupportedException(
                    $"{model.Info.Name} has no Keras original to import weights from (it is a reconstruction without released code); " +
                    "Keras import supports MSMLA-18, MSMLA-50, Sen2LCZ-Net, Sen2LCZ-Net-MF and the CNN of Rosentreter et al."),
            };
        }

        /// <summary>
        /// Sen2LCZ-Net(-MF) as released (sen2LCZ_drop): per block, n x [Conv2D, BatchNormalization]; then the Dense heads.
        /// In the released code each fusion head is created right after its block, except that the head on the last
        /// pooled output is first created unused before the final classifier and created again after it; so the saved
        /// Dense layers in creation order are: fusion heads 1..n-2, the classifier, the fusion head n-1 (for four
        /// blocks: dense_1, dense_2, dense_4, dense_5; dense_3 is the unused one and is not in the file).
        /// </summary>
        private static List<KerasLayerTarget> Sen2Lcz(LczModelOptions o, bool fused)
        {
            var plan = new List<KerasLayerTarget>();
            int blocks = o.StageWidths!.Length;
            for (int b = 1; b <= blocks; b++)
            {
                for (int c = 1; c <= o.StageDepths![b - 1]; c++)
                {
                    plan.Add(new KerasLayerTarget(KerasLayerKind.Conv2D, $"block{b}.conv{c}"));
                    plan.Add(new KerasLayerTarget(KerasLayerKind.BatchNormalization, $"block{b}.bn{c}"));
                }
            }
            if (fused)
            {
                for (int b = 1; b <= blocks - 2; b++) plan.Add(new KerasLayerTarget(KerasLayerKind.Dense, $"fusion{b}"));
            }
            plan.Add(new KerasLayerTarget(KerasLayerKind.Dense, "classifier"));
            if (fused && blocks >= 2) plan.Add(new KerasLayerTarget(KerasLayerKind.Dense, $"fusion{blocks - 1}"));
            return plan;
        }

        /// <summary>
        /// The CNN of Rosentreter et al. (a reconstruction; no Keras code was released): the order a sequential Keras
        /// model creates its layers in, stage by stage [Conv2D, BatchNormalization], then Dense (hidden), Dense (classes).
        /// The hidden Dense follows Keras' Flatten of the last (height, width, channels) map, so its kernel rows are
        /// reordered to PyTorch's (channel, row, column) flatten.
        /// </summary>
        private static List<KerasLayerTarget> RosentreterCnn(LczModelOptions o)
        {
            var plan = new List<KerasLayerTarget>();
            int[] widths = o.StageWidths!;
            int[] depths = o.StageDepths!;
            long side = o.PatchSize;
            for (int s = 1; s <= widths.Length; s++)
            {
                for (int c = 1; c <= depths[s - 1]; c++)
                {
                    string name = depths[s - 1] == 1 ? $"stage{s}" : $"stage{s}_{c}";
                    plan.Add(new KerasLayerTarget(KerasLayerKind.Conv2D, name + ".conv"));
                    plan.Add(new KerasLayerTarget(KerasLayerKind.BatchNormalization, name + ".bn"));
                }
                side /= 2;
            }
            plan.Add(new KerasLayerTarget(KerasLayerKind.Dense, "fc1", FlattenFrom: (side, side, widths[^1])));
            plan.Add(new KerasLayerTarget(KerasLayerKind.Dense, "fc2"));
            return plan;
        }

        /// <summary>
        /// MSMLA-18/50 as released (model/MSMLA.py with utils.py, tf.keras). Residual blocks name their layers
        /// explicitly: <c>res{stage}{block}_branch2a</c> / <c>bn{stage}{block}_branch2a</c> (then 2b, 2c for the
        /// bottleneck, and <c>_branch1</c> for the projection shortcut), with Keras stages 2, 3, 4 and blocks a, b, c, ...;
        /// the classifier is <c>fc{classes}</c>. Everything else is numbered automatically, in this creation order:
        /// the stem's Conv2D 5x5, 3x3, 1x1; then per CBAM (stem, then each stage after its first block) three Dense
        /// layers (C -&gt; C/r, C/r -&gt; C, C -&gt; C; the released code creates a fourth Dense whose output it discards,
        /// which is not saved) and the 7x7 Conv2D; and per residual block the SE's two Dense layers.
        /// </summary>
        private static List<KerasLayerTarget> Msmla(LczModelOptions o, bool bottleneck)
        {
            if (o.Cbam != CbamVariant.Released)
                throw new NotSupportedException("Keras import needs the released CBAM (CbamVariant.Released): the released Keras code has no textbook CBAM.");
            var plan = new List<KerasLayerTarget>
            {
                new(KerasLayerKind.Conv2D, "stem.conv5x5"),
                new(KerasLayerKind.Conv2D, "stem.conv3x3"),
                new(KerasLayerKind.Conv2D, "stem.conv1x1"),
            };
            AddCbam(plan, "stem.cbam");
            int[] depths = o.StageDepths!;
            for (int s = 0; s < depths.Length; s++)
            {
                string kerasStage = (s + 2).ToString(CultureInfo.InvariantCulture);
                for (int b = 0; b < depths[s]; b++)
                {
                    string letter = BlockLetter(b);
                    string target = $"stage{s + 1}.block{b}";
                    string[] branches = bottleneck ? new[] { "2a", "2b", "2c" } : new[] { "2a", "2b" };
                    for (int i = 0; i < branches.Length; i++)
                    {
                        plan.Add(new KerasLayerTarget(KerasLayerKind.Conv2D, $"{target}.conv{i + 1}", $"res{kerasStage}{letter}_branch{branches[i]}"));
                        plan.Add(new KerasLayerTarget(KerasLayerKind.BatchNormalization, $"{target}.bn{i + 1}", $"bn{kerasStage}{letter}_branch{branches[i]}"));
                    }
                    if (b == 0)
                    {
                        plan.Add(new KerasLayerTarget(KerasLayerKind.Conv2D, $"{target}.shortcut.conv", $"res{kerasStage}{letter}_branch1"));
                        plan.Add(new KerasLayerTarget(KerasLayerKind.BatchNormalization, $"{target}.shortcut.bn", $"bn{kerasStage}{letter}_branch1"));
                    }
                    plan.Add(new KerasLayerTarget(KerasLayerKind.Dense, $"{target}.se.fc1"));
                    plan.Add(new KerasLayerTarget(KerasLayerKind.Dense, $"{target}.se.fc2"));
                    if (b == 0) AddCbam(plan, $"stage{s + 1}.cbam");
                }
            }
            plan.Add(new KerasLayerTarget(KerasLayerKind.Dense, "fc", "fc" + o.Classes.ToString(CultureInfo.InvariantCulture)));
            return plan;
        }

        private static void AddCbam(List<KerasLayerTarget> plan, string prefix)
        {
            plan.Add(new KerasLayerTarget(KerasLayerKind.Dense, prefix + ".channel.fc1"));
            plan.Add(new KerasLayerTarget(KerasLayerKind.Dense, prefix + ".channel.fc2"));
            plan.Add(new KerasLayerTarget(KerasLayerKind.Dense, prefix + ".channel.fc3"));
            plan.Add(new KerasLayerTarget(KerasLayerKind.Conv2D, prefix + ".spatial.conv"));
        }

        /// <summary>Keras block letters: a, b, ..., z, then aa, ab, ... (the released code uses a-f).</summary>
        private static string BlockLetter(int index) =>
            index < 26 ? ((char)('a' + index)).ToString() : BlockLetter(index / 26 - 1) + (char)('a' + index % 26);
    }
}
