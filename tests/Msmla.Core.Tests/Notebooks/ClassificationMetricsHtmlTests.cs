using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Msmla.Core.Lcz;
using Msmla.Core.Metrics;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Notebooks;

/// <summary>
/// The HTML a notebook shows for <see cref="ClassificationMetrics"/>, found through the .NET Interactive convention,
/// read back with Python's HTML parser and compared with scikit-learn's metrics of the same labels.
/// </summary>
public class ClassificationMetricsHtmlTests
{
    private static readonly int[] Truth = { 0, 0, 0, 1, 1, 2, 2, 2, 2, 10, 10, 16, 16, 16, 3, 3 };
    private static readonly int[] Predicted = { 0, 0, 1, 1, 2, 2, 2, 2, 0, 10, 16, 16, 16, 10, 3, 4 };

    [Fact]
    public void Metrics_ask_for_html()
    {
        Assert.Equal(new[] { "text/html" }, NotebookConvention.PreferredMimeTypes(typeof(ClassificationMetrics)));
    }

    [SkippableFact]
    public void The_html_tables_hold_scikit_learns_values()
    {
        var metrics = ClassificationMetrics.Compute(Truth, Predicted, LczClasses.Count);
        string html = NotebookConvention.Format(metrics, "text/html");
        var tables = HtmlTables.Read(html);
        Assert.Equal(2, tables.Count);

        string python = PythonPeer.Require("sklearn");
        using JsonDocument reference = JsonDocument.Parse(PythonPeer.Run(python, """
            import json, sys
            from sklearn.metrics import accuracy_score, cohen_kappa_score, precision_recall_fscore_support, balanced_accuracy_score
            t = [int(v) for v in sys.argv[1].split(",")]; p = [int(v) for v in sys.argv[2].split(",")]
            labels = list(range(17))
            pr, rc, f1, sup = precision_recall_fscore_support(t, p, labels=labels, average=None, zero_division=0)
            mp, mr, mf, _ = precision_recall_fscore_support(t, p, average="macro", zero_division=0)
            wp, wr, wf, _ = precision_recall_fscore_support(t, p, average="weighted", zero_division=0)
            print(json.dumps({"oa": accuracy_score(t, p), "kappa": cohen_kappa_score(t, p), "aa": balanced_accuracy_score(t, p),
                "precision": list(pr), "recall": list(rc), "f1": list(f1), "support": [int(s) for s in sup],
                "macro": [mp, mr, mf], "weighted": [wp, wr, wf]}))
            """, string.Join(",", Truth), string.Join(",", Predicted)));
        JsonElement r = reference.RootElement;

        HtmlTableText summary = tables[0];
        Assert.Equal(new[] { "Metric", "Value" }, summary.Header);
        string Value(string label) => summary.Rows.Single(row => row[0] == label)[1];
        Assert.Equal(Truth.Length.ToString(CultureInfo.InvariantCulture), Value("Samples"));
        Assert.Equal(F4(r.GetProperty("oa").GetDouble()), Value("Overall accuracy (OA)"));
        Assert.Equal(F4(r.GetProperty("kappa").GetDouble()), Value("Kappa"));
        Assert.Equal(F4(r.GetProperty("macro")[2].GetDouble()), Value("Macro F1"));
        Assert.Equal(F4(r.GetProperty("weighted")[2].GetDouble()), Value("Weighted F1"));
        // scikit-learn's balanced accuracy averages the recall of the classes present in the truth, as AA does.
        Assert.Equal(F4(r.GetProperty("aa").GetDouble()), Value("Average accuracy (AA)"));
        Assert.Contains(summary.Rows, row => row[0] == "Weighted accuracy (WA)");

        HtmlTableText perClass = tables[1];
        Assert.Equal(new[] { "Class", "Name", "Precision", "Recall", "F1", "Support", "Predicted" }, perClass.Header);
        Assert.Equal(17 + 2, perClass.Rows.Count);
        for (int i = 0; i < 17; i++)
        {
            var row = perClass.Rows[i];
            Assert.Equal(LczClasses.All[i].Code, row[0]);
            Assert.Equal(LczClasses.All[i].Name, row[1]);
            Assert.Equal(F4(r.GetProperty("precision")[i].GetDouble()), row[2]);
            Assert.Equal(F4(r.GetProperty("recall")[i].GetDouble()), row[3]);
            Assert.Equal(F4(r.GetProperty("f1")[i].GetDouble()), row[4]);
            Assert.Equal(r.GetProperty("support")[i].GetInt32().ToString(CultureInfo.InvariantCulture), row[5]);
            Assert.Equal(Predicted.Count(p => p == i).ToString(CultureInfo.InvariantCulture), row[6]);
        }
        Assert.Equal(new[] { "macro avg", "", F4(r.GetProperty("macro")[0].GetDouble()), F4(r.GetProperty("macro")[1].GetDouble()), F4(r.GetProperty("macro")[2].GetDouble()), "16", "" }, perClass.Rows[17]);
        Assert.Equal(new[] { "weighted avg", "", F4(r.GetProperty("weighted")[0].GetDouble()), F4(r.GetProperty("weighted")[1].GetDouble()), F4(r.GetProperty("weighted")[2].GetDouble()), "16", "" }, perClass.Rows[18]);
    }

    [SkippableFact]
    public void An_empty_matrix_shows_not_available_for_undefined_values()
    {
        var metrics = ClassificationMetrics.Compute(new ConfusionMatrix(3));
        var tables = HtmlTables.Read(NotebookConvention.Format(metrics, "text/html"));
        Assert.Equal("n/a", tables[0].Rows.Single(row => row[0] == "Overall accuracy (OA)")[1]);
        Assert.Equal("n/a", tables[0].Rows.Single(row => row[0] == "Kappa")[1]);
        Assert.DoesNotContain(tables[0].Rows, row => row[0] == "Weighted accuracy (WA)");
        Assert.Equal(new[] { "0", "", "0.0000", "0.0000", "0.0000", "0", "0" }, tables[1].Rows[0]);
    }

    private static string F4(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
