using System;
using System.Globalization;
using Msmla.Models.Training;

namespace Msmla.Cli.Progress
{
    /// <summary>
    /// Shows the trainer's typed <see cref="TrainingProgress"/> reports as two items: the epochs of the run and the batches
    /// of the current phase (label count, training, validation), or one item for an evaluation.
    /// </summary>
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
            switch (value)
            {
                case EvaluationProgress evaluation:
                    _batches ??= _session.Add("evaluating", evaluation.Batches);
                    _batches.Update(evaluation.Batch, evaluation.Batches, $"evaluating: loss {Number(evaluation.Loss)}, accuracy {Percent(evaluation.Accuracy)}");
                    break;
                case PreparationProgress preparation:
                    Epochs(preparation.Epochs);
                    Batches(preparation.Batches).Update(preparation.Batch, preparation.Batches, "counting the training labels for class weights");
                    break;
                case TrainingBatchProgress training:
                    Epochs(training.Epochs);
                    Batches(training.Batches).Update(training.Batch, training.Batches,
                        $"epoch {training.Epoch}/{training.Epochs}: loss {Number(training.Loss)}, accuracy {Percent(training.Accuracy)}, {training.SamplesPerSecond:0} patches/s");
                    break;
                case ValidationBatchProgress validation:
                    Epochs(validation.Epochs);
                    Batches(validation.Batches).Update(validation.Batch, validation.Batches, $"epoch {validation.Epoch}/{validation.Epochs}: validating");
                    break;
                case EpochEndProgress end:
                    string accuracy = end.Record.ValidationAccuracy is double oa ? $", validation accuracy {Percent(oa)}" : "";
                    IProgressItem epochs = Epochs(end.Epochs);
                    epochs.Update(end.Epoch, end.Epochs, $"training {_model}: epoch {end.Epoch}/{end.Epochs}{accuracy}");
                    if (end.IsLast) epochs.Complete();
                    break;
            }
        }

        /// <summary>Marks both items finished (the run may end early).</summary>
        public void Complete()
        {
            _batches?.Complete();
            _epochs?.Complete();
        }

        private IProgressItem Epochs(int epochs) => _epochs ??= _session.Add($"training {_model}", epochs);

        private IProgressItem Batches(int batches) => _batches ??= _session.Add("epoch", batches);

        private static string Number(double value) => double.IsNaN(value) ? "-" : value.ToString("0.0000", CultureInfo.InvariantCulture);

        private static string Percent(double value) => double.IsNaN(value) ? "-" : (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }
}
