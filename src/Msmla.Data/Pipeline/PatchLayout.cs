using System;
using System.Collections.Generic;
using System.Linq;

namespace Msmla.Data.Pipeline
{
    /// <summary>How the channels of a patch are gathered from one or more datasets of one file.</summary>
    internal sealed class PatchLayout
    {
        public PatchLayout(IReadOnlyList<PatchPart> parts, IReadOnlyList<string> channelNames)
        {
            if (parts.Count == 0) throw new ArgumentException("A layout needs at least one dataset.", nameof(parts));
            Parts = parts;
            ChannelNames = channelNames.ToArray();
            var first = parts[0].Dataset;
            Count = first.Rows;
            Height = (int)first.Dims[1];
            Width = (int)first.Dims[2];
            var covered = new bool[ChannelNames.Count];
            foreach (PatchPart part in parts)
            {
                foreach (int target in part.TargetChannels)
                {
                    if ((uint)target >= (uint)covered.Length || covered[target]) throw new ArgumentException($"Channel {target} is mapped twice or out of range.", nameof(parts));
                    covered[target] = true;
                }
            }
            if (covered.Contains(false)) throw new ArgumentException("Some channels are not mapped.", nameof(parts));
        }

        public IReadOnlyList<PatchPart> Parts { get; }

        public IReadOnlyList<string> ChannelNames { get; }

        public long Count { get; }

        public int Height { get; }

        public int Width { get; }

        public int Channels => ChannelNames.Count;

        public int Pixels => Height * Width;

        public int ValuesPerPatch => Channels * Pixels;

        /// <summary>The dataset path that a patch channel comes from.</summary>
        public string DatasetOf(int channel)
        {
            foreach (PatchPart part in Parts)
            {
                if (Array.IndexOf(part.TargetChannels, channel) >= 0) return part.Dataset.Path;
            }
            return Parts[0].Dataset.Path;
        }

        /// <summary>Whether every dataset is read directly (not through PureHDF).</summary>
        public bool AllDirect => Parts.All(p => p.Dataset.IsDirect);
    }
}
