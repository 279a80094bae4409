using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Progress;
using Msmla.Core.Data;
using Msmla.Data;
using Msmla.Data.Classification;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>Opens the saved model of <c>evaluate</c> and <c>predict</c> as an <see cref="LczClassifier"/> and runs it over a file with a progress bar.</summary>
    internal static class SavedModel
    {
        /// <summary>The classifier of <see cref="ModelDataSettings.Weights"/> with the command line's overrides.</summary>
        /// <exception cref="CliException">The weights file does not exist (input error).</exception>
        public static LczClassifier Open(CommandContext context, ModelDataSettings settings) =>
            settings.Weights.Open(settings.Selection.ClassifierOptions(settings.Prediction), context.Loggers);

        /// <summary>The files a command that applies a saved model reads: the weights, their sidecar and the data file.</summary>
        public static IReadOnlyList<CommandInput> Inputs(ModelDataSettings settings) =>
            settings.Weights.Inputs("--weights").Append(new CommandInput("the data file given with --data", settings.Data)).ToList();

        /// <summary>Opens the data file with the model's bands and runs <paramref name="work"/> over it with a progress bar named <paramref name="activity"/>.</summary>
        public static T Run<T>(CommandContext context, LczClassifier classifier, ModelDataSettings settings, bool requireLabels, string activity,
            System.Func<IPatchSource, System.IProgress<long>, T> work)
        {
            using Hdf5PatchSource file = classifier.OpenFile(settings.Data, settings.Selection.Layout, requireLabels, context.Cancellation);
            if (file.Info.Count == 0) throw CliException.Input($"{settings.Data} holds no patches (its datasets have 0 rows).");
            int batchSize = settings.Prediction.BatchSize;
            BatchSizeLimit.Check($"--batch-size {batchSize}", fromCommandLine: true, batchSize, file.Info.Count, file.Info.Channels, file.Info.Height, file.Info.Width);
            if (batchSize > file.Info.Count)
                context.Logger("msmla").LogDebug("--batch-size {BatchSize} is more than the {Count} patches of {File}: they go through in one batch", batchSize, file.Info.Count, settings.Data);
            return context.Progress.Run(session =>
            {
                IProgressItem item = session.Add($"{activity} {classifier.Model.Info.Name}", file.Info.Count);
                T result = work(file, new CallbackProgress<long>(done => item.Update(done)));
                item.Complete();
                return result;
            });
        }
    }
}
