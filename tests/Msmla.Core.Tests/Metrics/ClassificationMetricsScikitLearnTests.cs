using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Metrics;

namespace Msmla.Core.Tests.Metrics;

/// <summary>The metrics against scikit-learn 1.2 (and numpy for the LCZ values) on seeded random label sets.</summary>
public class ClassificationMetricsScikitLearnTests
{
    private static readonly int[] s_all17 = Enumerable.Range(0, 17).ToArray();

    private static IReadOnlyList<LabelSet> Sets() => new[]
    {
        Random("uniform17", 17, 3000, seed: 1, accuracy: 0.6, s_all17, s_all17),
        // 3 is predicted but never true; 5 and 16 are true but never predicted; 7 never occurs at all.
        Random("missing17", 17, 2500, seed: 2, accuracy: 0.55, Except(s_all17, 3, 7, 12), Except(s_all17, 5, 7, 16)),
        Random("nearPerfect17", 17, 2000, seed: 3, accuracy: 0.995, s_all17, s_all17),
        Random("builtUpOnly17", 17, 500, seed: 4, accuracy: 0.5, Enumerable.Range(0, 10).ToArray(), s_all17),
        Random("naturalOnly17", 17, 300, seed: 5, accuracy: 0.7, Enumerable.Range(10, 7).ToArray(), Enumerable.Range(8, 9).ToArray()),
        // Class 0 is never predicted and class 4 never occurs; skewed class frequencies.
        Random("skewed5", 5, 800, seed: 6, accuracy: 0.7, new[] { 0, 1, 2, 3 }, new[] { 1, 2, 3 }, skewed: true),
        Random("binary", 2, 64, seed: 7, accuracy: 0.8, new[] { 0, 1 }, new[] { 0, 1 }),
        Random("tiny17", 17, 5, seed: 8, accuracy: 0.4, s_all17, s_all17),
        Random("many10", 10, 20000, seed: 9, accuracy: 0.3, Enumerable.Range(0, 10).ToArray(), Enumerable.Range(0, 10).ToArray(), skewed: true),
        new LabelSet("empty17", 17, Array.Empty<int>(), Array.Empty<int>()),
        new LabelSet("empty3", 3, Array.Empty<int>(), Array.Empty<int>()),
        // One class everywhere: expected agreement 1, kappa undefined.
        new LabelSet("constant3", 3, Enumerable.Repeat(1, 10).ToArray(), Enumerable.Repeat(1, 10).ToArray()),
        // Always wrong: accuracy 0, negative kappa.
        new LabelSet("disagree4", 4, Enumerable.Range(0, 40).Select(i => i % 4).ToArray(), Enumerable.Range(0, 40).Select(i => (i + 1) % 4).ToArray()),
    };

    [SkippableFact]
    public void Metrics_match_scikit_learn_on_random_label_sets()
    {
        IReadOnlyList<LabelSet> sets = Sets();
        Dictionary<string, Dictionary<string, double[]>> reference = ScikitLearnPeer.Compute(sets);
        foreach (LabelSet set in sets)
        {
            var matrix = new ConfusionMatrix(set.ClassCount);
            matrix.Add(set.Truth, set.Predicted);
            ScikitLearnPeer.AssertMatches(set.Name, reference[set.Name], matrix, ClassificationMetrics.Compute(matrix));
        }
    }

    [Fact]
    public void The_random_sets_hold_the_edge_cases_they_are_meant_to()
    {
        Dictionary<string, ClassificationMetrics> m = Sets().ToDictionary(s => s.Name, s => ClassificationMetrics.Compute(s.Truth, s.Predicted, s.ClassCount));
        IReadOnlyList<ClassMetrics> missing = m["missing17"].PerClass;
        Assert.True(missing[3].Support == 0 && missing[3].PredictedCount > 0);
        Assert.True(missing[5].Support > 0 && missing[5].PredictedCount == 0);
        Assert.True(missing[16].Support > 0 && missing[16].PredictedCount == 0);
        Assert.False(missing[7].IsPresent);
        Assert.True(missing[12].Support == 0 && missing[12].PredictedCount > 0);
        Assert.True(m["skewed5"].PerClass[0].PredictedCount == 0 && m["skewed5"].PerClass[0].Support > 0);
        Assert.False(m["skewed5"].PerClass[4].IsPresent);
        Assert.InRange(m["nearPerfect17"].MicroAccuracy, 0.98, 0.9999);
        Assert.True(double.IsNaN(m["builtUpOnly17"].NaturalAccuracy!.Value));
        Assert.True(double.IsNaN(m["naturalOnly17"].BuiltUpAccuracy!.Value));
        Assert.True(double.IsNaN(m["constant3"].Kappa));
        Assert.True(m["disagree4"].Kappa < 0);
    }

    private static int[] Except(int[] classes, params int[] excluded) => classes.Except(excluded).ToArray();

    /// <summary>
    /// Truth drawn from <paramref name="truthClasses"/> (uniformly, or with weights 1/(k+1) when skewed);
    /// the prediction is the truth with probability <paramref name="accuracy"/> when the truth is a
    /// predictable class, otherwise a uniform draw from <paramref name="predictedClasses"/>.
    /// </summary>
    private static LabelSet Random(string name, int classCount, int count, int seed, double accuracy, int[] truthClasses, int[] predictedClasses, bool skewed = false)
    {
        var random = new Random(seed);
        double[] weights = truthClasses.Select((_, k) => skewed ? 1.0 / (k + 1) : 1.0).ToArray();
        double totalWeight = weights.Sum();
        var truth = new int[count];
        var predicted = new int[count];
        for (int n = 0; n < count; n++)
        {
            double u = random.NextDouble() * totalWeight;
            int k = 0;
            while (k < weights.Length - 1 && u >= weights[k]) u -= weights[k++];
            truth[n] = truthClasses[k];
            bool correct = random.NextDouble() < accuracy && predictedClasses.Contains(truth[n]);
            predicted[n] = correct ? truth[n] : predictedClasses[random.Next(predictedClasses.Length)];
        }
        return new LabelSet(name, classCount, truth, predicted);
    }
}
