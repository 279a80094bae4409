using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Core.Metrics;
using Msmla.Models;
using Msmla.Models.Inference;

namespace Msmla.Cli.Commands.Evaluate
{
    /// <summary>The work of <c>msmla evaluate</c>: a <see cref="ModelPredictionRun"/> on labelled data, then Msmla.Core's metrics.</summary>
    internal static class EvaluateRunner
    {
        /// <summary>Evaluates and reports.</summary>
        public static int Run(CommandContext context, EvaluateSettings settings)
        {
            ILogger logger = context.Logger("msmla.evaluate");
            var options = new PredictionOptions { Device = settings.Device, BatchSize = settings.BatchSize, TestTimeAugmentation = settings.TestTimeAugmentation };
            using ModelPredictionRun run = ModelPredictionRun.Execute(context, settings.Weights, settings.Data, settings.Selection, requireLabels: true, options, "evaluating", logger);
            LczModel model = run.Model;
            DataSelection selection = run.Selection;
            PredictionResult result = run.Result;

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
