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
            reporter.Report(new TrainingProgress(TrainingPhase.Training, 1, 2, 5, 10, 100, null, TimeSpan.FromSeconds(1), 1.5, 0.25, 0.002));
            reporter.Report(new TrainingProgress(TrainingPhase.EpochEnd, 1, 2, 10, 10, 100, null, TimeSpan.FromSeconds(2), 1.2, 0.3, 0.002,
                new EpochRecord { Epoch = 1, ValidationAccuracy = 0.5 }));
            reporter.Report(new TrainingProgress(TrainingPhase.EpochEnd, 2, 2, 10, 10, 100, null, TimeSpan.FromSeconds(3), 1.0, 0.4, 0.002,
                new EpochRecord { Epoch = 2, ValidationAccuracy = 0.75 }));

            Assert.Equal(2, session.Items.Count);
            RecordingItem epochs = session.Items[0], batches = session.Items[1];
            Assert.Equal((2.0, 2.0), (epochs.Value, epochs.Total));
            Assert.Contains("validation accuracy 75.0%", epochs.Description);
            Assert.True(epochs.Completed);
            Assert.Equal((5.0, 10.0), (batches.Value, batches.Total));
            Assert.Contains("epoch 1/2: loss 1.5000, accuracy 25.0%", batches.Description);
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
