using System.CommandLine;
using Msmla.Models.Inference;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>The <c>--precision</c> option of the commands that predict (<see cref="PredictionOptions.Precision"/>).</summary>
    internal static class PrecisionArgument
    {
        /// <summary>Creates the option (default float32).</summary>
        public static Option<string> Create()
        {
            var option = new Option<string>("--precision")
            {
                Description = "Number format of inference: float32, bfloat16 (faster on CPUs with AMX or AVX512-BF16; labels agree with float32 on " +
                    "almost every patch, not all), or auto (bfloat16 only where the CPU or GPU computes it natively).",
                DefaultValueFactory = _ => "float32",
                HelpName = "float32|bfloat16|auto",
            };
            option.AcceptOnlyFromAmong("float32", "bfloat16", "auto");
            return option;
        }

        /// <summary>The precision a value names.</summary>
        public static InferencePrecision Parse(string? value) => value switch
        {
            "bfloat16" => InferencePrecision.BFloat16,
            "auto" => InferencePrecision.Auto,
            _ => InferencePrecision.Float32,
        };
    }
}
