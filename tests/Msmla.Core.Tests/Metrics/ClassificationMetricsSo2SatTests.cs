using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Msmla.Core.Lcz;
using Msmla.Core.Metrics;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Metrics;

/// <summary>
/// The published evaluation of Sen2LCZ-Net-MF on the So2Sat LCZ42 (v2) testing split (24,188 patches,
/// ../shared/assets): overall accuracy 0.6936910865 and kappa 0.6643678730, given to 10 decimals.
/// </summary>
public class ClassificationMetricsSo2SatTests
{
    private const string TruthFile = "so2sat-v2-test.truth.txt";
    private const string PredictedFile = "so2sat-v2-test.sen2lcz-net-mf.predicted.txt";
    private const double PublishedOverallAccuracy = 0.6936910865;
    private const double PublishedKappa = 0.6643678730;
    // The published values are rounded to 10 decimals: the exact value is within half a unit of the last digit.
    private const double PublishedRounding = 0.5e-10;

    [SkippableFact]
    public void Overall_accuracy_and_kappa_match_the_published_evaluation()
    {
        (int[] truth, int[] predicted) = Load();
        ClassificationMetrics m = ClassificationMetrics.Compute(truth, predicted, LczClasses.Count);

        Assert.Equal(24188, m.Total);
        Assert.True(Math.Abs(m.MicroAccuracy - PublishedOverallAccuracy) <= 1e-9, $"OA {m.MicroAccuracy:R}, published {PublishedOverallAccuracy}.");
        Assert.True(Math.Abs(m.MicroAccuracy - PublishedOverallAccuracy) <= PublishedRounding, $"OA {m.MicroAccuracy:R} does not round to {PublishedOverallAccuracy}.");
        Assert.True(Math.Abs(m.Kappa - PublishedKappa) <= PublishedRounding, $"Kappa {m.Kappa:R} does not round to {PublishedKappa}.");
        // Every class occurs in this split.
        Assert.All(m.PerClass, c => Assert.True(c.Support > 0));
    }

    [SkippableFact]
    public void All_metrics_match_scikit_learn_on_the_so2sat_evaluation()
    {
        (int[] truth, int[] predicted) = Load();
        var set = new LabelSet("so2sat", LczClasses.Count, truth, predicted);
        Dictionary<string, Dictionary<string, double[]>> reference = ScikitLearnPeer.Compute(new[] { set });
        var matrix = new ConfusionMatrix(LczClasses.Count);
        matrix.Add(truth, predicted);
        ScikitLearnPeer.AssertMatches(set.Name, reference[set.Name], matrix, ClassificationMetrics.Compute(matrix));
    }

    /// <summary>Reads the two label files (one 1-based label per line) as 0-based class indices.</summary>
    private static (int[] Truth, int[] Predicted) Load()
    {
        int[] truth = ReadLabels(TestPaths.RequireSharedAsset(TruthFile));
        int[] predicted = ReadLabels(TestPaths.RequireSharedAsset(PredictedFile));
        Assert.Equal(24188, truth.Length);
        Assert.Equal(truth.Length, predicted.Length);
        return (truth, predicted);
    }

    private static int[] ReadLabels(string path) =>
        File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => LczClasses.FromLabel(int.Parse(line, NumberStyles.None, CultureInfo.InvariantCulture)).Index)
            .ToArray();
}
