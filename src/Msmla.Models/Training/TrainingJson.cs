using System.Text.Json;
using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>The JSON settings of options, histories and checkpoint states: indented, enums as strings, NaN allowed.</summary>
    internal static class TrainingJson
    {
        public static readonly JsonSerializerOptions Options = new()
        {
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter() },
        };
    }
}
