using System.CommandLine;
using Msmla.Models.Training;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>The <c>--precision</c> option of the commands that train (<see cref="TrainerOptions.Precision"/>).</summary>
    internal static class TrainingPrecisionArgument
    {
        /// <summary>Creates the option; <paramref name="whenAbsent"/> says what leaving it out means.</summary>
        public static Option<string?> Create(string whenAbsent)
        {
            var option = new Option<string?>("--precision")
            {
                Description = "Number formats of a training step: float32, or bf16-mixed (bfloat16 forward and backward, float32 master weights and optimizer; " +
                    $"faster on CPUs with AMX or AVX512-BF16). Default: {whenAbsent}.",
                HelpName = "float32|bf16-mixed",
            };
            option.AcceptOnlyFromAmong("float32", "bf16-mixed");
            return option;
        }

        /// <summary>The precision a value names; null when the option was not given.</summary>
        public static TrainingPrecision? Parse(string? value) => value switch
        {
            "bf16-mixed" => TrainingPrecision.BFloat16Mixed,
            "float32" => TrainingPrecision.Float32,
            _ => null,
        };
    }
}
