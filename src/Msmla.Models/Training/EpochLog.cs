using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace Msmla.Models.Training
{
    /// <summary>The one information line the trainer logs per epoch, with every metric of its record.</summary>
    internal static class EpochLog
    {
        /// <summary>Logs <paramref name="r"/>; <paramref name="best"/> names the monitor when the epoch is the best so far.</summary>
        public static void Write(ILogger logger, EpochRecord r, int epochs, TrainingMonitor? best)
        {
            string mark = best is TrainingMonitor monitor ? $" (best {monitor})" : "";
            string logged = string.Concat(r.Logged.Select(v => string.Create(CultureInfo.InvariantCulture, $" {v.Key} {v.Value:0.0000}")));
            if (r.ValidationLoss is double validationLoss)
            {
                logger.LogInformation(
                    "Epoch {Epoch}/{Epochs}: lr {LearningRate:G6} loss {Loss:0.0000} accuracy {Accuracy:0.0000} val_loss {ValidationLoss:0.0000} " +
                    "OA {OA:0.0000} AA {AA:0.0000} kappa {Kappa:0.0000} macroF1 {MacroF1:0.0000} weightedF1 {WeightedF1:0.0000}{Lcz}{Logged} " +
                    "[{Duration:0.0} s, {Rate:0} samples/s]{Best}",
                    r.Epoch, epochs, r.LearningRate, r.TrainingLoss, r.TrainingAccuracy, validationLoss,
                    r.ValidationAccuracy, r.ValidationAverageAccuracy, r.ValidationKappa, r.ValidationMacroF1, r.ValidationWeightedF1,
                    r.ValidationLczWeightedAccuracy is double wa
                        ? string.Create(CultureInfo.InvariantCulture, $" WA {wa:0.0000} OA_BU {r.ValidationBuiltUpAccuracy:0.0000} OA_N {r.ValidationNaturalAccuracy:0.0000}")
                        : "",
                    logged, r.DurationSeconds, r.SamplesPerSecond, mark);
            }
            else
            {
                logger.LogInformation("Epoch {Epoch}/{Epochs}: lr {LearningRate:G6} loss {Loss:0.0000} accuracy {Accuracy:0.0000}{Logged} [{Duration:0.0} s, {Rate:0} samples/s]{Best}",
                    r.Epoch, epochs, r.LearningRate, r.TrainingLoss, r.TrainingAccuracy, logged, r.DurationSeconds, r.SamplesPerSecond, mark);
            }
        }
    }
}
