using System;
using System.Globalization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Training stopped because the mean training loss became NaN or infinite. The checkpoints (when the trainer writes
    /// them) hold the last finite epoch. Remedies: check the input for non-finite or extreme values, clip the gradients
    /// (<see cref="TrainerOptions.GradientClipNorm"/>) or lower the learning rate.
    /// </summary>
    public sealed class TrainingDivergedException : InvalidOperationException
    {
        /// <summary>Creates the exception for the loss <paramref name="loss"/> of 1-based epoch <paramref name="epoch"/> after batch <paramref name="batch"/>.</summary>
        public TrainingDivergedException(int epoch, int batch, double loss)
            : base(string.Create(CultureInfo.InvariantCulture, $"Training diverged: the mean training loss of epoch {epoch} is {loss} after batch {batch}. ") +
                "Check the input for non-finite or extreme values (scaling), lower the learning rate or clip gradients (TrainerOptions.GradientClipNorm); " +
                "the last checkpoint holds the last finite epoch.")
        {
            Epoch = epoch;
            Batch = batch;
            Loss = loss;
        }

        /// <summary>The 1-based epoch whose loss was not finite.</summary>
        public int Epoch { get; }

        /// <summary>The 1-based batch after which it was found.</summary>
        public int Batch { get; }

        /// <summary>The mean training loss (NaN or infinite).</summary>
        public double Loss { get; }
    }
}
