using Microsoft.Extensions.Logging;
using Msmla.Cli.Progress;
using Msmla.Models;
using Msmla.Models.Inference;
using Msmla.Models.Weights;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// What <c>evaluate</c> and <c>predict</c> share: load a saved model, read a file with the normalisation its sidecar
    /// records (unless <c>--normalize</c> says otherwise), check that the data fit the model, and predict every patch with
    /// a progress bar. The caller disposes the run (it owns the model).
    /// </summary>
    internal sealed class ModelPredictionRun : System.IDisposable
    {
        private ModelPredictionRun(LczModelFileInfo sidecar, LczModel model, DataSelection selection, PredictionResult result)
        {
            Sidecar = sidecar;
            Model = model;
            Selection = selection;
            Result = result;
        }

        /// <summary>The model's sidecar.</summary>
        public LczModelFileInfo Sidecar { get; }

        /// <summary>The loaded model.</summary>
        public LczModel Model { get; }

        /// <summary>The selection the data were read with (its normalisation decided).</summary>
        public DataSelection Selection { get; }

        /// <summary>The probabilities and labels of every patch.</summary>
        public PredictionResult Result { get; }

        /// <summary>Loads <paramref name="weights"/>, reads <paramref name="data"/> and predicts it; <paramref name="activity"/> names the progress bar ("evaluating").</summary>
        /// <exception cref="CliException">The weights or data file is missing or does not fit the model.</exception>
        public static ModelPredictionRun Execute(CommandContext context, string weights, string data, DataSelection selection, bool requireLabels,
            PredictionOptions options, string activity, ILogger logger)
        {
            if (!System.IO.File.Exists(weights)) throw CliException.Input($"The weights file {weights} does not exist.");
            LczModelFileInfo sidecar = LczModels.ReadFileInfo(weights);
            LczModel model = LczModels.Load(weights);
            try
            {
                DataSelection resolved = ModelNormalization.Resolve(selection, sidecar, weights, logger).ForModel(model.Info);
                using OpenedData opened = resolved.Open(data, requireLabels, logger, context.Cancellation);
                DataSelection.CheckFits(opened.Source.Info, data, model.Info, model.Options.Classes);
                using var predictor = new LczPredictor(model, options, context.Loggers.CreateLogger<LczPredictor>());
                PredictionResult result = context.Progress.Run(session =>
                {
                    IProgressItem item = session.Add($"{activity} {model.Info.Name}", opened.Source.Info.Count);
                    PredictionResult r = predictor.Predict(opened.Source, new CallbackProgress<long>(done => item.Update(done)), context.Cancellation);
                    item.Complete();
                    return r;
                });
                return new ModelPredictionRun(sidecar, model, resolved, result);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        /// <summary>Disposes the model.</summary>
        public void Dispose() => Model.Dispose();
    }
}
