using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models.Architectures;
using static TorchSharp.torch;

namespace Msmla.Models
{
    /// <summary>
    /// The entry point for LCZ networks: <see cref="Create"/> builds any architecture from options, the typed
    /// factories return the concrete module, and <see cref="Available"/> lists what can be built.
    /// </summary>
    /// <example>
    /// <code>
    /// using LczModel model = LczModels.Create(LczArchitecture.Msmla18, new LczModelOptions { Bands = 10, Classes = 17, PatchSize = 32 });
    /// Console.WriteLine(model.Summary());
    /// </code>
    /// </example>
    public static partial class LczModels
    {
        /// <summary>The metadata of every architecture with default options, in <see cref="LczArchitecture"/> order.</summary>
        public static IReadOnlyList<LczModelInfo> Available { get; } =
            ArchitectureDefaults.All.Select(d => d.Describe(new LczModelOptions().ResolveFor(d.Architecture))).ToArray();

        /// <summary>The metadata a model of <paramref name="architecture"/> built with <paramref name="options"/> would have, without building it.</summary>
        /// <exception cref="ArgumentException">An option is invalid for the architecture.</exception>
        public static LczModelInfo Describe(LczArchitecture architecture, LczModelOptions? options = null) =>
            ArchitectureDefaults.For(architecture).Describe((options ?? new LczModelOptions()).ResolveFor(architecture));

        /// <summary>Builds a freshly initialised model (training mode, on the CPU).</summary>
        /// <param name="architecture">Which network.</param>
        /// <param name="options">Bands, classes, patch size and the architecture options; null = the published model.</param>
        /// <exception cref="ArgumentException">An option is invalid for the architecture; the message names it.</exception>
        public static LczModel Create(LczArchitecture architecture, LczModelOptions? options = null) => CreateOn(architecture, options, null);

        /// <summary>Builds a model on <paramref name="device"/>; on <c>meta</c> it has shapes but no storage (see <see cref="Weights.ModelShapes"/>).</summary>
        internal static LczModel CreateOn(LczArchitecture architecture, LczModelOptions? options, Device? device)
        {
            LczModelOptions resolved = (options ?? new LczModelOptions()).ResolveFor(architecture);
            TorchRuntime.EnsureLoaded();
            return architecture switch
            {
                LczArchitecture.Msmla18 or LczArchitecture.Msmla50 => new MsmlaNet(architecture, resolved, device),
                LczArchitecture.Sen2LczNet or LczArchitecture.Sen2LczNetMf => new Sen2LczNet(architecture, resolved, device),
                LczArchitecture.RosentreterCnn => new RosentreterCnn(resolved, device),
                LczArchitecture.LczNet => new LczNet(resolved, device),
                _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "Unknown LCZ architecture."),
            };
        }

        /// <summary>MSMLA-18 (180,747 trainable parameters with the defaults).</summary>
        public static MsmlaNet CreateMsmla18(LczModelOptions? options = null) => (MsmlaNet)Create(LczArchitecture.Msmla18, options);

        /// <summary>MSMLA-50 (801,297 trainable parameters with the defaults).</summary>
        public static MsmlaNet CreateMsmla50(LczModelOptions? options = null) => (MsmlaNet)Create(LczArchitecture.Msmla50, options);

        /// <summary>Sen2LCZ-Net without multi-level fusion (returns logits).</summary>
        public static Sen2LczNet CreateSen2LczNet(LczModelOptions? options = null) => (Sen2LczNet)Create(LczArchitecture.Sen2LczNet, options);

        /// <summary>Sen2LCZ-Net-MF (791,428 trainable parameters with the defaults; returns probabilities).</summary>
        public static Sen2LczNet CreateSen2LczNetMf(LczModelOptions? options = null) => (Sen2LczNet)Create(LczArchitecture.Sen2LczNetMf, options);

        /// <summary>The CNN of Rosentreter et al., reconstructed (234,625 trainable parameters for 32 x 32 patches).</summary>
        public static RosentreterCnn CreateRosentreterCnn(LczModelOptions? options = null) => (RosentreterCnn)Create(LczArchitecture.RosentreterCnn, options);

        /// <summary>LCZNet, reconstructed as an SE-ResNet (2,805,961 trainable parameters with the defaults).</summary>
        public static LczNet CreateLczNet(LczModelOptions? options = null) => (LczNet)Create(LczArchitecture.LczNet, options);
    }
}
