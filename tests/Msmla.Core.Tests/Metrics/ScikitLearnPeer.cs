using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Msmla.Core.Metrics;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Metrics;

/// <summary>A named pair of 0-based label vectors with their class count.</summary>
internal sealed record LabelSet(string Name, int ClassCount, int[] Truth, int[] Predicted);

/// <summary>
/// The independent reference for the metrics: scikit-learn (and numpy for the LCZ-specific values,
/// with the similarity matrix typed into the script from so2sat.md, not taken from the C# code), run
/// through <see cref="PythonPeer"/> on label sets written to a temporary file.
/// </summary>
internal static class ScikitLearnPeer
{
    /// <summary>The tolerance the issue demands between our metrics and scikit-learn's.</summary>
    public const double Tolerance = 1e-9;

    // Reads blocks of three lines (name and class count, truth labels, predicted labels) and prints one
    // line per value: "<set> <key> <numbers...>", floats in repr (round-trip) form, NaN as "NaN".
    private const string Script = """
        import sys
        import warnings

        import numpy as np
        from sklearn.metrics import (accuracy_score, balanced_accuracy_score, cohen_kappa_score,
                                     confusion_matrix, precision_recall_fscore_support)

        # zero_division and "y_pred contains classes not in y_true" warnings are expected here.
        warnings.simplefilter("ignore")

        # LCZ similarity matrix (so2sat.md), rows truth, columns prediction, LCZ 1..10, A..G.
        SIMILARITY = np.array([
            [12, 11, 10, 8, 7, 6, 7, 9, 5, 9, 4, 3, 1, 0, 3, 0, 0],
            [11, 12, 11, 7, 8, 7, 8, 10, 5, 10, 5, 4, 3, 1, 4, 1, 1],
            [10, 11, 12, 6, 7, 8, 9, 11, 7, 11, 6, 5, 4, 2, 5, 2, 2],
            [8, 7, 6, 12, 11, 10, 9, 6, 9, 7, 6, 7, 6, 4, 1, 4, 4],
            [7, 8, 7, 11, 12, 11, 10, 8, 10, 8, 7, 8, 6, 5, 2, 5, 5],
            [6, 7, 8, 10, 11, 12, 11, 9, 11, 9, 8, 9, 8, 7, 3, 6, 6],
            [7, 8, 9, 9, 10, 11, 12, 8, 10, 8, 9, 8, 7, 5, 2, 5, 5],
            [9, 10, 11, 6, 8, 9, 8, 12, 9, 11, 5, 6, 5, 3, 6, 4, 4],
            [5, 5, 7, 9, 10, 11, 10, 9, 12, 8, 7, 8, 9, 7, 4, 7, 7],
            [9, 10, 11, 7, 8, 9, 8, 11, 8, 12, 5, 6, 5, 3, 6, 4, 4],
            [4, 5, 6, 6, 7, 8, 9, 5, 7, 5, 12, 11, 10, 8, 5, 8, 8],
            [3, 4, 5, 7, 8, 9, 8, 6, 8, 6, 11, 12, 11, 9, 6, 9, 9],
            [1, 3, 4, 6, 6, 8, 7, 5, 9, 5, 10, 11, 12, 10, 7, 10, 10],
            [0, 1, 2, 4, 5, 7, 5, 3, 7, 3, 8, 9, 10, 12, 9, 11, 11],
            [3, 4, 5, 1, 2, 3, 2, 6, 4, 6, 5, 6, 7, 9, 12, 9, 9],
            [0, 1, 2, 4, 5, 6, 5, 4, 7, 4, 8, 9, 10, 11, 9, 12, 11],
            [0, 1, 2, 4, 5, 6, 5, 4, 7, 4, 8, 9, 10, 11, 9, 11, 12],
        ], dtype=np.float64)

        def text(values):
            flat = np.atleast_1d(np.asarray(values, dtype=np.float64)).ravel()
            return " ".join("NaN" if np.isnan(v) else repr(float(v)) for v in flat)

        lines = open(sys.argv[1]).read().split("\n")
        k = 0
        while k + 2 < len(lines) and lines[k]:
            name, count = lines[k].split()
            c = int(count)
            t = np.array(lines[k + 1].split(), dtype=np.int64)
            p = np.array(lines[k + 2].split(), dtype=np.int64)
            k += 3
            labels = list(range(c))
            out = {}
            out["accuracy"] = accuracy_score(t, p)
            out["kappa"] = cohen_kappa_score(t, p)
            out["balanced_accuracy"] = balanced_accuracy_score(t, p)
            precision, recall, f1, support = precision_recall_fscore_support(
                t, p, labels=labels, average=None, zero_division=0)
            out["precision"], out["recall"], out["f1"], out["support"] = precision, recall, f1, support
            for average in ("macro", "weighted"):
                mp, mr, mf, _ = precision_recall_fscore_support(t, p, average=average, zero_division=0)
                out[average + "_precision"], out[average + "_recall"], out[average + "_f1"] = mp, mr, mf
            cm = confusion_matrix(t, p, labels=labels)
            out["cm"] = cm
            for normalize in ("true", "pred", "all"):
                out["cm_" + normalize] = confusion_matrix(t, p, labels=labels, normalize=normalize)
            if c == 17:
                with np.errstate(divide="ignore", invalid="ignore"):
                    cmf = cm.astype(np.float64)
                    out["weighted_accuracy"] = (SIMILARITY / 12.0 * cmf).sum() / cmf.sum()
                    out["built_up_accuracy"] = np.trace(cmf[:10, :10]) / cmf[:10, :].sum()
                    out["natural_accuracy"] = np.trace(cmf[10:, 10:]) / cmf[10:, :].sum()
            for key, value in out.items():
                print(name, key, text(value))
        """;

    /// <summary>Runs scikit-learn on the sets; skips the test when no Python has sklearn and numpy.</summary>
    /// <returns>For each set name, the reference values by key.</returns>
    public static Dictionary<string, Dictionary<string, double[]>> Compute(IReadOnlyList<LabelSet> sets)
    {
        string python = PythonPeer.Require("sklearn", "numpy");
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        string input = directory.File("label-sets.txt");
        var text = new StringBuilder();
        foreach (LabelSet set in sets)
        {
            Assert.DoesNotContain(' ', set.Name);
            text.Append(set.Name).Append(' ').Append(set.ClassCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
            text.Append(string.Join(' ', set.Truth.Select(v => v.ToString(CultureInfo.InvariantCulture)))).Append('\n');
            text.Append(string.Join(' ', set.Predicted.Select(v => v.ToString(CultureInfo.InvariantCulture)))).Append('\n');
        }
        File.WriteAllText(input, text.ToString());

        var result = new Dictionary<string, Dictionary<string, double[]>>();
        foreach (string line in PythonPeer.Run(python, Script, input).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(' ');
            if (!result.TryGetValue(parts[0], out Dictionary<string, double[]>? values)) result[parts[0]] = values = new();
            values[parts[1]] = parts.Skip(2).Select(v => double.Parse(v, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToArray();
        }
        Assert.Equal(sets.Select(s => s.Name).OrderBy(n => n, StringComparer.Ordinal), result.Keys.OrderBy(n => n, StringComparer.Ordinal));
        return result;
    }

    /// <summary>Asserts that the matrix and the metrics computed from it equal the reference values to <see cref="Tolerance"/>.</summary>
    public static void AssertMatches(string set, IReadOnlyDictionary<string, double[]> reference, ConfusionMatrix matrix, ClassificationMetrics metrics)
    {
        int c = matrix.ClassCount;
        double[] Values(string key, int length)
        {
            Assert.True(reference.TryGetValue(key, out double[]? values), $"{set}: scikit-learn gave no '{key}'.");
            Assert.True(values!.Length == length, $"{set}: '{key}' has {values.Length} values, expected {length}.");
            return values;
        }
        double Scalar(string key) => Values(key, 1)[0];

        double[] cm = Values("cm", c * c);
        for (int i = 0; i < c; i++)
            for (int j = 0; j < c; j++)
                Assert.True(cm[i * c + j] == matrix[i, j], $"{set}: confusion [{i}, {j}] is {matrix[i, j]}, scikit-learn {cm[i * c + j]}.");

        Close(set, "accuracy", Scalar("accuracy"), metrics.MicroAccuracy);
        Close(set, "kappa", Scalar("kappa"), metrics.Kappa);
        Close(set, "balanced_accuracy", Scalar("balanced_accuracy"), metrics.MacroAccuracy);
        double[] precision = Values("precision", c), recall = Values("recall", c), f1 = Values("f1", c), support = Values("support", c);
        for (int i = 0; i < c; i++)
        {
            ClassMetrics m = metrics.PerClass[i];
            Assert.Equal(i, m.Index);
            Close(set, $"precision[{i}]", precision[i], m.Precision);
            Close(set, $"recall[{i}]", recall[i], m.Recall);
            Close(set, $"f1[{i}]", f1[i], m.F1);
            Assert.True(support[i] == m.Support, $"{set}: support[{i}] is {m.Support}, scikit-learn {support[i]}.");
            Assert.Equal(Enumerable.Range(0, c).Sum(k => (long)cm[k * c + i]), m.PredictedCount);
            Assert.Equal((long)cm[i * c + i], m.TruePositives);
        }
        Close(set, "macro_precision", Scalar("macro_precision"), metrics.MacroPrecision);
        Close(set, "macro_recall", Scalar("macro_recall"), metrics.MacroRecall);
        Close(set, "macro_f1", Scalar("macro_f1"), metrics.MacroF1);
        Close(set, "weighted_precision", Scalar("weighted_precision"), metrics.WeightedPrecision);
        Close(set, "weighted_recall", Scalar("weighted_recall"), metrics.WeightedRecall);
        Close(set, "weighted_f1", Scalar("weighted_f1"), metrics.WeightedF1);

        foreach ((string key, ConfusionMatrixNormalization mode) in new[]
        {
            ("cm_true", ConfusionMatrixNormalization.Truth),
            ("cm_pred", ConfusionMatrixNormalization.Predicted),
            ("cm_all", ConfusionMatrixNormalization.All),
        })
        {
            double[] expected = Values(key, c * c);
            double[,] actual = matrix.Normalize(mode);
            for (int i = 0; i < c; i++)
                for (int j = 0; j < c; j++)
                    Close(set, $"{key}[{i}, {j}]", expected[i * c + j], actual[i, j]);
        }

        if (c == 17)
        {
            Close(set, "weighted_accuracy", Scalar("weighted_accuracy"), metrics.WeightedAccuracy!.Value);
            Close(set, "built_up_accuracy", Scalar("built_up_accuracy"), metrics.BuiltUpAccuracy!.Value);
            Close(set, "natural_accuracy", Scalar("natural_accuracy"), metrics.NaturalAccuracy!.Value);
        }
        else
        {
            Assert.Null(metrics.WeightedAccuracy);
            Assert.Null(metrics.BuiltUpAccuracy);
            Assert.Null(metrics.NaturalAccuracy);
        }
    }

    private static void Close(string set, string key, double expected, double actual)
    {
        if (double.IsNaN(expected))
            Assert.True(double.IsNaN(actual), $"{set}: {key} is {actual}, scikit-learn gives NaN.");
        else
            Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{set}: {key} is {actual:R}, scikit-learn {expected:R} (difference {Math.Abs(expected - actual):E2}).");
    }
}
