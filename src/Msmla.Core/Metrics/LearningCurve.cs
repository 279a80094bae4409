using System;
using System.Collections.Generic;
using System.Linq;

namespace Msmla.Core.Metrics
{
    /// <summary>One per-epoch series of a <see cref="LearningCurves"/>.</summary>
    public sealed class LearningCurve
    {
        /// <summary>Creates a curve.</summary>
        /// <param name="name">The legend text, for example <c>training loss</c> or the name of a logged value.</param>
        /// <param name="panel">The panel it belongs to.</param>
        /// <param name="series">What it is a series of (decides its colour).</param>
        /// <param name="points">The epochs and values, in epoch order (copied; non-finite values are kept and left out when drawn).</param>
        /// <exception cref="ArgumentException">The name is empty, an epoch is below 1, or the epochs do not increase.</exception>
        public LearningCurve(string name, LearningCurvePanel panel, LearningCurveSeries series, IEnumerable<LearningCurvePoint> points)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(points);
            if (!Enum.IsDefined(panel)) throw new ArgumentOutOfRangeException(nameof(panel), panel, "Unknown panel.");
            if (!Enum.IsDefined(series)) throw new ArgumentOutOfRangeException(nameof(series), series, "Unknown series.");
            Points = points.ToArray();
            for (int i = 0; i < Points.Count; i++)
            {
                if (Points[i].Epoch < 1 || (i > 0 && Points[i].Epoch <= Points[i - 1].Epoch))
                    throw new ArgumentException($"The points of the curve '{name}' must have increasing epochs from 1 (point {i} is at epoch {Points[i].Epoch}).", nameof(points));
            }
            Name = name;
            Panel = panel;
            Series = series;
        }

        /// <summary>The legend text.</summary>
        public string Name { get; }

        /// <summary>The panel it belongs to.</summary>
        public LearningCurvePanel Panel { get; }

        /// <summary>What it is a series of.</summary>
        public LearningCurveSeries Series { get; }

        /// <summary>The epochs and values, in epoch order.</summary>
        public IReadOnlyList<LearningCurvePoint> Points { get; }
    }
}
