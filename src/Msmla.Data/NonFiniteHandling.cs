using System.Text.Json.Serialization;

namespace Msmla.Data
{
    /// <summary>What a reader does when a patch holds NaN or infinite values (or values beyond float32 range).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<NonFiniteHandling>))]
    public enum NonFiniteHandling
    {
        /// <summary>Throw a <see cref="PatchDataException"/> naming the file, dataset, patch and band.</summary>
        Fail,

        /// <summary>Keep the values, count them in the reader's report and log a warning.</summary>
        Report,

        /// <summary>Do not check (slightly faster; for data known to be clean).</summary>
        Ignore,
    }
}
