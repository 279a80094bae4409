using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>The number formats of a training step (Lightning's <c>precision</c>: "32-true" and "bf16-mixed").</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<TrainingPrecision>))]
    public enum TrainingPrecision
    {
        /// <summary>float32 throughout (the default).</summary>
        Float32,

        /// <summary>
        /// Mixed precision: the forward and backward passes run in bfloat16 on a working copy of the model (BatchNorm, its
        /// statistics and the loss stay float32), and the optimizer updates the float32 master weights, which are what
        /// validation, checkpoints, callbacks and saved models see. Faster on CPUs with AMX or AVX512-BF16 and on CUDA
        /// devices of compute capability 8.0 or later; slower where bfloat16 is emulated.
        /// </summary>
        BFloat16Mixed,
    }
}
