using System;
using System.Collections.Generic;
using System.Linq;

namespace Msmla.Core.Metrics
{
    /// <summary>
    /// The learning curves of a training run: per-epoch series of values (losses, accuracies, any other logged value) and
    /// the run's best epoch. Msmla.Models' <c>TrainingHistory</c> provides them; Msmla.Plotting's <c>LearningCurvePlot</c>
    /// draws them. Immutable.
    /// </summary>
    public sealed class LearningCurves : ILearningCurveSource
    {
        /// <summary>Creates the curves.</summary>
        /// <param name="curves">The curves (copied).</param>
        /// <param name="bestEpoch">The 1-based best epoch, or 0 when there is none.</param>
        /// <exception cref="ArgumentException">Two curves share a name, or the best epoch is negative.</exception>
        public LearningCurves(IEnumerable<LearningCurve> curves, int bestEpoch)
        {
            ArgumentNullException.ThrowIfNull(curves);
            Curves = curves.ToArray();
            if (Curves.Any(c => c is null)) throw new ArgumentException("A learning curve is null.", nameof(curves));
            string? repeated = Curves.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (repeated != null) throw new ArgumentException($"Two learning curves are called '{repeated}'.", nameof(curves));
            if (bestEpoch < 0) throw new ArgumentOutOfRangeException(nameof(bestEpoch), bestEpoch, "The best epoch must be 0 (none) or more.");
            BestEpoch = bestEpoch;
        }

        /// <summary>The curves, in drawing order.</summary>
        public IReadOnlyList<LearningCurve> Curves { get; }

        /// <summary>The 1-based best epoch, or 0 when there is none.</summary>
        public int BestEpoch { get; }

        /// <summary>Whether no curve has a point.</summary>
        public bool IsEmpty => Curves.All(c => c.Points.Count == 0);

        /// <summary>Returns this instance.</summary>
        public LearningCurves ToLearningCurves() => this;
    }
}
