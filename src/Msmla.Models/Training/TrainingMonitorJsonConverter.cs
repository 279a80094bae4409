using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// <see cref="TrainingMonitor"/> as JSON: a string (a built-in name, or a logged value whose mode is the one Keras'
    /// auto rule gives), or <c>{ "Name": ..., "Mode": ... }</c>. Reading accepts both forms and the Keras/CSV names.
    /// </summary>
    internal sealed class TrainingMonitorJsonConverter : JsonConverter<TrainingMonitor>
    {
        public override TrainingMonitor Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String) return Parse(reader.GetString()!, mode: null);
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new JsonException($"A training monitor is a name (for example \"ValidationLoss\" or \"val_loss\") or {{ \"Name\": ..., \"Mode\": \"Min\"|\"Max\" }}, not {reader.TokenType}.");
            string? name = null;
            MonitorMode? mode = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string property = reader.GetString()!;
                reader.Read();
                if (string.Equals(property, "Name", StringComparison.OrdinalIgnoreCase))
                    name = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException("A training monitor's Name must be a string.");
                else if (string.Equals(property, "Mode", StringComparison.OrdinalIgnoreCase))
                    mode = reader.TokenType == JsonTokenType.String && Enum.TryParse(reader.GetString(), ignoreCase: true, out MonitorMode m) && Enum.IsDefined(m)
                        ? m
                        : throw new JsonException("A training monitor's Mode must be \"Min\" or \"Max\".");
                else
                    throw new JsonException($"A training monitor has no property '{property}' (it has Name and Mode).");
            }
            if (name == null) throw new JsonException("A training monitor object needs a Name.");
            return Parse(name, mode);
        }

        public override void Write(Utf8JsonWriter writer, TrainingMonitor value, JsonSerializerOptions options)
        {
            if (value.IsBuiltIn || value.Mode == TrainingMonitor.AutoMode(value.Name))
            {
                writer.WriteStringValue(value.Name);
                return;
            }
            writer.WriteStartObject();
            writer.WriteString("Name", value.Name);
            writer.WriteString("Mode", value.Mode.ToString());
            writer.WriteEndObject();
        }

        private static TrainingMonitor Parse(string name, MonitorMode? mode)
        {
            TrainingMonitor? builtIn = TrainingMonitor.FindBuiltIn(name);
            if (builtIn != null)
            {
                if (mode is MonitorMode m && m != builtIn.Mode)
                    throw new JsonException($"The built-in monitor {builtIn.Name} improves in mode {builtIn.Mode}, not {m}.");
                return builtIn;
            }
            try
            {
                return TrainingMonitor.Logged(name, mode);
            }
            catch (ArgumentException e)
            {
                throw new JsonException(e.Message, e);
            }
        }
    }
}
