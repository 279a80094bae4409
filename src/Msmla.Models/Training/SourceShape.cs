using Msmla.Core.Data;

namespace Msmla.Models.Training
{
    /// <summary>The size and shape of a data source, kept in checkpoints so a run resumes only on the same data.</summary>
    /// <param name="Count">The number of patches.</param>
    /// <param name="Channels">Channels per patch.</param>
    /// <param name="Height">Patch height.</param>
    /// <param name="Width">Patch width.</param>
    /// <param name="ClassCount">The number of classes.</param>
    public sealed record SourceShape(long Count, int Channels, int Height, int Width, int ClassCount)
    {
        /// <summary>The shape of <paramref name="info"/>.</summary>
        public static SourceShape Of(PatchSourceInfo info) => new(info.Count, info.Channels, info.Height, info.Width, info.ClassCount);

        /// <summary>For messages: <c>N patches of CxHxW, K classes</c>.</summary>
        public override string ToString() => $"{Count} patches of {Channels}x{Height}x{Width}, {ClassCount} classes";
    }
}
