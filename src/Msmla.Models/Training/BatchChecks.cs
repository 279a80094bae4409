using System;
using Msmla.Core.Data;

namespace Msmla.Models.Training
{
    /// <summary>Checks on batches before they reach the model, with messages that name the source and batch.</summary>
    internal static class BatchChecks
    {
        /// <summary>Throws when a label is outside 0 to <paramref name="classes"/> - 1 (for example -1 from an unlabelled source).</summary>
        public static void Labels(PatchBatch batch, int classes, string sourceName, int batchIndex)
        {
            ReadOnlySpan<int> labels = batch.Labels;
            for (int i = 0; i < labels.Length; i++)
            {
                if ((uint)labels[i] >= (uint)classes)
                    throw new InvalidOperationException(
                        $"The {sourceName} source gave label {labels[i]} to patch {batch.Indices[i]} (batch {batchIndex}); labels must be 0 to {classes - 1}.");
            }
        }

        /// <summary>Throws when a source cannot feed the model: no labels, other channels or classes, or no patches.</summary>
        public static void Source(IPatchSource source, LczModel model, string sourceName)
        {
            ArgumentNullException.ThrowIfNull(source, sourceName);
            PatchSourceInfo info = source.Info;
            if (!info.HasLabels)
                throw new ArgumentException($"The {sourceName} source has no labels; training and evaluation need labelled patches.", sourceName);
            if (info.Channels != model.Options.Bands)
                throw new ArgumentException(
                    $"The {sourceName} source has {info.Channels} channels but {model.Info.Name} takes {model.Options.Bands} ({string.Join(", ", model.Info.BandOrder)}).", sourceName);
            if (info.ClassCount != model.Options.Classes)
                throw new ArgumentException($"The {sourceName} source has {info.ClassCount} classes but {model.Info.Name} predicts {model.Options.Classes}.", sourceName);
            if (info.Count < 1)
                throw new ArgumentException($"The {sourceName} source has no patches.", sourceName);
        }
    }
}
