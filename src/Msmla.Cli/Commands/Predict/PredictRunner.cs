using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Cli.Progress;
using Msmla.Models;
using Msmla.Models.Inference;
using Msmla.Models.Weights;

namespace Msmla.Cli.Commands.Predict
{
    /// <summary>The work of <c>msmla predict</c>: <see cref="LczModels.Load"/>, a reader, <see cref="LczPredictor"/>, <see cref="PredictionCsv"/>.</summary>
    internal static class PredictRunner
    {
        /// <summary>Predicts, writes the CSV and reports.</summary>
        public static int Run(CommandContext context, PredictSettings settings)
        {
            ILogger logger = context.Logger("msmla.predict");
            if (!File.Exists(settings.Weights)) throw CliException.Input($"The weights file {settings.Weights} does not exist.");
            LczModelFileInfo sidecar = LczModels.ReadFileInfo(settings.Weights);
            IReadOnlyList<string> classes = sidecar.Classes;
            using LczModel model = LczModels.Load(settings.Weights);
            DataSelection selection = ModelNormalization.Resolve(settings.Selection, sidecar, settings.Weights, logger).ForModel(model.Info);
            using OpenedData data = selection.Open(settings.Data, requireLabels: false, logger, context.Cancellation);
            DataSelection.CheckFits(data.Source.Info, settings.Data, model.Info, model.Options.Classes);

            var options = new PredictionOptions { Device = settings.Device, BatchSize = settings.BatchSize, TestTimeAugmentation = settings.TestTimeAugmentation };
            using var predictor = new LczPredictor(model, options, context.Loggers.CreateLogger<LczPredictor>());
            PredictionResult result = context.Progress.Run(session =>
            {
                IProgressItem item = session.Add($"predicting with {model.Info.Name}", data.Source.Info.Count);
                PredictionResult r = predictor.Predict(data.Source, new CallbackProgress<long>(done => item.Update(done)), context.Cancellation);
                item.Complete();
                return r;
            });
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
