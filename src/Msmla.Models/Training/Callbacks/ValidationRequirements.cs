using System.Collections.Generic;
using System.Linq;

namespace Msmla.Models.Training.Callbacks
{
    /// <summary>"This monitor needs a validation source", in one place for the options, the trainer and the CLI.</summary>
    internal static class ValidationRequirements
    {
        /// <summary>
        /// One phrase per callback that watches a validation value, for example "early stopping on ValidationLoss"; empty
        /// when none does.
        /// </summary>
        public static IReadOnlyList<string> Of(IEnumerable<ITrainingCallback> callbacks) =>
            callbacks.OfType<IMonitoringCallback>()
                .Where(c => c.Monitor.NeedsValidation)
                .Select(c => $"{c.Purpose} on {c.Monitor}")
                .ToArray();
    }
}
