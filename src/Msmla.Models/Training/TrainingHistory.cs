using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Msmla.Core.Metrics;
using Msmla.Models.Weights;
using Msmla.Core.IO;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The record of a run: one <see cref="EpochRecord"/> per finished epoch, why the run ended (and who decided, when a
    /// callback stopped it) and its best epoch. Exports to CSV (one row per epoch, invariant culture) and JSON
    /// (round-trips exactly, NaN as <c>"NaN"</c>), and gives its learning curves to Msmla.Plotting
    /// (<see cref="ToLearningCurves"/>).
    /// </summary>
    public sealed class TrainingHistory : ILearningCurveSource
    {
        /// <summary>
        /// The built-in CSV columns, in order (Keras' <c>CSVLogger</c> names where Keras has them; the epoch is 1-based).
        /// The values callbacks logged follow them (<see cref="LoggedNames"/>).
        /// </summary>
        public static IReadOnlyList<string> CsvColumns { get; } = new[]
        {
            "epoch", "lr", "loss", "accuracy", "samples", "val_loss", "val_accuracy", "val_average_accuracy", "val_kappa",
            "val_macro_precision", "val_macro_recall", "val_macro_f1", "val_weighted_precision", "val_weighted_recall",
            "val_weighted_f1", "val_built_up_accuracy", "val_natural_accuracy", "val_lcz_weighted_accuracy", "val_samples",
            "duration_seconds", "samples_per_second",
        };

        /// <summary>Creates a history.</summary>
        /// <param name="epochs">The finished epochs in order.</param>
        /// <param name="stopReason">Why the run ended.</param>
        /// <param name="bestMonitor">The value that decides <see cref="BestEpoch"/>.</param>
        /// <param name="bestEpoch">The 1-based best epoch, 0 when none.</param>
        /// <param name="checkpointDirectory">The run's checkpoint directory, or null when it wrote none.</param>
        /// <param name="stopDecision">The decision of the callback that stopped the run (with <see cref="TrainingStopReason.EarlyStopped"/>), or null.</param>
        [JsonConstructor]
        public TrainingHistory(IReadOnlyList<EpochRecord> epochs, TrainingStopReason stopReason, TrainingMonitor bestMonitor, int bestEpoch, string? checkpointDirectory,
            TrainingStopDecision? stopDecision = null)
        {
            ArgumentNullException.ThrowIfNull(epochs);
            ArgumentNullException.ThrowIfNull(bestMonitor);
            Epochs = epochs.ToArray();
            if (bestEpoch < 0 || bestEpoch > Epochs.Count)
                throw new ArgumentOutOfRangeException(nameof(bestEpoch), bestEpoch, $"The best epoch must be 0 to {Epochs.Count}.");
            StopReason = stopReason;
            BestMonitor = bestMonitor;
            BestEpoch = bestEpoch;
            CheckpointDirectory = checkpointDirectory;
            StopDecision = stopDecision;
        }

        /// <summary>One record per finished epoch, in order.</summary>
        public IReadOnlyList<EpochRecord> Epochs { get; }

        /// <summary>Why the run ended.</summary>
        public TrainingStopReason StopReason { get; }

        /// <summary>The decision of the callback that stopped the run (who and why), or null when none did.</summary>
        public TrainingStopDecision? StopDecision { get; }

        /// <summary>
        /// The value that decides <see cref="BestEpoch"/>: the monitor of the run's first
        /// <see cref="Callbacks.ModelCheckpoint"/>, else of its first <see cref="Callbacks.EarlyStopping"/>, else the
        /// validation loss (the training loss without a validation source).
        /// </summary>
        public TrainingMonitor BestMonitor { get; }

        /// <summary>The 1-based best epoch by <see cref="BestMonitor"/>, 0 when there is none.</summary>
        public int BestEpoch { get; }

        /// <summary>The run's checkpoint directory, or null when it wrote none.</summary>
        public string? CheckpointDirectory { get; }

        /// <summary>The record of the best epoch, or null.</summary>
        [JsonIgnore]
        public EpochRecord? Best => BestEpoch == 0 ? null : Epochs.FirstOrDefault(e => e.Epoch == BestEpoch);

        /// <summary>The names of the values callbacks logged, in the order they first appear over the epochs.</summary>
        [JsonIgnore]
        public IReadOnlyList<string> LoggedNames => Epochs.SelectMany(e => e.Logged.Keys).Distinct(StringComparer.Ordinal).ToArray();

        /// <summary>
        /// The history as CSV: a header of <see cref="CsvColumns"/> and then <see cref="LoggedNames"/>, and one row per
        /// epoch (CRLF line ends, empty fields for missing validation and logged values).
        /// </summary>
        public string ToCsv()
        {
            IReadOnlyList<string> logged = LoggedNames;
            var text = new StringBuilder();
            text.Append(string.Join(",", CsvColumns.Concat(logged))).Append("\r\n");
            foreach (EpochRecord e in Epochs)
            {
                string[] fields =
                {
                    Number(e.Epoch), Number(e.LearningRate), Number(e.TrainingLoss), Number(e.TrainingAccuracy), Number(e.TrainingSamples),
                    Number(e.ValidationLoss), Number(e.ValidationAccuracy), Number(e.ValidationAverageAccuracy), Number(e.ValidationKappa),
                    Number(e.ValidationMacroPrecision), Number(e.ValidationMacroRecall), Number(e.ValidationMacroF1),
                    Number(e.ValidationWeightedPrecision), Number(e.ValidationWeightedRecall), Number(e.ValidationWeightedF1),
                    Number(e.ValidationBuiltUpAccuracy), Number(e.ValidationNaturalAccuracy), Number(e.ValidationLczWeightedAccuracy),
                    Number(e.ValidationSamples), Number(e.DurationSeconds), Number(e.SamplesPerSecond),
                };
                IEnumerable<string> extra = logged.Select(name => e.Logged.TryGetValue(name, out double v) ? Number(v) : "");
                text.Append(string.Join(",", fields.Concat(extra))).Append("\r\n");
            }
            return text.ToString();
        }

        /// <summary>
        /// The learning curves for Msmla.Plotting's <c>LearningCurvePlot</c>: the training and validation loss, the
        /// training and validation (overall) accuracy, and one curve per logged value, with the best epoch.
        /// </summary>
        public LearningCurves ToLearningCurves()
        {
            var curves = new List<LearningCurve>
            {
                Curve("training loss", LearningCurvePanel.Loss, LearningCurveSeries.Training, e => e.TrainingLoss),
                Curve("validation loss", LearningCurvePanel.Loss, LearningCurveSeries.Validation, e => e.ValidationLoss),
                Curve("training accuracy", LearningCurvePanel.Accuracy, LearningCurveSeries.Training, e => e.TrainingAccuracy),
                Curve("validation accuracy", LearningCurvePanel.Accuracy, LearningCurveSeries.Validation, e => e.ValidationAccuracy),
            };
            foreach (string name in LoggedNames)
                curves.Add(Curve(name, LearningCurvePanel.Other, LearningCurveSeries.Other, e => e.Logged.TryGetValue(name, out double v) ? v : null));
            return new LearningCurves(curves.Where(c => c.Points.Count > 0).ToArray(), BestEpoch);
        }

        /// <summary>
        /// The first epoch whose value of <paramref name="monitor"/> is the best of <paramref name="epochs"/> (in the
        /// monitor's direction, ignoring missing and NaN values), or 0 when none has a value.
        /// </summary>
        public static int FindBestEpoch(IEnumerable<EpochRecord> epochs, TrainingMonitor monitor)
        {
            ArgumentNullException.ThrowIfNull(epochs);
            ArgumentNullException.ThrowIfNull(monitor);
            var tracker = new MonitorTracker(monitor);
            foreach (EpochRecord e in epochs)
            {
                if (e.Value(monitor) is double value) tracker.Update(e.Epoch, value);
            }
            return tracker.BestEpoch;
        }

        /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> (atomically; UTF-8 without BOM).</summary>
        public void WriteCsv(string path) => WriteText(path, ToCsv());

        /// <summary>The history as indented JSON.</summary>
        public string ToJson() => JsonSerializer.Serialize(this, TrainingJson.Options);

        /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> (atomically).</summary>
        public void WriteJson(string path) => WriteText(path, ToJson());

        /// <summary>Reads a history written by <see cref="ToJson"/>.</summary>
        /// <exception cref="JsonException">The text is not a training history.</exception>
        public static TrainingHistory FromJson(string json)
        {
            ArgumentNullException.ThrowIfNull(json);
            return JsonSerializer.Deserialize<TrainingHistory>(json, TrainingJson.Options)
                ?? throw new JsonException("The JSON text holds null instead of a training history.");
        }

        /// <summary>Reads a history file written by <see cref="WriteJson"/>.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="JsonException">The file is not a training history (the message names it).</exception>
        public static TrainingHistory ReadJson(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            if (!File.Exists(path)) throw new FileNotFoundException($"The training history file {path} does not exist.", path);
            try
            {
                return FromJson(File.ReadAllText(path));
            }
            catch (JsonException e)
            {
                throw new JsonException($"{path} is not a training history: {e.Message}", e);
            }
        }

        private static void WriteText(string path, string text)
        {
            ArgumentNullException.ThrowIfNull(path);
            AtomicFile.WriteAllText(path, text);
        }

        private LearningCurve Curve(string name, LearningCurvePanel panel, LearningCurveSeries series, Func<EpochRecord, double?> value) =>
            new(name, panel, series, Epochs.Where(e => value(e).HasValue).Select(e => new LearningCurvePoint(e.Epoch, value(e)!.Value)).ToArray());

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static string Number(double? value) => value is double v ? Number(v) : "";
    }
}
