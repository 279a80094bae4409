using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Preprocessing;

namespace Msmla.Models
{
    /// <summary>The published values and metadata of each architecture.</summary>
    internal sealed record ArchitectureDefaults(
        LczArchitecture Architecture,
        string Name,
        string Citation,
        int[] StageWidths,
        int[] StageDepths,
        int? SeRatio,
        double DropoutRate,
        int? DenseUnits,
        InputScaling InputScaling,
        int PublishedPatchSize,
        ModelOutputKind OutputKind,
        bool IsReconstruction,
        string Notes)
    {
        /// <summary>Width of MSMLA's multi-scale stem (16 + 32 + 16 concatenated).</summary>
        public const int MsmlaStemWidth = 64;

        /// <summary>The band order of the released LCZNet model.</summary>
        public static IReadOnlyList<string> LczNetBands { get; } = new[] { "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B11", "B12", "B8A" };

        /// <summary>The three ancillary layers MSMLA was published with after the 10 Sentinel-2 bands.</summary>
        public static IReadOnlyList<string> MsmlaAncillary { get; } = new[] { "BuildingFootprint", "BuildingHeight", "LandCover" };

        private const string MsmlaCitation =
            "Kim, M., Jeong, D., Kim, Y. (2021). Local climate zone classification using a multi-scale, multi-level attention network. " +
            "ISPRS Journal of Photogrammetry and Remote Sensing 181, 345-366.";

        private const string Sen2LczCitation =
            "Qiu, C., Tong, X., Schmitt, M., Bechtel, B., Zhu, X. X. (2020). Multilevel feature fusion-based CNN for local climate zone " +
            "classification from Sentinel-2 images: benchmark results on the So2Sat LCZ42 dataset. IEEE Journal of Selected Topics in " +
            "Applied Earth Observations and Remote Sensing 13, 2793-2806.";

        private const string MsmlaNotes =
            "Widths default to [16, 32, 64] as in the published parameter counts and the paper (the released call site passes [16, 32, 48]). " +
            "Initialisation follows the released code: he_normal for convolutions and the classifier, truncated fan-in normal (scale 1) for " +
            "the CBAM dense layers fc1/fc2 and spatial convolution, Glorot uniform for the SE dense layers and the CBAM fc3. " +
            "Published with 13 channels (10 Sentinel-2 bands and 3 ancillary layers) on 48x48 patches.";

        private static readonly ArchitectureDefaults[] s_all =
        {
            new(LczArchitecture.Msmla18, "MSMLA-18", MsmlaCitation, new[] { 16, 32, 64 }, new[] { 2, 2, 2 }, 8, 0, null,
                InputScaling.So2SatReflectance, 48, ModelOutputKind.Logits, false, MsmlaNotes),
            new(LczArchitecture.Msmla50, "MSMLA-50", MsmlaCitation, new[] { 16, 32, 64 }, new[] { 3, 4, 6 }, 8, 0, null,
                InputScaling.So2SatReflectance, 48, ModelOutputKind.Logits, false, MsmlaNotes),
            new(LczArchitecture.Sen2LczNet, "Sen2LCZ-Net", Sen2LczCitation, new[] { 16, 32, 64, 128 }, new[] { 4, 4, 4, 4 }, null, 0.2, null,
                InputScaling.So2SatReflectance, 32, ModelOutputKind.Logits, false,
                "Sen2LCZ-Net without multi-level fusion: global average pooling of the last block and one linear classifier."),
            new(LczArchitecture.Sen2LczNetMf, "Sen2LCZ-Net-MF", Sen2LczCitation, new[] { 16, 32, 64, 128 }, new[] { 4, 4, 4, 4 }, null, 0.2, null,
                InputScaling.So2SatReflectance, 32, ModelOutputKind.Probabilities, false,
                "The output is the mean of the four heads' softmax probabilities, as released (sen2LCZ_drop with fusion=1)."),
            new(LczArchitecture.RosentreterCnn, "CNN (Rosentreter et al.)",
                "Rosentreter, J., Hagensieker, R., Waske, B. (2020). Towards large-scale mapping of local climate zones using multitemporal " +
                "Sentinel 2 data and convolutional neural networks. Remote Sensing of Environment 237, 111472. doi:10.1016/j.rse.2019.111472",
                new[] { 16, 32, 64, 128 }, new[] { 1, 1, 1, 1 }, null, 0, 256,
                InputScaling.So2SatReflectance, 32, ModelOutputKind.Logits, true,
                "Reconstruction: the paper's layer table was not available. 4 x [3x3 conv -> BatchNorm -> ReLU -> 2x2 max-pool], flatten, " +
                "dense 256 + ReLU, dense to the classes is the only plain-CNN layout that reproduces the published count " +
                "(234,625 trainable, 235,105 Keras total for 10 bands, 17 classes, 32x32). Flatten is in PyTorch's (C, H, W) order."),
            new(LczArchitecture.LczNet, "LCZNet (reconstruction)",
                "Liu, S., Shi, Q. (2020). Local climate zone mapping as remote sensing scene classification using deep learning: a case " +
                "study of metropolitan China. ISPRS Journal of Photogrammetry and Remote Sensing 164, 229-242. doi:10.1016/j.isprsjprs.2020.04.008",
                new[] { 64, 128, 256 }, new[] { 2, 2, 2 }, 16, 0, null,
                InputScaling.DigitalNumberOver5000, 64, ModelOutputKind.Logits, true,
                "Reconstruction: the layer table is not public. An SE-ResNet in its spirit: 3x3 stem convolution (64) with BatchNorm and ReLU, " +
                "three stages of two basic residual blocks with Squeeze-and-Excitation (ratio 16), widths 64/128/256, strides 1/2/2, " +
                "global average pooling and a linear classifier: 2,805,961 trainable parameters (2,810,441 with BatchNorm statistics) for " +
                "10 bands and 17 classes, against 3,181,809 published for the original. Band order and /5000 scaling are those of the " +
                "released LCZNet (64x64 input; 48x48 reported best)."),
        };

        /// <summary>The defaults of an architecture.</summary>
        public static ArchitectureDefaults For(LczArchitecture architecture)
        {
            int index = (int)architecture;
            if ((uint)index >= (uint)s_all.Length)
                throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown LCZ architecture.");
            return s_all[index];
        }

        /// <summary>All architectures' defaults, in enum order.</summary>
        public static IReadOnlyList<ArchitectureDefaults> All => s_all;

        /// <summary>The smallest patch side that leaves at least one pixel after every pooling step.</summary>
        public static int MinimumPatchSize(LczArchitecture architecture, int stages) => architecture switch
        {
            LczArchitecture.RosentreterCnn => 1 << stages,
            LczArchitecture.Sen2LczNet or LczArchitecture.Sen2LczNetMf => 1 << (stages - 1),
            _ => 1,
        };

        /// <summary>The band names for <paramref name="bands"/> channels: the published order when the count matches, else generic names.</summary>
        public IReadOnlyList<string> BandOrder(int bands)
        {
            IReadOnlyList<string> published = Architecture == LczArchitecture.LczNet ? LczNetBands : SentinelBands.Sentinel2;
            if (bands == published.Count) return published;
            if (Architecture is LczArchitecture.Msmla18 or LczArchitecture.Msmla50 && bands == published.Count + MsmlaAncillary.Count)
                return published.Concat(MsmlaAncillary).ToArray();
            return Enumerable.Range(1, bands).Select(i => "Channel" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }

        /// <summary>The metadata of a model built with resolved <paramref name="options"/>.</summary>
        public LczModelInfo Describe(LczModelOptions options) => new(
            Name, Architecture, Citation, BandOrder(options.Bands), InputScaling, options.PatchSize, PublishedPatchSize,
            options.Classes, OutputKind, IsReconstruction, Notes);
    }
}
