using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Msmla.Core.Lcz;
using Msmla.Core.Notebooks;

namespace Msmla.Core.Metrics
{
    /// <summary>
    /// Classification metrics computed from a <see cref="ConfusionMatrix"/>: overall accuracy, Cohen's
    /// kappa, average accuracy, per-class precision/recall/F1, macro and weighted averages and, for the
    /// 17 LCZ classes, the built-up and natural overall accuracies and the LCZ weighted accuracy.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Every value equals the scikit-learn (1.2) function named in its documentation, called on the
    /// label vectors the matrix was built from (to rounding, within 1e-12 in practice). Undefined ratios
    /// follow scikit-learn exactly: per-class precision and recall with no denominator are 0
    /// (<c>zero_division=0</c>); the summary values are <see cref="double.NaN"/> when there is nothing to
    /// average (an empty matrix, no sample of a group). An empty matrix therefore gives NaN for every
    /// accuracy, kappa and macro average, 0 for the per-class values and the weighted averages.
    /// </para>
    /// <para>
    /// Names follow ML.NET's <c>MulticlassClassificationMetrics</c> where it has them
    /// (<see cref="MicroAccuracy"/>, <see cref="MacroAccuracy"/>); the LCZ literature calls them OA and
    /// AA. "Present" classes are those that occur in the truth or in the prediction, which is what
    /// scikit-learn averages over when <c>labels=None</c>.
    /// </para>
    /// </remarks>
    [TypeFormatterSource(typeof(MetricsFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html })]
    public sealed record ClassificationMetrics
    {
        private ClassificationMetrics(IReadOnlyList<ClassMetrics> perClass) => PerClass = perClass;

        /// <summary>The number of classes of the matrix (17 for LCZ).</summary>
        public int ClassCount { get; private init; }

        /// <summary>Whether the matrix has the 17 LCZ classes, in which case the LCZ-specific values are set.</summary>
        public bool IsLcz => ClassCount == LczClasses.Count;

        /// <summary>The number of samples (N).</summary>
        public long Total { get; private init; }

        /// <summary>The number of correctly classified samples (the trace of the matrix).</summary>
        public long Correct { get; private init; }

        /// <summary>
        /// Overall accuracy, OA in the LCZ literature: <see cref="Correct"/> / <see cref="Total"/>.
        /// scikit-learn: <c>accuracy_score(y_true, y_pred)</c>. NaN for an empty matrix.
        /// </summary>
        public double MicroAccuracy { get; private init; }

        /// <summary>
        /// Average accuracy, AA in the LCZ literature: the mean recall over the classes that occur in
        /// the truth (classes only predicted, never true, do not count). scikit-learn:
        /// <c>balanced_accuracy_score(y_true, y_pred)</c>. NaN for an empty matrix.
        /// </summary>
        public double MacroAccuracy { get; private init; }

        /// <summary>
        /// Cohen's kappa: (OA - Pe) / (1 - Pe) with Pe = sum over classes of row sum x column sum / N².
        /// scikit-learn: <c>cohen_kappa_score(y_true, y_pred)</c>. NaN for an empty matrix and when
        /// Pe = 1 (every sample is of one class, in the truth and in the prediction).
        /// </summary>
        public double Kappa { get; private init; }

        /// <summary>The metrics of every class, index 0 to <see cref="ClassCount"/> - 1, including classes that never occur.</summary>
        public IReadOnlyList<ClassMetrics> PerClass { get; }

        /// <summary>
        /// The mean per-class precision over the present classes. scikit-learn:
        /// <c>precision_recall_fscore_support(y_true, y_pred, average='macro', zero_division=0)[0]</c>.
        /// NaN for an empty matrix.
        /// </summary>
        public double MacroPrecision { get; private init; }

        /// <summary>
        /// The mean per-class recall over the present classes: unlike <see cref="MacroAccuracy"/> it
        /// counts a class that is predicted but never true, with recall 0. scikit-learn:
        /// <c>precision_recall_fscore_support(..., average='macro', zero_division=0)[1]</c>. NaN for an empty matrix.
        /// </summary>
        public double MacroRecall { get; private init; }

        /// <summary>
        /// Macro F1: the mean per-class F1 over the present classes. scikit-learn:
        /// <c>f1_score(y_true, y_pred, average='macro', zero_division=0)</c>. NaN for an empty matrix.
        /// </summary>
        public double MacroF1 { get; private init; }

        /// <summary>
        /// The support-weighted mean of the per-class precisions. scikit-learn:
        /// <c>precision_recall_fscore_support(..., average='weighted', zero_division=0)[0]</c>. 0 for an empty matrix.
        /// </summary>
        public double WeightedPrecision { get; private init; }

        /// <summary>
        /// The support-weighted mean of the per-class recalls, which equals <see cref="MicroAccuracy"/>
        /// except for an empty matrix. scikit-learn: <c>precision_recall_fscore_support(..., average='weighted', zero_division=0)[1]</c>.
        /// 0 for an empty matrix.
        /// </summary>
        public double WeightedRecall { get; private init; }

        /// <summary>
        /// The support-weighted mean of the per-class F1 scores. scikit-learn:
        /// <c>f1_score(y_true, y_pred, average='weighted', zero_division=0)</c>. 0 for an empty matrix.
        /// </summary>
        public double WeightedF1 { get; private init; }

        /// <summary>
        /// LCZ only (null otherwise): the overall accuracy of the built-up classes (LCZ 1-10), that is the
        /// samples whose true class is built-up and that are predicted as exactly that class, over all
        /// samples whose true class is built-up. NaN when no sample is built-up.
        /// </summary>
        public double? BuiltUpAccuracy { get; private init; }

        /// <summary>
        /// LCZ only (null otherwise): the overall accuracy of the natural classes (LCZ A-G), defined as
        /// <see cref="BuiltUpAccuracy"/>. NaN when no sample is natural.
        /// </summary>
        public double? NaturalAccuracy { get; private init; }

        /// <summary>
        /// LCZ only (null otherwise): the LCZ weighted accuracy WA = sum over i, j of W[i, j] x C[i, j] / N,
        /// with W the standard similarity matrix / 12 (<see cref="LczSimilarity"/>), which gives partial
        /// credit to confusions between similar zones. NaN for an empty matrix.
        /// </summary>
        public double? WeightedAccuracy { get; private init; }

        /// <summary>Computes the metrics of a confusion matrix (a snapshot: later additions to the matrix do not change it).</summary>
        public static ClassificationMetrics Compute(ConfusionMatrix matrix)
        {
            ArgumentNullException.ThrowIfNull(matrix);
            int n = matrix.ClassCount;
            bool isLcz = n == LczClasses.Count;
            long[,] counts = matrix.ToArray();
            long[] rows = matrix.RowSums();
            long[] columns = matrix.ColumnSums();
            long total = matrix.Total;
            long correct = matrix.Correct;

            var perClass = new ClassMetrics[n];
            for (int i = 0; i < n; i++)
            {
                long tp = counts[i, i];
                double precision = columns[i] == 0 ? 0.0 : tp / (double)columns[i];
                double recall = rows[i] == 0 ? 0.0 : tp / (double)rows[i];
                double f1 = precision + recall == 0.0 ? 0.0 : 2.0 * precision * recall / (precision + recall);
                perClass[i] = new ClassMetrics(i, isLcz ? LczClasses.FromIndex(i) : null, rows[i], columns[i], tp, precision, recall, f1);
            }

            ClassMetrics[] present = perClass.Where(c => c.IsPresent).ToArray();
            ClassMetrics[] inTruth = perClass.Where(c => c.Support > 0).ToArray();

            double sumRowTimesColumn = 0;
            for (int i = 0; i < n; i++) sumRowTimesColumn += (double)rows[i] * columns[i];
            double kappa = double.NaN;
            if (total > 0)
            {
                // As scikit-learn: 1 - observed disagreement / disagreement expected by chance.
                double expectedDisagreement = total - sumRowTimesColumn / total;
                if (expectedDisagreement != 0.0) kappa = 1.0 - (total - correct) / expectedDisagreement;
            }

            return new ClassificationMetrics(Array.AsReadOnly(perClass))
            {
                ClassCount = n,
                Total = total,
                Correct = correct,
                MicroAccuracy = Ratio(correct, total),
                MacroAccuracy = Mean(inTruth, c => c.Recall),
                Kappa = kappa,
                MacroPrecision = Mean(present, c => c.Precision),
                MacroRecall = Mean(present, c => c.Recall),
                MacroF1 = Mean(present, c => c.F1),
                WeightedPrecision = SupportWeighted(perClass, total, c => c.Precision),
                WeightedRecall = SupportWeighted(perClass, total, c => c.Recall),
                WeightedF1 = SupportWeighted(perClass, total, c => c.F1),
                BuiltUpAccuracy = isLcz ? GroupAccuracy(perClass, LczGroup.BuiltUp) : null,
                NaturalAccuracy = isLcz ? GroupAccuracy(perClass, LczGroup.Natural) : null,
                WeightedAccuracy = isLcz ? LczWeightedAccuracy(counts, total) : null,
            };
        }

        /// <summary>Computes the metrics of two label vectors (0-based classes, 0 to <paramref name="classCount"/> - 1).</summary>
        /// <exception cref="ArgumentException">The vectors differ in length or hold a label out of range.</exception>
        public static ClassificationMetrics Compute(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classCount)
        {
            var matrix = new ConfusionMatrix(classCount);
            matrix.Add(truth, predicted);
            return Compute(matrix);
        }

        /// <inheritdoc />
        public bool Equals(ClassificationMetrics? other) =>
            other is not null
            && ClassCount == other.ClassCount && Total == other.Total && Correct == other.Correct
            && MicroAccuracy.Equals(other.MicroAccuracy) && MacroAccuracy.Equals(other.MacroAccuracy) && Kappa.Equals(other.Kappa)
            && MacroPrecision.Equals(other.MacroPrecision) && MacroRecall.Equals(other.MacroRecall) && MacroF1.Equals(other.MacroF1)
            && WeightedPrecision.Equals(other.WeightedPrecision) && WeightedRecall.Equals(other.WeightedRecall) && WeightedF1.Equals(other.WeightedF1)
            && Nullable.Equals(BuiltUpAccuracy, other.BuiltUpAccuracy) && Nullable.Equals(NaturalAccuracy, other.NaturalAccuracy)
            && Nullable.Equals(WeightedAccuracy, other.WeightedAccuracy)
            && PerClass.SequenceEqual(other.PerClass);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(ClassCount, Total, Correct, MicroAccuracy, Kappa, MacroF1);

        /// <summary>A one-line summary, for example <c>N=24188 OA=0.6937 AA=0.6102 kappa=0.6644 macroF1=0.6120 WA=0.8795</c>.</summary>
        public override string ToString()
        {
            string text = string.Create(CultureInfo.InvariantCulture,
                $"N={Total} OA={MicroAccuracy:0.0000} AA={MacroAccuracy:0.0000} kappa={Kappa:0.0000} macroF1={MacroF1:0.0000} weightedF1={WeightedF1:0.0000}");
            return WeightedAccuracy is double wa ? text + string.Create(CultureInfo.InvariantCulture, $" WA={wa:0.0000}") : text;
        }

        private static double Ratio(long numerator, long denominator) =>
            denominator == 0 ? double.NaN : numerator / (double)denominator;

        private static double Mean(ClassMetrics[] classes, Func<ClassMetrics, double> value)
        {
            if (classes.Length == 0) return double.NaN;
            double sum = 0;
            foreach (ClassMetrics c in classes) sum += value(c);
            return sum / classes.Length;
        }

        private static double SupportWeighted(ClassMetrics[] classes, long total, Func<ClassMetrics, double> value)
        {
            // scikit-learn returns its zero_division value (0) when the weights sum to zero.
            if (total == 0) return 0.0;
            double sum = 0;
            foreach (ClassMetrics c in classes) sum += c.Support * value(c);
            return sum / total;
        }

        private static double GroupAccuracy(ClassMetrics[] classes, LczGroup group)
        {
            long correct = 0, support = 0;
            foreach (ClassMetrics c in classes)
            {
                if (c.Lcz!.Group != group) continue;
                correct += c.TruePositives;
                support += c.Support;
            }
            return Ratio(correct, support);
        }

        private static double LczWeightedAccuracy(long[,] counts, long total)
        {
            if (total == 0) return double.NaN;
            double sum = 0;
            for (int i = 0; i < LczClasses.Count; i++)
                for (int j = 0; j < LczClasses.Count; j++)
                    sum += LczSimilarity.Weight(i, j) * counts[i, j];
            return sum / total;
        }
    }
}
