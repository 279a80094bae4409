using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Cli.Progress;
using Msmla.Core.Metrics;
using Msmla.Models;
using Msmla.Models.Inference;
using Msmla.Models.Weights;

namespace Msmla.Cli.Commands.Evaluate
{
    /// <summary>The work of <c>msmla evaluate</c>: <see cref="LczModels.Load"/>, a reader, <see cref="LczPredictor"/> and Msmla.Core's metrics.</summary>
    internal static class EvaluateRunner
    {
        /// <summary>Evaluates and reports.</summary>
        public static int Run(CommandContext context, EvaluateSettings settings)
        {
            ILogger logger = context.Logger("msmla.evaluate");
            if (!File.Exists(settings.Weights)) throw CliException.Input($"The weights file {settings.Weights} does not exist.");
            LczModelFileInfo sidecar = LczModels.ReadFileInfo(settings.Weights);
            using LczModel model = LczModels.Load(settings.Weights);
            DataSelection selection = ModelNormalization.Resolve(settings.Selection, sidecar, settings.Weights, logger).ForModel(model.Info);
            using OpenedData data = selection.Open(settings.Data, requireLabels: true, logger, context.Cancellation);
            DataSelection.CheckFits(data.Source.Info, settings.Data, model.Info, model.Options.Classes);

            var options = new PredictionOptions { Device = settings.Device, BatchSize = settings.BatchSize, TestTimeAugmentation = settings.TestTimeAugmentation };
            using var predictor = new LczPredictor(model, options, context.Loggers.CreateLogger<LczPredictor>());
            PredictionResult result = context.Progress.Run(session =>
            {
                IProgressItem item = session.Add($"evaluating {model.Info.Name}", data.Source.Info.Count);
                PredictionResult r = predictor.Predict(data.Source, new CallbackProgress<long>(done => item.Update(done)), context.Cancellation);
                item.Complete();
                return r;
            });

            var matrix = new ConfusionMatrix(model.Options.Classes);
            matrix.Add(ToArray(result.TrueLabels!), ToArray(result.Labels));
            ClassificationMetrics metrics = ClassificationMetrics.Compute(matrix);
            logger.LogInformation("{Model} on {Data}: {Metrics}", model.Info.Name, settings.Data, metrics);

            IReadOnlyList<string> files = settings.OutputDirectory != null
                ? MetricsFiles.Write(settings.OutputDirectory, metrics, matrix, $"{model.Info.Name} on {Path.GetFileName(settings.Data)}")
                : System.Array.Empty<string>();

            if (settings.Json)
            {
                CliJson.Write(context.Console.Out, new
                {
                    model = ModelNames.IdOf(model.Architecture),
                    modelName = model.Info.Name,
                    weights = settings.Weights,
                    data = settings.Data,
                    normalization = NormalizationNames.Of(selection.EffectiveNormalization),
                    testTimeAugmentation = settings.TestTimeAugmentation,
                    metrics = MetricsSummary.From(metrics, matrix),
                    files,
                });
                return ExitCodes.Success;
            }
            TextWriter output = context.Console.Out;
            output.WriteLine($"{model.Info.Name} ({settings.Weights}) on {settings.Data}: {metrics.Total} patches, normalisation {NormalizationNames.Of(selection.EffectiveNormalization)}" +
                (settings.TestTimeAugmentation ? ", test-time augmentation" : ""));
            output.WriteLine();
            MetricsFiles.WriteReport(output, metrics);
            if (files.Count > 0)
            {
                output.WriteLine();
                foreach (string file in files) output.WriteLine("Wrote " + file);
            }
            return ExitCodes.Success;
        }

        private static int[] ToArray(IReadOnlyList<int> values)
        {
            var array = new int[values.Count];
            for (int i = 0; i < array.Length; i++) array[i] = values[i];
            return array;
        }
    }
}
