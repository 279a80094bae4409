namespace Msmla.Models
{
    /// <summary>How many values a model holds.</summary>
    /// <param name="Trainable">Parameters that receive gradients (what <c>parameters()</c> counts).</param>
    /// <param name="BatchNormStatistics">BatchNorm running means and variances (Keras' non-trainable parameters).</param>
    public readonly record struct ParameterCounts(long Trainable, long BatchNormStatistics)
    {
        /// <summary>The total Keras' <c>summary()</c> reports: trainable parameters plus BatchNorm statistics.</summary>
        public long KerasTotal => Trainable + BatchNormStatistics;
    }
}
