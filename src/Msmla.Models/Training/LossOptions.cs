using System;
using System.Linq;
using System.Text;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The training loss: categorical cross-entropy on the model's output, whose form follows the model's
    /// <see cref="ModelOutputKind"/> (see <see cref="LczLoss"/>), with optional class weights and label smoothing.
    /// A plain record that round-trips through System.Text.Json.
    /// </summary>
    public sealed record LossOptions
    {
        /// <summary>
        /// One weight per class (index = 0-based class), or null for none. Applied to the training loss only; the
        /// validation loss is unweighted, as in Keras.
        /// </summary>
        public float[]? ClassWeights { get; init; }

        /// <summary>
        /// When true and <see cref="ClassWeights"/> is null, the trainer counts the training labels before the first epoch
        /// and uses scikit-learn's "balanced" weights N / (K x count_c) (<see cref="Msmla.Core.Data.ClassWeights.Balanced"/>).
        /// The weights are stored in the checkpoint, so a resumed run uses the same. Default false.
        /// </summary>
        public bool BalancedClassWeights { get; init; }

        /// <summary>How weighted batch losses are averaged. Default <see cref="ClassWeightReduction.WeightedMean"/> (PyTorch).</summary>
        public ClassWeightReduction WeightReduction { get; init; } = ClassWeightReduction.WeightedMean;

        /// <summary>
        /// Label smoothing epsilon in [0, 1): the target becomes (1 - eps) one-hot + eps / K, as in PyTorch's and Keras'
        /// <c>label_smoothing</c>. Default 0.
        /// </summary>
        public double LabelSmoothing { get; init; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
        /// <param name="classes">The model's class count, which <see cref="ClassWeights"/> must match; null skips that check.</param>
        public LossOptions Validate(int? classes = null)
        {
            if (ClassWeights != null)
            {
                if (classes is int k && ClassWeights.Length != k)
                    Fail(nameof(ClassWeights), $"has {ClassWeights.Length} weights but the model has {k} classes");
                for (int c = 0; c < ClassWeights.Length; c++)
                {
                    if (!(ClassWeights[c] >= 0) || float.IsInfinity(ClassWeights[c]))
                        Fail(nameof(ClassWeights), $"the weight of class {c} is {ClassWeights[c]}; weights must be finite and 0 or more");
                }
                if (ClassWeights.All(w => w == 0)) Fail(nameof(ClassWeights), "every weight is 0");
            }
            if (!Enum.IsDefined(WeightReduction)) Fail(nameof(WeightReduction), $"{(int)WeightReduction} is not a reduction");
            if (!(LabelSmoothing >= 0 && LabelSmoothing < 1)) Fail(nameof(LabelSmoothing), $"must be in [0, 1) (got {LabelSmoothing})");
            return this;

            static void Fail(string option, string problem) =>
                throw new ArgumentException($"Invalid loss option {option}: {problem}.", option);
        }

        /// <summary>Compares every option, the class weights element by element.</summary>
        public bool Equals(LossOptions? other) =>
            other is not null
            && (ClassWeights == null ? other.ClassWeights == null : other.ClassWeights != null && ClassWeights.AsSpan().SequenceEqual(other.ClassWeights))
            && BalancedClassWeights == other.BalancedClassWeights
            && WeightReduction == other.WeightReduction
            && LabelSmoothing.Equals(other.LabelSmoothing);

        /// <summary>A hash consistent with <see cref="Equals(LossOptions?)"/>.</summary>
        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (float w in ClassWeights ?? Array.Empty<float>()) hash.Add(w);
            hash.Add(ClassWeights == null);
            hash.Add(BalancedClassWeights);
            hash.Add(WeightReduction);
            hash.Add(LabelSmoothing);
            return hash.ToHashCode();
        }

        private bool PrintMembers(StringBuilder builder)
        {
            string weights = ClassWeights == null ? "null" : "[" + string.Join(", ", ClassWeights.Select(w => w.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]";
            builder.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"ClassWeights = {weights}, BalancedClassWeights = {BalancedClassWeights}, WeightReduction = {WeightReduction}, LabelSmoothing = {LabelSmoothing}");
            return true;
        }
    }
}
