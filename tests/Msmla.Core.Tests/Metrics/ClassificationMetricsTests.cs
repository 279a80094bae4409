using System;
using Msmla.Core.Lcz;
using Msmla.Core.Metrics;

namespace Msmla.Core.Tests.Metrics;

/// <summary>Small cases worked out by hand (the arithmetic is in the comments).</summary>
public class ClassificationMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Three_classes_worked_by_hand()
    {
        // truth     0 0 0 0 1 1 1 2 2 2
        // predicted 0 0 0 1 1 1 0 2 2 0
        // C = [[3 1 0]     row sums 4 3 3
        //      [1 2 0]     column sums 5 3 2
        //      [1 0 2]]    trace 7, N 10
        ClassificationMetrics m = ClassificationMetrics.Compute(
            new[] { 0, 0, 0, 0, 1, 1, 1, 2, 2, 2 }, new[] { 0, 0, 0, 1, 1, 1, 0, 2, 2, 0 }, classCount: 3);

        Assert.Equal(3, m.ClassCount);
        Assert.False(m.IsLcz);
        Assert.Equal(10, m.Total);
        Assert.Equal(7, m.Correct);
        Assert.Equal(0.7, m.MicroAccuracy, Tolerance);
        // Pe = (4*5 + 3*3 + 3*2) / 100 = 0.35; kappa = (0.7 - 0.35) / (1 - 0.35) = 7/13
        Assert.Equal(7.0 / 13, m.Kappa, Tolerance);
        // recalls 3/4, 2/3, 2/3: AA = (3/4 + 4/3) / 3 = 25/36
        Assert.Equal(25.0 / 36, m.MacroAccuracy, Tolerance);

        // precisions 3/5, 2/3, 2/2; F1 = 2PR/(P+R): (0.45*2)/1.35 = 2/3, 2/3, (4/3)/(5/3) = 4/5
        AssertClass(m.PerClass[0], support: 4, predicted: 5, tp: 3, precision: 3.0 / 5, recall: 3.0 / 4, f1: 2.0 / 3);
        AssertClass(m.PerClass[1], support: 3, predicted: 3, tp: 2, precision: 2.0 / 3, recall: 2.0 / 3, f1: 2.0 / 3);
        AssertClass(m.PerClass[2], support: 3, predicted: 2, tp: 2, precision: 1.0, recall: 2.0 / 3, f1: 4.0 / 5);

        Assert.Equal((3.0 / 5 + 2.0 / 3 + 1) / 3, m.MacroPrecision, Tolerance);   // 34/45
        Assert.Equal(25.0 / 36, m.MacroRecall, Tolerance);
        Assert.Equal((2.0 / 3 + 2.0 / 3 + 4.0 / 5) / 3, m.MacroF1, Tolerance);    // 32/45
        Assert.Equal((4 * 3.0 / 5 + 3 * 2.0 / 3 + 3 * 1.0) / 10, m.WeightedPrecision, Tolerance); // 0.74
        Assert.Equal(0.7, m.WeightedRecall, Tolerance);
        Assert.Equal(53.0 / 75, m.WeightedF1, Tolerance);                          // (8/3 + 2 + 12/5) / 10

        Assert.Null(m.BuiltUpAccuracy);
        Assert.Null(m.NaturalAccuracy);
        Assert.Null(m.WeightedAccuracy);
        Assert.Equal("0", m.PerClass[0].Code);
        Assert.Null(m.PerClass[0].Name);
        Assert.Null(m.PerClass[0].Lcz);
    }

    [Fact]
    public void Classes_never_true_or_never_predicted_follow_zero_division_zero()
    {
        // truth 0 0 1 1, predicted 0 2 1 0: class 2 is predicted once but never true; class 3 never occurs.
        // C = [[1 0 1 0] [1 1 0 0] [0 0 0 0] [0 0 0 0]], rows 2 2 0 0, columns 2 1 1 0, trace 2.
        ClassificationMetrics m = ClassificationMetrics.Compute(new[] { 0, 0, 1, 1 }, new[] { 0, 2, 1, 0 }, classCount: 4);

        Assert.Equal(0.5, m.MicroAccuracy, Tolerance);
        // Pe = (2*2 + 2*1) / 16 = 0.375; kappa = (0.5 - 0.375) / 0.625 = 0.2
        Assert.Equal(0.2, m.Kappa, Tolerance);
        // AA averages the classes present in the truth only (0 and 1): (1/2 + 1/2) / 2
        Assert.Equal(0.5, m.MacroAccuracy, Tolerance);

        AssertClass(m.PerClass[0], support: 2, predicted: 2, tp: 1, precision: 0.5, recall: 0.5, f1: 0.5);
        AssertClass(m.PerClass[1], support: 2, predicted: 1, tp: 1, precision: 1.0, recall: 0.5, f1: 2.0 / 3);
        // Never true: recall 0/0 -> 0; precision 0/1 = 0; F1 0.
        AssertClass(m.PerClass[2], support: 0, predicted: 1, tp: 0, precision: 0, recall: 0, f1: 0);
        // Never true, never predicted: all zero, and not part of the macro averages.
        AssertClass(m.PerClass[3], support: 0, predicted: 0, tp: 0, precision: 0, recall: 0, f1: 0);
        Assert.True(m.PerClass[2].IsPresent);
        Assert.False(m.PerClass[3].IsPresent);

        // Macro over the present classes 0, 1, 2.
        Assert.Equal((0.5 + 1.0 + 0) / 3, m.MacroPrecision, Tolerance);
        Assert.Equal((0.5 + 0.5 + 0) / 3, m.MacroRecall, Tolerance);
        Assert.Equal((0.5 + 2.0 / 3 + 0) / 3, m.MacroF1, Tolerance);          // 7/18
        // Weighted by support 2, 2, 0, 0.
        Assert.Equal((2 * 0.5 + 2 * 2.0 / 3) / 4, m.WeightedF1, Tolerance);   // 7/12
        Assert.Equal((2 * 0.5 + 2 * 1.0) / 4, m.WeightedPrecision, Tolerance);
        Assert.Equal(0.5, m.WeightedRecall, Tolerance);
    }

    [Fact]
    public void A_class_never_predicted_has_zero_precision_and_f1()
    {
        // truth 0 0 1, predicted 1 1 1: class 0 never predicted (precision 0/0 -> 0, recall 0).
        // Class 1: precision 1/3, recall 1, F1 = 2 * (1/3) / (4/3) = 1/2.
        ClassificationMetrics m = ClassificationMetrics.Compute(new[] { 0, 0, 1 }, new[] { 1, 1, 1 }, classCount: 2);
        AssertClass(m.PerClass[0], support: 2, predicted: 0, tp: 0, precision: 0, recall: 0, f1: 0);
        AssertClass(m.PerClass[1], support: 1, predicted: 3, tp: 1, precision: 1.0 / 3, recall: 1, f1: 0.5);
        // Pe = (2*0 + 1*3) / 9 = 1/3; OA = 1/3; kappa = 0
        Assert.Equal(0.0, m.Kappa, Tolerance);
        Assert.Equal(0.5, m.MacroAccuracy, Tolerance);
        Assert.Equal(0.25, m.MacroF1, Tolerance);
        Assert.Equal(1.0 / 6, m.WeightedF1, Tolerance);
    }

    [Fact]
    public void An_empty_matrix_gives_nan_summaries_and_zero_per_class_values()
    {
        ClassificationMetrics m = ClassificationMetrics.Compute(new ConfusionMatrix(LczClasses.Count));
        Assert.Equal(0, m.Total);
        Assert.Equal(0, m.Correct);
        Assert.True(double.IsNaN(m.MicroAccuracy));
        Assert.True(double.IsNaN(m.MacroAccuracy));
        Assert.True(double.IsNaN(m.Kappa));
        Assert.True(double.IsNaN(m.MacroPrecision));
        Assert.True(double.IsNaN(m.MacroRecall));
        Assert.True(double.IsNaN(m.MacroF1));
        // scikit-learn's weighted average returns zero_division (0) when the weights sum to 0.
        Assert.Equal(0.0, m.WeightedPrecision);
        Assert.Equal(0.0, m.WeightedRecall);
        Assert.Equal(0.0, m.WeightedF1);
        Assert.True(double.IsNaN(m.BuiltUpAccuracy!.Value));
        Assert.True(double.IsNaN(m.NaturalAccuracy!.Value));
        Assert.True(double.IsNaN(m.WeightedAccuracy!.Value));
        Assert.All(m.PerClass, c => AssertClass(c, 0, 0, 0, 0, 0, 0));
        Assert.Equal(17, m.PerClass.Count);
    }

    [Fact]
    public void A_single_class_is_perfect_but_kappa_is_undefined()
    {
        // Pe = 5*5/25 = 1: kappa = 0/0, undefined (scikit-learn returns NaN).
        ClassificationMetrics m = ClassificationMetrics.Compute(new[] { 0, 0, 0, 0, 0 }, new[] { 0, 0, 0, 0, 0 }, classCount: 1);
        Assert.Equal(1.0, m.MicroAccuracy);
        Assert.Equal(1.0, m.MacroAccuracy);
        Assert.True(double.IsNaN(m.Kappa));
        AssertClass(m.PerClass[0], 5, 5, 5, 1, 1, 1);
        Assert.Equal(1.0, m.MacroF1);
        Assert.Equal(1.0, m.WeightedF1);
    }

    [Fact]
    public void Perfect_agreement_over_several_classes_has_kappa_one()
    {
        ClassificationMetrics m = ClassificationMetrics.Compute(new[] { 0, 1, 2, 2 }, new[] { 0, 1, 2, 2 }, classCount: 3);
        Assert.Equal(1.0, m.Kappa, Tolerance);
        Assert.Equal(1.0, m.MacroF1, Tolerance);
    }

    [Fact]
    public void Lcz_values_worked_by_hand()
    {
        // (truth, predicted) with the similarity scores of so2sat.md:
        // LCZ 1 -> 2: 11; LCZ 1 -> 1: 12; A -> B: 11; D -> D: 12; G -> 1: 0.
        var matrix = new ConfusionMatrix(LczClasses.Count);
        matrix.Add(0, 1);
        matrix.Add(0, 0);
        matrix.Add(10, 11);
        matrix.Add(13, 13);
        matrix.Add(16, 0);
        ClassificationMetrics m = ClassificationMetrics.Compute(matrix);

        Assert.True(m.IsLcz);
        Assert.Equal(2.0 / 5, m.MicroAccuracy, Tolerance);
        // WA = (11 + 12 + 11 + 12 + 0) / 12 / 5 = 46/60
        Assert.Equal(46.0 / 60, m.WeightedAccuracy!.Value, Tolerance);
        // Built-up truth: two samples of LCZ 1, one correct.
        Assert.Equal(0.5, m.BuiltUpAccuracy!.Value, Tolerance);
        // Natural truth: A, D, G; only D correct.
        Assert.Equal(1.0 / 3, m.NaturalAccuracy!.Value, Tolerance);
        // AA over the 4 true classes (LCZ 1, A, D, G): (1/2 + 0 + 1 + 0) / 4
        Assert.Equal(0.375, m.MacroAccuracy, Tolerance);
        Assert.Equal("1", m.PerClass[0].Code);
        Assert.Equal("Compact high-rise", m.PerClass[0].Name);
        Assert.Equal("G", m.PerClass[16].Code);
        Assert.Same(LczClasses.FromIndex(16), m.PerClass[16].Lcz);
    }

    [Fact]
    public void Perfect_lcz_prediction_has_weighted_accuracy_one()
    {
        var truth = new int[LczClasses.Count];
        for (int i = 0; i < truth.Length; i++) truth[i] = i;
        ClassificationMetrics m = ClassificationMetrics.Compute(truth, truth, LczClasses.Count);
        Assert.Equal(1.0, m.WeightedAccuracy!.Value, Tolerance);
        Assert.Equal(1.0, m.BuiltUpAccuracy!.Value);
        Assert.Equal(1.0, m.NaturalAccuracy!.Value);
        Assert.Equal(1.0, m.Kappa, Tolerance);
    }

    [Fact]
    public void Metrics_are_a_snapshot_with_value_equality()
    {
        var matrix = new ConfusionMatrix(3);
        matrix.Add(new[] { 0, 1, 2, 2 }, new[] { 0, 2, 2, 1 });
        ClassificationMetrics first = ClassificationMetrics.Compute(matrix);
        ClassificationMetrics again = ClassificationMetrics.Compute(matrix.Clone());
        Assert.Equal(first, again);
        Assert.Equal(first.GetHashCode(), again.GetHashCode());

        matrix.Add(0, 0);
        Assert.Equal(4, first.Total);
        Assert.NotEqual(first, ClassificationMetrics.Compute(matrix));

        // NaN values compare equal, as for doubles' Equals.
        Assert.Equal(ClassificationMetrics.Compute(new ConfusionMatrix(2)), ClassificationMetrics.Compute(new ConfusionMatrix(2)));
    }

    [Fact]
    public void ToString_is_a_one_line_summary()
    {
        ClassificationMetrics m = ClassificationMetrics.Compute(
            new[] { 0, 0, 0, 0, 1, 1, 1, 2, 2, 2 }, new[] { 0, 0, 0, 1, 1, 1, 0, 2, 2, 0 }, classCount: 3);
        Assert.Equal("N=10 OA=0.7000 AA=0.6944 kappa=0.5385 macroF1=0.7111 weightedF1=0.7067", m.ToString());
    }

    [Fact]
    public void Compute_rejects_null_and_bad_labels()
    {
        Assert.Throws<ArgumentNullException>(() => ClassificationMetrics.Compute(null!));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(new[] { 0, 3 }, new[] { 0, 1 }, 3));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(new[] { 0 }, new[] { 0, 1 }, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute(new[] { 0 }, new[] { 0 }, 0));
    }

    private static void AssertClass(ClassMetrics c, long support, long predicted, long tp, double precision, double recall, double f1)
    {
        Assert.Equal(support, c.Support);
        Assert.Equal(predicted, c.PredictedCount);
        Assert.Equal(tp, c.TruePositives);
        Assert.Equal(precision, c.Precision, Tolerance);
        Assert.Equal(recall, c.Recall, Tolerance);
        Assert.Equal(f1, c.F1, Tolerance);
    }
}
