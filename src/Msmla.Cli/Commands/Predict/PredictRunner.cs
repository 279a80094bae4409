using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Data.Classification;
using Msmla.Models.Inference;

namespace Msmla.Cli.Commands.Predict
{
    /// <summary>The work of <c>msmla predict</c>: <see cref="LczClassifier.Predict"/> of the saved model on the file, then <see cref="PredictionCsv"/>.</summary>
    internal static class PredictRunner
    {
        /// <summary>Predicts, writes the CSV and reports.</summary>
        public static int Run(CommandContext context, PredictSettings settings)
        {
            ILogger logger = context.Logger("msmla.predict");
            ModelDataSettings model = settings.Model;
            OutputGuard.CheckFile(settings.Output, "--output", SavedModel.Inputs(model));
            using LczClassifier classifier = SavedModel.Open(context, model);
            PredictionResult result = SavedModel.Run(context, classifier, model, requireLabels: false, "predicting with",
                (file, progress) => classifier.Predict(file, progress, context.Cancellation));
            IReadOnlyList<string> classes = classifier.ClassNames;
            PredictionCsv.Write(settings.Output, result, classes);
            logger.LogInformation("Wrote {Count} predictions to {Output}", result.Count, settings.Output);

            long[] counts = new long[classes.Count];
            foreach (int label in result.Labels) counts[label]++;
            double? accuracy = result.TrueLabels is { } truth
                ? result.Labels.Zip(truth).Count(p => p.First == p.Second) / (double)System.Math.Max(1, result.Count)
                : null;

            if (model.Json)
            {
                CliJson.Write(context.Console.Out, new
                {
                    model = ModelNames.IdOf(classifier.Model.Architecture),
                    weights = model.Weights.Name,
                    data = model.Data,
                    output = settings.Output,
                    input = classifier.Input,
                    normalization = classifier.Input.Normalization.Name,
                    patches = result.Count,
                    testTimeAugmentation = model.Prediction.TestTimeAugmentation,
                    predictedPerClass = classes.Select((c, i) => new { code = c, count = counts[i] }).ToArray(),
                    overallAccuracy = accuracy,
                });
                return ExitCodes.Success;
            }
            TextWriter output = context.Console.Out;
            output.WriteLine($"Predicted {result.Count} patches of {model.Data} with {classifier.Model.Info.Name}; input {classifier.Input.Describe()}" +
                $"{(model.Prediction.TestTimeAugmentation ? "; test-time augmentation" : "")}.");
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
