using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// A named value recorded at the end of each epoch that early stopping, the best checkpoint and reduce-on-plateau can
    /// watch: one of the built-in metrics of <see cref="EpochRecord"/> (the static properties), or any value a callback logs
    /// with <see cref="Callbacks.TrainingContext.Log"/> (<see cref="Logged"/>). Each has a <see cref="Mode"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <see cref="Parse"/> accepts the built-in names (<c>ValidationLoss</c>, ...; any case) and their Keras and CSV names
    /// (<c>val_loss</c>, <c>val_accuracy</c>, <c>loss</c>, <c>accuracy</c>, <c>val_kappa</c>, ... as in
    /// <see cref="TrainingHistory.CsvColumns"/>); any other name is a logged value whose mode follows Keras 2's
    /// <c>mode='auto'</c> rule: higher is better when the name contains <c>acc</c>, lower otherwise.
    /// </para>
    /// <para>
    /// JSON: a string, the built-in name (for example <c>"ValidationLoss"</c>) or a logged value's name when its mode is the
    /// one the Keras rule gives; otherwise <c>{ "Name": "...", "Mode": "Max" }</c>.
    /// </para>
    /// </remarks>
    [JsonConverter(typeof(TrainingMonitorJsonConverter))]
    public sealed class TrainingMonitor : IEquatable<TrainingMonitor>
    {
        private readonly Func<EpochRecord, double?>? _read;

        private TrainingMonitor(string name, MonitorMode mode, string? csvName, bool needsValidation, Func<EpochRecord, double?>? read)
        {
            Name = name;
            Mode = mode;
            CsvName = csvName;
            NeedsValidation = needsValidation;
            _read = read;
        }

        /// <summary>The mean validation loss (lower is better; Keras' <c>val_loss</c>).</summary>
        public static TrainingMonitor ValidationLoss { get; } = BuiltIn(nameof(ValidationLoss), MonitorMode.Min, "val_loss", true, r => r.ValidationLoss);

        /// <summary>The validation overall accuracy, OA (higher is better; Keras' <c>val_accuracy</c>).</summary>
        public static TrainingMonitor ValidationAccuracy { get; } = BuiltIn(nameof(ValidationAccuracy), MonitorMode.Max, "val_accuracy", true, r => r.ValidationAccuracy);

        /// <summary>The validation average accuracy, AA: the mean per-class recall (higher is better).</summary>
        public static TrainingMonitor ValidationAverageAccuracy { get; } = BuiltIn(nameof(ValidationAverageAccuracy), MonitorMode.Max, "val_average_accuracy", true, r => r.ValidationAverageAccuracy);

        /// <summary>The validation Cohen's kappa (higher is better).</summary>
        public static TrainingMonitor ValidationKappa { get; } = BuiltIn(nameof(ValidationKappa), MonitorMode.Max, "val_kappa", true, r => r.ValidationKappa);

        /// <summary>The validation macro precision (higher is better).</summary>
        public static TrainingMonitor ValidationMacroPrecision { get; } = BuiltIn(nameof(ValidationMacroPrecision), MonitorMode.Max, "val_macro_precision", true, r => r.ValidationMacroPrecision);

        /// <summary>The validation macro recall (higher is better).</summary>
        public static TrainingMonitor ValidationMacroRecall { get; } = BuiltIn(nameof(ValidationMacroRecall), MonitorMode.Max, "val_macro_recall", true, r => r.ValidationMacroRecall);

        /// <summary>The validation macro F1 (higher is better).</summary>
        public static TrainingMonitor ValidationMacroF1 { get; } = BuiltIn(nameof(ValidationMacroF1), MonitorMode.Max, "val_macro_f1", true, r => r.ValidationMacroF1);

        /// <summary>The validation support-weighted F1 (higher is better).</summary>
        public static TrainingMonitor ValidationWeightedF1 { get; } = BuiltIn(nameof(ValidationWeightedF1), MonitorMode.Max, "val_weighted_f1", true, r => r.ValidationWeightedF1);

        /// <summary>LCZ only: the validation LCZ weighted accuracy WA (higher is better).</summary>
        public static TrainingMonitor ValidationLczWeightedAccuracy { get; } = BuiltIn(nameof(ValidationLczWeightedAccuracy), MonitorMode.Max, "val_lcz_weighted_accuracy", true, r => r.ValidationLczWeightedAccuracy);

        /// <summary>The mean training loss of the epoch (lower is better; Keras' <c>loss</c>; needs no validation source).</summary>
        public static TrainingMonitor TrainingLoss { get; } = BuiltIn(nameof(TrainingLoss), MonitorMode.Min, "loss", false, r => r.TrainingLoss);

        /// <summary>The training accuracy of the epoch (higher is better; Keras' <c>accuracy</c>; needs no validation source).</summary>
        public static TrainingMonitor TrainingAccuracy { get; } = BuiltIn(nameof(TrainingAccuracy), MonitorMode.Max, "accuracy", false, r => r.TrainingAccuracy);

        /// <summary>Every built-in monitor.</summary>
        public static IReadOnlyList<TrainingMonitor> BuiltIns { get; } = new[]
        {
            ValidationLoss, ValidationAccuracy, ValidationAverageAccuracy, ValidationKappa, ValidationMacroPrecision, ValidationMacroRecall,
            ValidationMacroF1, ValidationWeightedF1, ValidationLczWeightedAccuracy, TrainingLoss, TrainingAccuracy,
        };

        /// <summary>The name: a built-in name such as <c>ValidationLoss</c>, or the name a callback logs the value under.</summary>
        public string Name { get; }

        /// <summary>Which way the value improves.</summary>
        public MonitorMode Mode { get; }

        /// <summary>The built-in value's column in the history CSV and its Keras name (<c>val_loss</c>, ...); null for a logged value.</summary>
        public string? CsvName { get; }

        /// <summary>Whether this is one of the built-in metrics of <see cref="EpochRecord"/> (else a value callbacks log).</summary>
        public bool IsBuiltIn => _read != null;

        /// <summary>Whether the value needs a validation source (the built-in validation metrics; logged values do not, as far as the trainer can tell).</summary>
        public bool NeedsValidation { get; }

        /// <summary>
        /// A value that callbacks log under <paramref name="name"/> (<see cref="Callbacks.TrainingContext.Log"/>), improving
        /// in <paramref name="mode"/>; null = Keras 2's <c>mode='auto'</c> rule (<see cref="AutoMode"/>).
        /// </summary>
        /// <exception cref="ArgumentException">The name is not a valid logged-value name, or is a built-in name (use the built-in).</exception>
        public static TrainingMonitor Logged(string name, MonitorMode? mode = null)
        {
            CheckLoggedName(name, nameof(name));
            if (mode is MonitorMode m && !Enum.IsDefined(m)) throw new ArgumentOutOfRangeException(nameof(mode), m, "Unknown monitor mode.");
            return new TrainingMonitor(name, mode ?? AutoMode(name), null, false, null);
        }

        /// <summary>
        /// The monitor called <paramref name="name"/>: a built-in by its name or its Keras/CSV name (any case), else the
        /// logged value of that name with the mode of Keras' auto rule.
        /// </summary>
        /// <exception cref="ArgumentException">The name is empty or not a valid logged-value name.</exception>
        public static TrainingMonitor Parse(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            return FindBuiltIn(name) ?? Logged(name);
        }

        /// <summary>The built-in monitor called <paramref name="name"/> (its name or Keras/CSV name, any case), or null.</summary>
        public static TrainingMonitor? FindBuiltIn(string name) =>
            BuiltIns.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(m.CsvName, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>Keras 2's <c>mode='auto'</c> rule of <c>EarlyStopping</c> and <c>ReduceLROnPlateau</c>: higher is better when the name contains <c>acc</c>, else lower.</summary>
        public static MonitorMode AutoMode(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            return name.Contains("acc", StringComparison.Ordinal) ? MonitorMode.Max : MonitorMode.Min;
        }

        /// <summary>The value of this monitor in <paramref name="record"/>, or null when the epoch does not have it (no validation, not logged).</summary>
        public double? ValueIn(EpochRecord record)
        {
            ArgumentNullException.ThrowIfNull(record);
            if (_read != null) return _read(record);
            return record.Logged.TryGetValue(Name, out double value) ? value : null;
        }

        /// <summary>
        /// Whether <paramref name="value"/> improves on <paramref name="best"/> by more than <paramref name="minDelta"/>
        /// (Keras' rule: value &lt; best - minDelta in <see cref="MonitorMode.Min"/>, value &gt; best + minDelta in
        /// <see cref="MonitorMode.Max"/>). NaN never improves; anything that is not NaN improves on a null or NaN best.
        /// </summary>
        public bool Improves(double value, double? best, double minDelta)
        {
            if (double.IsNaN(value)) return false;
            if (best is not double b || double.IsNaN(b)) return true;
            return Mode == MonitorMode.Min ? value < b - minDelta : value > b + minDelta;
        }

        /// <summary>Same name (ordinal) and mode.</summary>
        public bool Equals(TrainingMonitor? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && Mode == other.Mode;

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as TrainingMonitor);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), Mode);

        /// <summary>The name, and the mode when it is not the one the name implies.</summary>
        public override string ToString() => IsBuiltIn || Mode == AutoMode(Name) ? Name : $"{Name} ({Mode})";

        /// <summary>Equality by name and mode.</summary>
        public static bool operator ==(TrainingMonitor? left, TrainingMonitor? right) => left is null ? right is null : left.Equals(right);

        /// <summary>Inequality by name and mode.</summary>
        public static bool operator !=(TrainingMonitor? left, TrainingMonitor? right) => !(left == right);

        /// <summary>
        /// Throws when <paramref name="name"/> cannot name a logged value: empty, other characters than letters, digits,
        /// <c>_</c>, <c>-</c> and <c>.</c> (it becomes a CSV column), or a built-in monitor's name or Keras/CSV name.
        /// </summary>
        internal static void CheckLoggedName(string name, string parameter)
        {
            ArgumentNullException.ThrowIfNull(name, parameter);
            if (name.Length == 0 || name.Length > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
                throw new ArgumentException(
                    $"'{name}' is not a valid name for a logged value: use 1 to 100 letters, digits, '_', '-' or '.'.", parameter);
            if (FindBuiltIn(name) is TrainingMonitor builtIn || string.Equals(name, "epoch", StringComparison.OrdinalIgnoreCase)
                || TrainingHistory.CsvColumns.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException($"'{name}' is a built-in value of the history; log your value under another name.", parameter);
        }

        private static TrainingMonitor BuiltIn(string name, MonitorMode mode, string csvName, bool needsValidation, Func<EpochRecord, double?> read) =>
            new(name, mode, csvName, needsValidation, read);
    }
}
