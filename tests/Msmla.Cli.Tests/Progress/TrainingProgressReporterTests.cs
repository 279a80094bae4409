using System;
using System.Collections.Generic;
using Msmla.Cli.Progress;
using Msmla.Models.Training;

namespace Msmla.Cli.Tests.Progress
{
    public class TrainingProgressReporterTests
    {
        [Fact]
        public void Epochs_AndBatches_AreTrackedAsTwoItems()
        {
            var session = new RecordingSession();
            var reporter = new TrainingProgressReporter(session, "MSMLA-18");
            reporter.Report(new TrainingBatchProgress(1, 2, 5, 10, 1.5, 0.25, 0.002, 100, null, TimeSpan.FromSeconds(1)));
            reporter.Report(new ValidationBatchProgress(1, 2, 3, 4, 1.4, 0.3, 50, null, TimeSpan.FromSeconds(1.5)));
            reporter.Report(new EpochEndProgress(1, 2, new EpochRecord { Epoch = 1, ValidationAccuracy = 0.5 }, false, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)));
            Assert.False(session.Items[0].Completed);
            reporter.Report(new EpochEndProgress(2, 2, new EpochRecord { Epoch = 2, ValidationAccuracy = 0.75 }, true, TimeSpan.Zero, TimeSpan.FromSeconds(3)));

            Assert.Equal(2, session.Items.Count);
            RecordingItem epochs = session.Items[0], batches = session.Items[1];
            Assert.Equal((2.0, 2.0), (epochs.Value, epochs.Total));
            Assert.Contains("validation accuracy 75.0%", epochs.Description);
            Assert.True(epochs.Completed);
            Assert.Equal((3.0, 4.0), (batches.Value, batches.Total));
            Assert.Contains("epoch 1/2: validating", batches.Description);
        }

        [Fact]
        public void Each_phase_has_its_own_line()
        {
            var session = new RecordingSession();
            var reporter = new TrainingProgressReporter(session, "MSMLA-18");
            reporter.Report(new PreparationProgress(1, 3, 5, TimeSpan.Zero));
            Assert.Equal(("training MSMLA-18", 5.0), (session.Items[0].Description, session.Items[0].Total));
            Assert.Equal("counting the training labels for class weights", session.Items[1].Description);
            reporter.Report(new TrainingBatchProgress(1, 5, 5, 10, 1.5, 0.25, 0.002, 100, null, TimeSpan.FromSeconds(1)));
            Assert.Equal((5.0, 10.0), (session.Items[1].Value, session.Items[1].Total));
            Assert.Contains("epoch 1/5: loss 1.5000, accuracy 25.0%, 100 patches/s", session.Items[1].Description);
            // An early stop ends the epochs item before the last epoch.
            reporter.Report(new EpochEndProgress(3, 5, new EpochRecord { Epoch = 3 }, true, TimeSpan.Zero, TimeSpan.FromSeconds(3)));
            Assert.True(session.Items[0].Completed);

            var evaluation = new RecordingSession();
            new TrainingProgressReporter(evaluation, "MSMLA-18").Report(new EvaluationProgress(2, 8, 0.5, 0.875, 10, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)));
            Assert.Single(evaluation.Items);
            Assert.Equal((2.0, 8.0), (evaluation.Items[0].Value, evaluation.Items[0].Total));
            Assert.Contains("evaluating: loss 0.5000, accuracy 87.5%", evaluation.Items[0].Description);
        }

        private sealed class RecordingSession : IProgressSession
        {
            public List<RecordingItem> Items { get; } = new();

            public IProgressItem Add(string description, double total)
            {
                var item = new RecordingItem { Description = description, Total = total };
                Items.Add(item);
                return item;
            }
        }

        private sealed class RecordingItem : IProgressItem
        {
            public string Description { get; set; } = "";
            public double Total { get; set; }
            public double Value { get; private set; }
            public bool Completed { get; private set; }

            public void Update(double value, double? total = null, string? description = null)
            {
                Value = value;
                if (total is double t) Total = t;
                if (description != null) Description = description;
            }

            public void Complete(string? description = null) => Completed = true;
        }
    }
}
