using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// The JSON settings of the command line: results on stdout, and strict reading of its own option files (model
    /// options; trainer options are read by the library, <c>TrainerOptions.Load</c>, which is as strict).
    /// </summary>
    internal static class CliJson
    {
        /// <summary>
        /// Results (<c>--json</c>): camel-case names, indented, enums as names, undefined numbers as the strings
        /// <c>"NaN"</c>/<c>"Infinity"</c> (plain JSON has no NaN).
        /// </summary>
        public static JsonSerializerOptions Output { get; } = new()
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Converters = { new JsonStringEnumConverter() },
        };

        /// <summary>
        /// Option files (model options): property names in any case, comments and trailing commas allowed,
        /// unknown properties refused (so a misspelt option is an error naming it, not silently ignored).
        /// </summary>
        public static JsonSerializerOptions StrictInput { get; } = new()
        {
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            Converters = { new JsonStringEnumConverter() },
        };

        /// <summary>Writes <paramref name="value"/> as one JSON document on <paramref name="output"/>.</summary>
        public static void Write<T>(TextWriter output, T value)
        {
            output.WriteLine(JsonSerializer.Serialize(value, Output));
        }

        /// <summary>Reads an option file strictly; errors name the file, the JSON path and the problem (exit code 2).</summary>
        public static T ReadFile<T>(string path, string what) where T : class
        {
            if (!File.Exists(path)) throw CliException.Input($"The {what} file {path} does not exist.");
            string text = File.ReadAllText(path);
            try
            {
                return JsonSerializer.Deserialize<T>(text, StrictInput) ?? throw CliException.Input($"The {what} file {path} holds null.");
            }
            catch (JsonException e)
            {
                string where = e.Path is { Length: > 0 } jsonPath ? $" at {jsonPath}" : "";
                throw CliException.Input($"The {what} file {path} is not valid{where}: {e.Message}", e);
            }
        }
    }
}
