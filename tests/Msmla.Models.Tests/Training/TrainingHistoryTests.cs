using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using Msmla.Models.Training;

namespace Msmla.Models.Tests.Training;

/// <summary>History export: CSV in invariant culture, JSON round trips (NaN and missing validation values included).</summary>
[Collection(TrainerCollection.Name)]
public sealed class TrainingHistoryTests
{
    private static TrainingHistory Sample() => new(
        new[]
        {
            new EpochRecord
            {
                Epoch = 1, LearningRate = 0.002, TrainingLoss = 2.5, TrainingAccuracy = 0.25, TrainingSamples = 100, ValidationLoss = 2.25,
                ValidationAccuracy = 0.3, ValidationAverageAccuracy = 0.125, ValidationKappa = double.NaN, ValidationMacroPrecision = 0.1,
                ValidationMacroRecall = 0.2, ValidationMacroF1 = 1.0 / 3, ValidationWeightedPrecision = 0.4, ValidationWeightedRecall = 0.3,
                ValidationWeightedF1 = 0.35, ValidationBuiltUpAccuracy = 0.5, ValidationNaturalAccuracy = double.NaN,
                ValidationLczWeightedAccuracy = 0.75, ValidationSamples = 40, DurationSeconds = 1.5, SamplesPerSecond = 66.66,
            },
            new EpochRecord { Epoch = 2, LearningRate = 1e-3, TrainingLoss = 1.0, TrainingAccuracy = 0.5, TrainingSamples = 100, DurationSeconds = 1.25, SamplesPerSecond = 80 },
        },
        TrainingStopReason.EarlyStopped, TrainingMonitor.ValidationLoss, 1, "/tmp/run");

    [Fact]
    public void Json_round_trips_exactly()
    {
        TrainingHistory history = Sample();
        TrainingHistory back = TrainingHistory.FromJson(history.ToJson());
        Assert.Equal(history.Epochs, back.Epochs);
        Assert.Equal((history.StopReason, history.BestMonitor, history.BestEpoch, history.CheckpointDirectory), (back.StopReason, back.BestMonitor, back.BestEpoch, back.CheckpointDirectory));
        Assert.Equal(1, back.Best!.Epoch);
        Assert.Contains("\"EarlyStopped\"", history.ToJson());
        Assert.Contains("\"NaN\"", history.ToJson());
    }

    [Fact]
    public void Csv_is_invariant_with_one_row_per_epoch_and_empty_missing_values()
    {
        CultureInfo before = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            string[] lines = Sample().ToCsv().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, lines.Length);
            Assert.Equal(string.Join(",", TrainingHistory.CsvColumns), lines[0]);
            Assert.Equal(TrainingHistory.CsvColumns.Count, lines[1].Split(',').Length);
            Assert.StartsWith("1,0.002,2.5,0.25,100,2.25,0.3,0.125,NaN,0.1,0.2,0.3333333333333333,0.4,0.3,0.35,0.5,NaN,0.75,40,1.5,66.66", lines[1]);
            Assert.Equal("2,0.001,1,0.5,100,,,,,,,,,,,,,,0,1.25,80", lines[2]);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = before;
        }
    }

    [Fact]
    public void Logged_values_and_the_stop_decision_travel_with_the_history()
    {
        TrainingHistory sample = Sample();
        var history = new TrainingHistory(
            new[]
            {
                sample.Epochs[0] with { Logged = LoggedValues.Empty.With("score", 0.5) },
                sample.Epochs[1] with { Logged = LoggedValues.Empty.With("gap", double.NaN).With("score", 0.25) },
            },
            TrainingStopReason.EarlyStopped, TrainingMonitor.Logged("score", MonitorMode.Max), 1, null, new TrainingStopDecision(2, "ScoreWatcher", "score fell"));

        // CSV: the logged names after the built-in columns in order of first appearance, empty where an epoch lacks one.
        string[] lines = history.ToCsv().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", TrainingHistory.CsvColumns) + ",score,gap", lines[0]);
        Assert.EndsWith(",0.5,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",0.25,NaN", lines[2], StringComparison.Ordinal);

        TrainingHistory back = TrainingHistory.FromJson(history.ToJson());
        Assert.Equal(history.Epochs, back.Epochs);
        Assert.Equal((history.StopDecision, history.BestMonitor), (back.StopDecision, back.BestMonitor));
        Assert.Contains("\"BestMonitor\": {", history.ToJson());

        // Learning curves: training/validation loss and accuracy, then one per logged value, with the best epoch.
        var curves = history.ToLearningCurves();
        Assert.Equal(new[] { "training loss", "validation loss", "training accuracy", "validation accuracy", "score", "gap" }, curves.Curves.Select(c => c.Name));
        Assert.Equal(new[] { (1, 0.5), (2, 0.25) }, curves.Curves.Single(c => c.Name == "score").Points.Select(p => (p.Epoch, p.Value)));
        Assert.Equal(new[] { 1 }, curves.Curves.Single(c => c.Name == "validation loss").Points.Select(p => p.Epoch));
        Assert.Equal(1, curves.BestEpoch);
        Assert.Equal(0, TrainingHistory.FindBestEpoch(history.Epochs, TrainingMonitor.Logged("gap", MonitorMode.Max))); // only NaN
        Assert.Equal(2, TrainingHistory.FindBestEpoch(history.Epochs, TrainingMonitor.TrainingLoss));
    }

    [Fact]
    public void Files_round_trip()
    {
        using var directory = TinyTraining.Directory();
        TrainingHistory history = Sample();
        history.WriteJson(directory.File("h.json"));
        history.WriteCsv(directory.File("h.csv"));
        Assert.Equal(history.Epochs, TrainingHistory.ReadJson(directory.File("h.json")).Epochs);
        Assert.Equal(history.ToCsv(), System.IO.File.ReadAllText(directory.File("h.csv")));
        Assert.Contains("does not exist", Assert.Throws<System.IO.FileNotFoundException>(() => TrainingHistory.ReadJson(directory.File("none.json"))).Message);
    }

    [Fact]
    public void A_run_writes_its_history_beside_its_checkpoints()
    {
        using var directory = TinyTraining.Directory();
        using LczModel model = TinyTraining.Model();
        TrainingHistory history = new LczTrainer(model, TinyTraining.Options(2, directory.Path)).Fit(TinyTraining.Training(), TinyTraining.Validation());
        TrainingHistory written = TrainingHistory.ReadJson(directory.File("history.json"));
        Assert.Equal(history.Epochs, written.Epochs);
        Assert.Equal(TrainingStopReason.Completed, written.StopReason);
        Assert.Equal(history.ToCsv(), System.IO.File.ReadAllText(directory.File("history.csv")));
        Assert.All(history.Epochs, e => Assert.Equal(34, e.ValidationSamples));
        Assert.All(history.Epochs, e => Assert.Equal(68, e.TrainingSamples));
    }
}
