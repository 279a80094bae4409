using System;
using System.Globalization;
using Msmla.Models.Training;

namespace Msmla.Cli.Progress
{
    /// <summary>Shows the trainer's <see cref="TrainingProgress"/> as two items: the epochs of the run and the batches of the current phase.</summary>
    internal sealed class TrainingProgressReporter : IProgress<TrainingProgress>
    {
        private readonly IProgressSession _session;
        private readonly string _model;
        private IProgressItem? _epochs;
        private IProgressItem? _batches;

        /// <summary>Creates the reporter; its items are added on the first report.</summary>
        public TrainingProgressReporter(IProgressSession session, string model)
        {
            _session = session;
            _model = model;
        }

        /// <inheritdoc />
        public void Report(TrainingProgress value)
        {
            if (value.Phase == TrainingPhase.Evaluation)
            {
                _batches ??= _session.Add("evaluating", value.BatchesPerEpoch);
                _batches.Update(value.Batch, value.BatchesPerEpoch, $"evaluating: loss {Number(value.Loss)}, accuracy {Percent(value.Accuracy)}");
                return;
            }
            _epochs ??= _session.Add($"training {_model}", value.Epochs);
            _batches ??= _session.Add("epoch", value.BatchesPerEpoch);
            switch (value.Phase)
            {
                case TrainingPhase.Preparing:
                    _batches.Update(value.Batch, value.BatchesPerEpoch, "counting the training labels for class weights");
                    break;
                case TrainingPhase.Training:
                    _batches.Update(value.Batch, value.BatchesPerEpoch,
                        $"epoch {value.Epoch}/{value.Epochs}: loss {Number(value.Loss)}, accuracy {Percent(value.Accuracy)}, {value.SamplesPerSecond:0} patches/s");
                    break;
                case TrainingPhase.Validation:
                    _batches.Update(value.Batch, value.BatchesPerEpoch, $"epoch {value.Epoch}/{value.Epochs}: validating");
                    break;
                case TrainingPhase.EpochEnd:
                    EpochRecord? record = value.Record;
                    string validation = record?.ValidationAccuracy is double oa ? $", validation accuracy {Percent(oa)}" : "";
                    _epochs.Update(value.Epoch, value.Epochs, $"training {_model}: epoch {value.Epoch}/{value.Epochs}{validation}");
                    if (value.Epoch >= value.Epochs) _epochs.Complete();
                    break;
            }
        }

        /// <summary>Marks both items finished (the run may end early).</summary>
        public void Complete()
        {
            _batches?.Complete();
            _epochs?.Complete();
        }

        private static string Number(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0000", CultureInfo.InvariantCulture);

        private static string Percent(double value) => double.IsNaN(value) ? "-" : (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }
}
