using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Models;
using Msmla.Models.Inference;

namespace Msmla.Cli.Commands.Predict
{
    /// <summary>The work of <c>msmla predict</c>: a <see cref="ModelPredictionRun"/>, then <see cref="PredictionCsv"/>.</summary>
    internal static class PredictRunner
    {
        /// <summary>Predicts, writes the CSV and reports.</summary>
        public static int Run(CommandContext context, PredictSettings settings)
        {
            ILogger logger = context.Logger("msmla.predict");
            var options = new PredictionOptions { Device = settings.Device, BatchSize = settings.BatchSize, TestTimeAugmentation = settings.TestTimeAugmentation };
            using ModelPredictionRun run = ModelPredictionRun.Execute(context, settings.Weights, settings.Data, settings.Selection, requireLabels: false, options, "predicting with", logger);
            IReadOnlyList<string> classes = run.Sidecar.Classes;
            LczModel model = run.Model;
            DataSelection selection = run.Selection;
            PredictionResult result = run.Result;
            PredictionCsv.Write(settings.Output, result, classes);
            logger.LogInformation("Wrote {Count} predictions to {Output}", result.Count, settings.Output);

            long[] counts = new long[classes.Count];
            foreach (int label in result.Labels) counts[label]++;
            double? accuracy = result.TrueLabels is { } truth
                ? result.Labels.Zip(truth).Count(p => p.First == p.Second) / (double)System.Math.Max(1, result.Count)
                : null;

            if (settings.Json)
            {
                CliJson.Write(context.Console.Out, new
                {
                    model = ModelNames.IdOf(model.Architecture),
                    weights = settings.Weights,
                    data = settings.Data,
                    output = settings.Output,
                    normalization = NormalizationNames.Of(selection.EffectiveNormalization),
                    patches = result.Count,
                    testTimeAugmentation = settings.TestTimeAugmentation,
                    predictedPerClass = classes.Select((c, i) => new { code = c, count = counts[i] }).ToArray(),
                    overallAccuracy = accuracy,
                });
                return ExitCodes.Success;
            }
            TextWriter output = context.Console.Out;
            output.WriteLine($"Predicted {result.Count} patches of {settings.Data} with {model.Info.Name} (normalisation {NormalizationNames.Of(selection.EffectiveNormalization)}" +
                $"{(settings.TestTimeAugmentation ? ", test-time augmentation" : "")}).");
            if (accuracy is double oa) output.WriteLine($"Overall accuracy against the file's labels: {MetricsFiles.Percent(oa)}");
            output.WriteLine();
            var table = new TextTable("class", ">predicted", ">share");
            for (int i = 0; i < classes.Count; i++)
                table.Add(classes[i], counts[i].ToString(CultureInfo.InvariantCulture), MetricsFiles.Percent(counts[i] / (double)System.Math.Max(1, result.Count)));
            table.Write(output);
            output.WriteLine();
            output.WriteLine("Wrote " + settings.Output);
            return ExitCodes.Success;
        }
    }
}
