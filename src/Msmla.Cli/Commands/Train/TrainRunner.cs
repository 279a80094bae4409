using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Cli.Progress;
using Msmla.Core.Data;
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
        /// <summary>The final weights.</summary>
        public const string ModelFile = "model.dat";

        /// <summary>The best epoch's weights.</summary>
        public const string BestFile = "best.dat";

        /// <summary>Trains and writes the run directory.</summary>
        public static int Run(CommandContext context, TrainSettings settings)
        {
            ILogger logger = context.Logger("msmla.train");
            ResumedRun? previous = settings.Resume != null ? ResumedRun.Find(settings.Resume) : null;
            if (settings.Resume != null) settings = ResumedRun.Apply(settings, previous, logger);
            Directory.CreateDirectory(settings.OutputDirectory);
            using OpenedData training = settings.Selection.Open(settings.TrainFile, requireLabels: true, logger, context.Cancellation);
            using OpenedData? validation = settings.ValidationFile != null
                ? settings.Selection.Open(settings.ValidationFile, requireLabels: true, logger, context.Cancellation)
                : null;
            if (validation != null) CheckSameShape(training, validation, settings);

            TrainingCheckpointInfo? checkpoint = settings.Resume != null ? ReadCheckpoint(settings.Resume) : null;
            TrainingPlan plan = checkpoint != null
                ? TrainingPlanner.ForResume(settings, checkpoint, previous, logger)
                : TrainingPlanner.ForNewRun(settings, training.Source.Info, logger);

            using LczModel model = LczModels.Create(plan.Model.Architecture, plan.Model.Options);
            DataSelection.CheckFits(training.Source.Info, settings.TrainFile, model.Info, model.Options.Classes);
            WriteOptions(settings, plan, model);

            IPatchSource trainingSource = plan.Augmentation is { IsIdentity: false } augmentation
                ? training.Source.Augment(augmentation, plan.Trainer.Seed)
                : training.Source;
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
            string modelPath = Path.Combine(settings.OutputDirectory, ModelFile);
            LczModels.Save(model, modelPath, metadata: ModelNormalization.Metadata(settings.Selection.EffectiveNormalization));
            files.Add(modelPath);
            string? bestPath = SaveBest(settings, plan, history, files);
            files.AddRange(WriteHistory(settings.OutputDirectory, history, model.Info.Name));

            object? metrics = null;
            if (validation != null && history.Epochs.Count > 0 && history.StopReason != TrainingStopReason.Cancelled)
                metrics = EvaluateOnValidation(context, settings, plan, model, bestPath ?? modelPath, validation, files);

            Report(context, settings, model, history, files, metrics);
            if (history.StopReason == TrainingStopReason.Cancelled)
            {
                context.Console.Error.WriteLine(
                    $"msmla: training cancelled after {history.Epochs.Count} epochs; continue with: msmla train --resume {Path.Combine(settings.OutputDirectory, TrainingPlanner.CheckpointDirectory)} " +
                    $"--train {settings.TrainFile}{(settings.ValidationFile != null ? " --validation " + settings.ValidationFile : "")} --output {settings.OutputDirectory}");
                return ExitCodes.Cancelled;
            }
            return ExitCodes.Success;
        }

        private static MetricsSummary EvaluateOnValidation(CommandContext context, TrainSettings settings, TrainingPlan plan, LczModel trained,
            string evaluatedPath, OpenedData validation, List<string> files)
        {
            // The best epoch's weights when there are some, else the final weights (which the trained model holds).
            LczModel? best = evaluatedPath.EndsWith(BestFile, StringComparison.Ordinal) ? LczModels.Load(evaluatedPath) : null;
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

        private static void WriteOptions(TrainSettings settings, TrainingPlan plan, LczModel model)
        {
            string modelOptions = Path.Combine(settings.OutputDirectory, "model-options.json");
            string trainerOptions = Path.Combine(settings.OutputDirectory, "trainer-options.json");
            plan.Model.Write(modelOptions);
            plan.Trainer.Save(trainerOptions);
            string augment = plan.Augmentation == null ? "none"
                : plan.Augmentation == AugmentationOptions.MsmlaRecipe || plan.Augmentation.MaxRotationDegrees > 0 ? "msmla"
                : plan.Augmentation.Rotate90 ? "dihedral" : "flips";
            string reproduce = $"msmla train --options {modelOptions} --trainer-options {trainerOptions} --train {settings.TrainFile}" +
                (settings.ValidationFile != null ? $" --validation {settings.ValidationFile}" : "") +
                $" --layout {(settings.Selection.Layout == DataLayout.Msmla ? "msmla" : "so2sat")}" +
                (settings.Selection.Bands != null ? $" --bands {string.Join(",", settings.Selection.Bands)}" : "") +
                $" --normalize {NormalizationNames.Of(settings.Selection.EffectiveNormalization)} --augment {augment} --output <dir>";
            var manifest = new RunManifest("msmla", Version(), ModelNames.IdOf(model.Architecture), settings.TrainFile, settings.ValidationFile,
                settings.Selection.Layout.ToString().ToLowerInvariant(), model.Info.BandOrder.ToArray(), NormalizationNames.Of(settings.Selection.EffectiveNormalization),
                plan.RecipeName, plan.Augmentation, plan.Trainer.Seed, settings.Resume, modelOptions, trainerOptions, reproduce);
            AtomicFile.WriteAllText(Path.Combine(settings.OutputDirectory, "run.json"), JsonSerializer.Serialize(manifest, CliJson.Output) + Environment.NewLine);
        }

        private static string? SaveBest(TrainSettings settings, TrainingPlan plan, TrainingHistory history, List<string> files)
        {
            string bestCheckpoint = Path.Combine(settings.OutputDirectory, TrainingPlanner.CheckpointDirectory, "best.ckpt");
            if (history.BestEpoch == 0 || !File.Exists(bestCheckpoint)) return null;
            using LczModel best = LczModels.Create(plan.Model.Architecture, plan.Model.Options);
            LczTrainer.LoadWeights(bestCheckpoint, best);
            string path = Path.Combine(settings.OutputDirectory, BestFile);
            LczModels.Save(best, path, metadata: ModelNormalization.Metadata(settings.Selection.EffectiveNormalization));
            files.Add(path);
            return path;
        }

        private static IEnumerable<string> WriteHistory(string directory, TrainingHistory history, string modelName)
        {
            string csv = Path.Combine(directory, "history.csv");
            string json = Path.Combine(directory, "history.json");
            history.WriteCsv(csv);
            history.WriteJson(json);
            yield return csv;
            yield return json;
            if (history.Epochs.Count > 0)
            {
                string png = Path.Combine(directory, "learning-curves.png");
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
            output.WriteLine($"Trained {model.Info.Name} for {history.Epochs.Count} epochs ({history.StopReason}).");
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
