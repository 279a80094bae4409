using System.Collections.Generic;

namespace Msmla.Core.Data
{
    /// <summary>What an <see cref="IPatchSource"/> yields: how many patches, of which shape, with which channels.</summary>
    /// <param name="Count">The number of patches in the source.</param>
    /// <param name="Channels">Channels (bands) per patch.</param>
    /// <param name="Height">Patch height in pixels.</param>
    /// <param name="Width">Patch width in pixels.</param>
    /// <param name="ClassCount">The number of classes labels refer to (17 for LCZ).</param>
    /// <param name="ChannelNames">One name per channel, for example <c>B2</c>..<c>B12</c>.</param>
    /// <param name="HasLabels">Whether batches carry labels; without them every label is -1.</param>
    public sealed record PatchSourceInfo(
        long Count,
        int Channels,
        int Height,
        int Width,
        int ClassCount,
        IReadOnlyList<string> ChannelNames,
        bool HasLabels = true)
    {
        /// <summary>The number of values in one patch (channels x height x width).</summary>
        public int ValuesPerPatch => Channels * Height * Width;
    }
}
