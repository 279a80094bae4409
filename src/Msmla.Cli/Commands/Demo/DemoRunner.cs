using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Cli.Progress;
using Msmla.Core.Lcz;
using Msmla.Core.Preprocessing;
using Msmla.Data.Synthetic;
using Msmla.Models;
using Msmla.Models.Training;
using Msmla.Plotting;

namespace Msmla.Cli.Commands.Demo
{
    /// <summary>
    /// The work of <c>msmla demo</c>, all through the libraries: Msmla.Data's synthetic sample written as So2Sat-layout
    /// files and read back with the So2Sat reader, an MSMLA-18 trained by <see cref="LczTrainer"/> with the paper's
    /// optimiser settings, evaluated on the held-out file, and Msmla.Core's metrics and Msmla.Plotting's PNGs.
    /// </summary>
    internal static class DemoRunner
    {
        /// <summary>Runs the demo and reports on stdout.</summary>
        public static int Run(CommandContext context, DemoSettings settings)
        {
            ILogger logger = context.Logger("msmla.demo");
            var clock = Stopwatch.StartNew();
            Directory.CreateDirectory(settings.OutputDirectory);
            var sample = new SyntheticLczOptions { Seed = settings.Seed, PatchSize = settings.PatchSize };
            SyntheticSplitFiles files = Generate(context, settings, sample);
            logger.LogInformation("Synthetic sample written to {Directory} ({Seconds:0.0} s)", Path.GetDirectoryName(files.Training), clock.Elapsed.TotalSeconds);

            var selection = new DataSelection(null, null, null, null, CacheInMemory: true);
            using OpenedData training = selection.Open(files.Training, requireLabels: true, logger, context.Cancellation);
            using OpenedData validation = selection.Open(files.Validation, requireLabels: true, logger, context.Cancellation);
            using OpenedData testing = selection.Open(files.Testing, requireLabels: true, logger, context.Cancellation);

            // BatchNorm momentum 0.9 instead of Keras' 0.99: the running statistics that evaluation uses settle within the
            // demo's few hundred updates (with 0.99 they would still be mostly their initial values).
            var modelOptions = new LczModelOptions
            {
                Bands = training.Source.Info.Channels,
                Classes = LczClasses.Count,
                PatchSize = settings.PatchSize,
                Seed = settings.Seed,
                BatchNormMomentum = 0.9,
            };
            using LczModel model = LczModels.Create(LczArchitecture.Msmla18, modelOptions);
            // The paper's optimiser (Adam 0.002 with Keras' inverse-time decay) for a few epochs on the CPU; the weights of
            // the epoch with the lowest validation loss are kept (best.ckpt) and evaluated on the held-out file.
            string checkpoints = Path.Combine(settings.OutputDirectory, "checkpoints");
            TrainerOptions options = TrainingRecipes.MsmlaAsDescribed().Trainer with
            {
                Epochs = settings.Epochs,
                BatchSize = settings.BatchSize,
                Seed = settings.Seed,
                Device = Msmla.Core.Runtime.ComputeDevice.Cpu,
                Threads = settings.Threads ?? Msmla.Core.Runtime.TorchThreads.Automatic,
                Precision = settings.Precision,
                EarlyStopping = null,
                Checkpoint = new CheckpointOptions { Directory = checkpoints, BestMonitor = TrainingMonitor.ValidationLoss, SaveLast = true },
            };
            var trainer = new LczTrainer(model, options, context.Logger("msmla.trainer"));
            var trainClock = Stopwatch.StartNew();
            TrainingHistory history = context.Progress.Run(session =>
            {
                var reporter = new TrainingProgressReporter(session, model.Info.Name);
                TrainingHistory h = trainer.Fit(training.Source, validation.Source, reporter, context.Cancellation);
                reporter.Complete();
                return h;
            });
            trainClock.Stop();
            if (history.StopReason == TrainingStopReason.Cancelled)
            {
                context.Console.Error.WriteLine($"msmla: demo cancelled after {history.Epochs.Count} epoch{(history.Epochs.Count == 1 ? "" : "s")}.");
                return ExitCodes.Cancelled;
            }

            string best = Path.Combine(checkpoints, RunDirectory.BestFile);
            if (history.BestEpoch > 0 && File.Exists(best))
            {
                LczTrainer.LoadWeights(best, model);
                logger.LogInformation("Evaluating the weights of epoch {Epoch} (lowest validation loss)", history.BestEpoch);
            }
            EvaluationResult test = context.Progress.Run(session => trainer.Evaluate(testing.Source, new TrainingProgressReporter(session, model.Info.Name), context.Cancellation));
            var written = new List<string>();
            string modelPath = Path.Combine(settings.OutputDirectory, "model.dat");
            LczModels.Save(model, modelPath, trainer.Input);
            written.Add(modelPath);
            string historyCsv = Path.Combine(settings.OutputDirectory, "history.csv");
            history.WriteCsv(historyCsv);
            written.Add(historyCsv);
            string curves = Path.Combine(settings.OutputDirectory, "learning-curves.png");
            new LearningCurvePlot(history, new LearningCurvePlotOptions { Title = "MSMLA-18 on the synthetic sample" }).SavePng(curves);
            written.Add(curves);
            written.AddRange(MetricsFiles.Write(settings.OutputDirectory, test.Metrics, test.ConfusionMatrix, "MSMLA-18, held-out synthetic patches"));
            (IReadOnlyList<string> sceneFiles, double agreement) = DemoScene.Map(context, settings, modelPath);
            written.AddRange(sceneFiles);
            logger.LogInformation("Synthetic scene mapped: {Agreement:P1} of the classified cells have their region's class", agreement);
            clock.Stop();

            Report(context, settings, history, test, written, trainClock.Elapsed, clock.Elapsed);
            return ExitCodes.Success;
        }

        private static SyntheticSplitFiles Generate(CommandContext context, DemoSettings settings, SyntheticLczOptions sample)
        {
            long total = (long)settings.TrainPatches + settings.ValidationPatches + settings.TestPatches;
            return context.Progress.Run(session =>
            {
                IProgressItem item = session.Add("generating the synthetic sample", total);
                SyntheticSplitFiles files = SyntheticLczSample.WriteSplits(Path.Combine(settings.OutputDirectory, "data"), sample,
                    settings.TrainPatches, settings.ValidationPatches, settings.TestPatches, new CallbackProgress<long>(done => item.Update(done)), context.Cancellation);
                item.Complete();
                return files;
            });
        }

        private static void Report(CommandContext context, DemoSettings settings, TrainingHistory history, EvaluationResult test, IReadOnlyList<string> files,
            TimeSpan training, TimeSpan total)
        {
            var metrics = test.Metrics;
            double chance = 1.0 / LczClasses.Count;
            if (settings.Json)
            {
                CliJson.Write(context.Console.Out, new
                {
                    model = "msmla-18",
                    output = settings.OutputDirectory,
                    trainPatches = settings.TrainPatches,
                    validationPatches = settings.ValidationPatches,
                    testPatches = settings.TestPatches,
                    patchSize = settings.PatchSize,
                    epochs = history.Epochs.Count,
                    bestEpoch = history.BestEpoch,
                    seed = settings.Seed,
                    trainingSeconds = training.TotalSeconds,
                    totalSeconds = total.TotalSeconds,
                    chanceAccuracy = chance,
                    testLoss = test.Loss,
                    testMetrics = MetricsSummary.From(metrics, test.ConfusionMatrix),
                    history = history.Epochs,
                    files,
                });
                return;
            }
            TextWriter output = context.Console.Out;
            output.WriteLine($"msmla demo: MSMLA-18 trained for {history.Epochs.Count} epoch{(history.Epochs.Count == 1 ? "" : "s")} on {settings.TrainPatches} synthetic {settings.PatchSize}x{settings.PatchSize} patches " +
                $"({training.TotalSeconds:0} s of training, {total.TotalSeconds:0} s in all); evaluated with the weights of epoch {history.BestEpoch} (lowest validation loss).");
            output.WriteLine($"Held-out test set ({settings.TestPatches} patches): overall accuracy {MetricsFiles.Percent(metrics.MicroAccuracy)} " +
                $"(chance {MetricsFiles.Percent(chance)}), kappa {metrics.Kappa:0.000}.");
            output.WriteLine();
            MetricsFiles.WriteReport(output, metrics);
            output.WriteLine();
            foreach (string file in files) output.WriteLine("Wrote " + file);
        }
    }
}
