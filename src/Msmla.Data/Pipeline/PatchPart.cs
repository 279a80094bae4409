using System;
using System.Collections.Generic;
using Msmla.Data.Hdf5;

namespace Msmla.Data.Pipeline
{
    /// <summary>One N x H x W x C dataset that contributes some of its channels to the patches.</summary>
    internal sealed class PatchPart
    {
        public PatchPart(RowDataset dataset, IReadOnlyList<int> sourceChannels, IReadOnlyList<int> targetChannels)
        {
            if (dataset.Rank != 4) throw new ArgumentException("A patch dataset has rank 4.", nameof(dataset));
            if (sourceChannels.Count != targetChannels.Count) throw new ArgumentException("Channel lists differ in length.", nameof(targetChannels));
            Dataset = dataset;
            SourceChannels = new int[sourceChannels.Count];
            TargetChannels = new int[targetChannels.Count];
            for (int i = 0; i < SourceChannels.Length; i++)
            {
                SourceChannels[i] = sourceChannels[i];
                TargetChannels[i] = targetChannels[i];
            }
        }

        /// <summary>The dataset.</summary>
        public RowDataset Dataset { get; }

        /// <summary>Channels per pixel in the dataset.</summary>
        public int SourceChannelCount => (int)Dataset.Dims[3];

        /// <summary>The dataset channels read, in the order of <see cref="TargetChannels"/>.</summary>
        public int[] SourceChannels { get; }

        /// <summary>Where each read channel goes in the patch.</summary>
        public int[] TargetChannels { get; }
    }
}
