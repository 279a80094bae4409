using System.Collections.Generic;
using System.IO;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Data.Classification;

namespace Msmla.Cli.Commands.Evaluate
{
    /// <summary>The work of <c>msmla evaluate</c>: <see cref="LczClassifier.Evaluate"/> of the saved model on the file, then the report.</summary>
    internal static class EvaluateRunner
    {
        /// <summary>Evaluates and reports.</summary>
        public static int Run(CommandContext context, EvaluateSettings settings)
        {
            ILogger logger = context.Logger("msmla.evaluate");
            ModelDataSettings model = settings.Model;
            if (settings.OutputDirectory != null) OutputGuard.CheckDirectory(settings.OutputDirectory, "--output", MetricsFiles.Names, SavedModel.Inputs(model));
            using LczClassifier classifier = SavedModel.Open(context, model);
            LczEvaluation evaluation = SavedModel.Run(context, classifier, model, requireLabels: true, "evaluating",
                (file, progress) => classifier.Evaluate(file, progress, context.Cancellation));
            string name = classifier.Model.Info.Name;
            logger.LogInformation("{Model} on {Data}: {Metrics}", name, model.Data, evaluation.Metrics);

            IReadOnlyList<string> files = settings.OutputDirectory != null
                ? MetricsFiles.Write(settings.OutputDirectory, evaluation.Metrics, evaluation.ConfusionMatrix, $"{name} on {Path.GetFileName(model.Data)}")
                : System.Array.Empty<string>();

            if (model.Json)
            {
                CliJson.Write(context.Console.Out, new
                {
                    model = ModelNames.IdOf(classifier.Model.Architecture),
                    modelName = name,
                    weights = model.Weights.Name,
                    data = model.Data,
                    input = classifier.Input,
                    normalization = classifier.Input.Normalization.Name,
                    testTimeAugmentation = model.Prediction.TestTimeAugmentation,
                    metrics = MetricsSummary.From(evaluation.Metrics, evaluation.ConfusionMatrix),
                    files,
                });
                return ExitCodes.Success;
            }
            TextWriter output = context.Console.Out;
            output.WriteLine($"{name} ({model.Weights.Name}) on {model.Data}: {evaluation.Metrics.Total} patches; input {classifier.Input.Describe()}" +
                (model.Prediction.TestTimeAugmentation ? "; test-time augmentation" : ""));
            output.WriteLine();
            MetricsFiles.WriteReport(output, evaluation.Metrics);
            if (files.Count > 0)
            {
                output.WriteLine();
                foreach (string file in files) output.WriteLine("Wrote " + file);
            }
            return ExitCodes.Success;
        }
    }
}
