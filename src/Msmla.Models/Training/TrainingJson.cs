using System.Text.Json;
using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The JSON settings of options, histories and checkpoint states: indented, enums as strings, NaN allowed. Reading is
    /// strict about members (an unknown property, such as a misspelt <c>"BatchSise"</c>, is an error naming it and its
    /// JSON path, never silently dropped) and lenient about form: property names in any case, comments and trailing commas
    /// allowed, for hand-written option files.
    /// </summary>
    internal static class TrainingJson
    {
        public static readonly JsonSerializerOptions Options = new()
        {
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            Converters = { new JsonStringEnumConverter() },
        };
    }
}
