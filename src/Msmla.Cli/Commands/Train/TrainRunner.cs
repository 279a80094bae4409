using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Cli.Progress;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;
using Msmla.Data;
using Msmla.Core.IO;
using Msmla.Data.Transforms;
using Msmla.Models;
using Msmla.Models.Training;
using Msmla.Plotting;

namespace Msmla.Cli.Commands.Train
{
    /// <summary>
    /// The work of <c>msmla train</c>: readers (Msmla.Data) with the recipe's augmentation, <see cref="LczTrainer"/>, then
    /// the model, history, plots, validation metrics and the options used, in the run directory.
    /// </summary>
    internal static class TrainRunner
    {
        /// <summary>Trains and writes the run directory.</summary>
        public static int Run(CommandContext context, TrainSettings settings)
        {
            ILogger logger = context.Logger("msmla.train");
            RunDirectoryGuard.Check(settings);
            TrainingCheckpointInfo? checkpoint = settings.Resume != null ? ReadCheckpoint(settings.Resume) : null;
            if (checkpoint != null) settings = settings with { Selection = ForResume(settings.Selection, checkpoint, logger) };
            using OpenedData training = settings.Selection.Open(settings.TrainFile, requireLabels: true, logger, context.Cancellation);
            using OpenedData? validation = settings.ValidationFile != null
                ? settings.Selection.Open(settings.ValidationFile, requireLabels: true, logger, context.Cancellation)
                : null;
            if (validation != null) CheckSameShape(training, validation, settings);

            TrainingPlan plan = checkpoint != null
                ? TrainingPlanner.ForResume(settings, checkpoint)
                : TrainingPlanner.ForNewRun(settings, training.Source.Info, logger);
            CheckBatchSizes(settings, plan, training, validation, logger);

            using LczModel model = LczModels.Create(plan.Model.Architecture, plan.Model.Options);
            if (settings.Overwrite) RunDirectoryFiles.RemoveEarlierRun(settings.OutputDirectory, logger);
            try
            {
                return Train(context, settings, plan, model, training, validation);
            }
            catch (TrainingDivergedException e)
            {
                string last = Path.Combine(settings.OutputDirectory, RunDirectoryFiles.Checkpoints, RunDirectory.LastFile);
                throw CliException.Runtime(
                    $"Training diverged: the mean training loss of epoch {e.Epoch} is {e.Loss.ToString(CultureInfo.InvariantCulture)} after batch {e.Batch}. " +
                    "Check the data for non-finite or extreme values (--normalize), or train again with the gradients clipped (--clip-norm <max norm>; " +
                    $"1.0 is a common start) or a lower learning rate (--trainer-options), with --overwrite to reuse {settings.OutputDirectory}." +
                    (File.Exists(last) ? $" {last} holds the last finite epoch." : ""), e);
            }
            catch (Exception e) when (DiskFull.Is(e))
            {
                // The trainer replaces last.ckpt only once a new one is complete (and writes it before best.ckpt), so a run
                // stopped by a full disk resumes from its last complete epoch.
                string last = Path.Combine(settings.OutputDirectory, RunDirectoryFiles.Checkpoints, RunDirectory.LastFile);
                throw CliException.Runtime($"the disk is full: {e.Message}" + (File.Exists(last)
                    ? $". The last complete checkpoint is {last}; free some space, then continue with: {ResumeCommand(settings)}"
                    : "; free some space and run again."), e);
            }
        }

        private static int Train(CommandContext context, TrainSettings settings, TrainingPlan plan, LczModel model, OpenedData training, OpenedData? validation)
        {
            IPatchSource trainingSource = plan.Augmentation is { IsIdentity: false } augmentation
                ? training.Source.Augment(augmentation, plan.Trainer.Seed)
                : training.Source;
            WriteOptions(settings, plan, model, InputPipeline.FromSource(trainingSource.Info));
            var trainer = new LczTrainer(model, plan.Trainer, context.Logger("msmla.trainer"));
            TrainingHistory history = context.Progress.Run(session =>
            {
                var reporter = new TrainingProgressReporter(session, model.Info.Name);
                TrainingHistory h = settings.Resume != null
                    ? trainer.Resume(settings.Resume, trainingSource, validation?.Source, reporter, context.Cancellation)
                    : trainer.Fit(trainingSource, validation?.Source, reporter, context.Cancellation);
                reporter.Complete();
                return h;
            });

            var files = new List<string>();
            string modelPath = Path.Combine(settings.OutputDirectory, RunDirectoryFiles.Model);
            LczModels.Save(model, modelPath, trainer.Input);
            files.Add(modelPath);
            string bestModel = Path.Combine(plan.Trainer.Checkpoint!.Directory, "best-model.dat");
            string? bestPath = history.BestEpoch > 0 && File.Exists(bestModel) ? bestModel : null;
            if (bestPath != null) files.Add(bestPath);
            files.AddRange(WriteHistory(settings.OutputDirectory, history, model.Info.Name));

            object? metrics = null;
            if (validation != null && history.Epochs.Count > 0 && history.StopReason != TrainingStopReason.Cancelled)
                metrics = EvaluateOnValidation(context, settings, plan, model, bestPath, validation, files);

            Report(context, settings, model, history, files, metrics);
            if (history.StopReason == TrainingStopReason.Cancelled)
            {
                context.Console.Error.WriteLine($"msmla: training cancelled after {history.Epochs.Count} epoch{(history.Epochs.Count == 1 ? "" : "s")}; continue with: {ResumeCommand(settings)}");
                return ExitCodes.Cancelled;
            }
            return ExitCodes.Success;
        }

        /// <summary>The command line that continues the run of <paramref name="settings"/> from its last checkpoint.</summary>
        private static string ResumeCommand(TrainSettings settings) =>
            $"msmla train --resume {Path.Combine(settings.OutputDirectory, RunDirectoryFiles.Checkpoints)} " +
            $"--train {settings.TrainFile}{(settings.ValidationFile != null ? " --validation " + settings.ValidationFile : "")} --output {settings.OutputDirectory}";

        /// <summary>
        /// Refuses a training or validation batch whose input tensor would be too large (<see cref="BatchSizeLimit"/>); a batch
        /// larger than the data is read as one batch of the data.
        /// </summary>
        private static void CheckBatchSizes(TrainSettings settings, TrainingPlan plan, OpenedData training, OpenedData? validation, ILogger logger)
        {
            TrainerOptions trainer = plan.Trainer;
            string source = settings.BatchSize != null ? "--batch-size"
                : settings.TrainerOptionsFile != null ? $"BatchSize of {settings.TrainerOptionsFile}"
                : settings.Resume != null ? $"the batch size of {settings.Resume}"
                : "the recipe's batch size";
            PatchSourceInfo t = training.Source.Info;
            BatchSizeLimit.Check($"{source} {trainer.BatchSize}", settings.BatchSize != null, trainer.BatchSize, t.Count, t.Channels, t.Height, t.Width);
            if (trainer.BatchSize > t.Count)
                logger.LogInformation("The batch size {BatchSize} is more than the {Count} training patches: each epoch is one batch of {Count}", trainer.BatchSize, t.Count, t.Count);
            if (validation == null) return;
            PatchSourceInfo v = validation.Source.Info;
            int validationBatch = trainer.ValidationBatchSize ?? trainer.BatchSize;
            string validationSource = trainer.ValidationBatchSize != null ? "ValidationBatchSize" : source;
            BatchSizeLimit.Check($"{validationSource} {validationBatch} (validation)", settings.BatchSize != null && trainer.ValidationBatchSize == null,
                validationBatch, v.Count, v.Channels, v.Height, v.Width);
        }

        private static MetricsSummary EvaluateOnValidation(CommandContext context, TrainSettings settings, TrainingPlan plan, LczModel trained,
            string? bestPath, OpenedData validation, List<string> files)
        {
            // The best epoch's model when there is one, else the final weights (which the trained model holds).
            string evaluatedPath = bestPath ?? Path.Combine(settings.OutputDirectory, RunDirectoryFiles.Model);
            LczModel? best = bestPath != null ? LczModels.Load(bestPath) : null;
            try
            {
                LczModel evaluated = best ?? trained;
                var trainer = new LczTrainer(evaluated, plan.Trainer with { Checkpoint = null }, context.Logger("msmla.trainer"));
                EvaluationResult evaluation = context.Progress.Run(session =>
                    trainer.Evaluate(validation.Source, new TrainingProgressReporter(session, evaluated.Info.Name), context.Cancellation));
                files.AddRange(MetricsFiles.Write(settings.OutputDirectory, evaluation.Metrics, evaluation.ConfusionMatrix,
                    $"{evaluated.Info.Name} ({Path.GetFileName(evaluatedPath)}) on {Path.GetFileName(settings.ValidationFile)}"));
                if (!settings.Json)
                {
                    context.Console.Out.WriteLine($"Validation metrics of {Path.GetFileName(evaluatedPath)} on {settings.ValidationFile}:");
                    context.Console.Out.WriteLine();
                    MetricsFiles.WriteReport(context.Console.Out, evaluation.Metrics);
                    context.Console.Out.WriteLine();
                }
                return MetricsSummary.From(evaluation.Metrics, evaluation.ConfusionMatrix);
            }
            finally
            {
                best?.Dispose();
            }
        }

        private static TrainingCheckpointInfo ReadCheckpoint(string path)
        {
            if (!File.Exists(path) && !Directory.Exists(path)) throw CliException.Input($"The checkpoint {path} does not exist.");
            return LczTrainer.ReadCheckpoint(path);
        }

        private static void CheckSameShape(OpenedData training, OpenedData validation, TrainSettings settings)
        {
            PatchSourceInfo t = training.Source.Info, v = validation.Source.Info;
            if (t.Channels != v.Channels || t.Height != v.Height || t.Width != v.Width || t.ClassCount != v.ClassCount)
                throw CliException.Input(
                    $"The validation file {settings.ValidationFile} ({v.Channels} channels, {v.Height}x{v.Width}, {v.ClassCount} classes) does not match " +
                    $"the training file {settings.TrainFile} ({t.Channels} channels, {t.Height}x{t.Width}, {t.ClassCount} classes).");
        }

        private static void WriteOptions(TrainSettings settings, TrainingPlan plan, LczModel model, InputPipeline input)
        {
            string modelOptions = Path.Combine(settings.OutputDirectory, RunDirectoryFiles.ModelOptions);
            string trainerOptions = Path.Combine(settings.OutputDirectory, RunDirectoryFiles.TrainerOptions);
            plan.Model.Write(modelOptions);
            plan.Trainer.Save(trainerOptions);
            PatchFileLayout layout = settings.Selection.Layout ?? PatchFileLayout.So2Sat;
            TorchThreadCounts threads = plan.Trainer.Threads.Resolve();
            string reproduce = $"msmla train --options {modelOptions} --trainer-options {trainerOptions} --train {settings.TrainFile}" +
                (settings.ValidationFile != null ? $" --validation {settings.ValidationFile}" : "") +
                $" --layout {layout.ToString().ToLowerInvariant()} --bands {string.Join(",", input.Bands)}" +
                $" --normalize {input.Normalization.Name} --augment {AugmentationChoice.NameOf(plan.Augmentation)} --threads {threads.IntraOp} --output <dir>";
            var manifest = new RunManifest("msmla", Version(), ModelNames.IdOf(model.Architecture), settings.TrainFile, settings.ValidationFile,
                layout.ToString().ToLowerInvariant(), input, plan.RecipeName, plan.Augmentation, plan.Trainer.Seed, threads, TorchRuntime.Status?.OpenMp.Setting, settings.Resume, modelOptions, trainerOptions, reproduce);
            string json = JsonSerializer.Serialize(manifest, CliJson.Output) + Environment.NewLine;
            AtomicFile.WriteAllText(Path.Combine(settings.OutputDirectory, RunDirectoryFiles.Manifest), json);
        }

        /// <summary>
        /// The data selection of a resumed run: the bands and normalisation its checkpoint records unless the command line
        /// gives them (the trainer refuses data prepared otherwise than the run's, naming both).
        /// </summary>
        private static DataSelection ForResume(DataSelection given, TrainingCheckpointInfo checkpoint, ILogger logger)
        {
            if (checkpoint.Input is not { } recorded)
            {
                logger.LogWarning("{Checkpoint} records no input pipeline (written by an older version): the bands, normalisation and augmentation come from the command line only",
                    checkpoint.Path);
                return given;
            }
            logger.LogInformation("Reading the data as the run being resumed did: {Input}", recorded.Describe());
            return given with { Bands = given.Bands ?? recorded.Bands, Normalization = given.Normalization ?? recorded.Normalization };
        }

        private static IEnumerable<string> WriteHistory(string directory, TrainingHistory history, string modelName)
        {
            string csv = Path.Combine(directory, RunDirectoryFiles.HistoryCsv);
            string json = Path.Combine(directory, RunDirectoryFiles.HistoryJson);
            history.WriteCsv(csv);
            history.WriteJson(json);
            yield return csv;
            yield return json;
            if (history.Epochs.Count > 0)
            {
                string png = Path.Combine(directory, RunDirectoryFiles.LearningCurves);
                new LearningCurvePlot(history, new LearningCurvePlotOptions { Title = modelName }).SavePng(png);
                yield return png;
            }
        }

        private static void Report(CommandContext context, TrainSettings settings, LczModel model, TrainingHistory history, IReadOnlyList<string> files, object? metrics)
        {
            EpochRecord? best = history.Best;
            EpochRecord? last = history.Epochs.Count > 0 ? history.Epochs[^1] : null;
            if (settings.Json)
            {
                CliJson.Write(context.Console.Out, new
                {
                    model = ModelNames.IdOf(model.Architecture),
                    output = settings.OutputDirectory,
                    epochs = history.Epochs.Count,
                    stopReason = history.StopReason,
                    stopDecision = history.StopDecision,
                    bestEpoch = history.BestEpoch,
                    bestMonitor = history.BestMonitor,
                    last,
                    best,
                    validationMetrics = metrics,
                    files,
                });
                return;
            }
            TextWriter output = context.Console.Out;
            output.WriteLine($"Trained {model.Info.Name} for {history.Epochs.Count} epoch{(history.Epochs.Count == 1 ? "" : "s")} ({history.StopReason}).");
            if (history.StopDecision is { } decision) output.WriteLine($"Stopped early by {decision}.");
            if (last != null)
                output.WriteLine($"Last epoch: loss {last.TrainingLoss:0.0000}, accuracy {MetricsFiles.Percent(last.TrainingAccuracy)}" +
                    (last.ValidationAccuracy is double v ? $", validation loss {last.ValidationLoss:0.0000}, validation accuracy {MetricsFiles.Percent(v)}" : ""));
            if (best != null) output.WriteLine($"Best epoch: {best.Epoch} by {history.BestMonitor} ({best.Value(history.BestMonitor):0.0000})");
            output.WriteLine();
            foreach (string file in files) output.WriteLine("Wrote " + file);
        }

        private static string Version() =>
            typeof(TrainRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
    }
}
