using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Reads and writes a polymorphic option record as a JSON object with a <c>"Kind"</c> discriminator, written first, and
    /// the kind's own fields. Reading takes the discriminator anywhere in the object and in any case (hand-written files),
    /// refuses a field of another kind naming it and the kind's fields, and accepts the files of the previous version,
    /// which wrote every field for every kind: there another kind's field is skipped when it holds that version's default.
    /// </summary>
    /// <remarks>
    /// A custom converter rather than System.Text.Json's <c>[JsonPolymorphic]</c>, which on .NET 8 needs the
    /// discriminator first and in its exact case, and cannot tell a previous version's file from a mistaken field.
    /// </remarks>
    internal sealed class KindJsonConverter<TBase> : JsonConverter<TBase>
        where TBase : class
    {
        private const string KindProperty = "Kind";
        private static readonly OptionKinds Kinds = OptionKinds.For(typeof(TBase));

        public override TBase Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            string known = string.Join(", ", Kinds.Kinds.Keys);
            if (root.ValueKind != JsonValueKind.Object)
                throw new JsonException($"The {Kinds.Family} must be a JSON object with a \"{KindProperty}\" ({known}), not {root.ValueKind}.");
            JsonProperty[] properties = root.EnumerateObject().ToArray();
            JsonProperty[] kindProperties = properties.Where(p => string.Equals(p.Name, KindProperty, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (kindProperties.Length != 1 || kindProperties[0].Value.ValueKind != JsonValueKind.String)
                throw new JsonException($"The {Kinds.Family} needs one \"{KindProperty}\" string: {known}.");
            string kind = kindProperties[0].Value.GetString()!;
            if (!Kinds.Kinds.TryGetValue(kind, out Type? type))
                throw new JsonException($"'{kind}' is not a kind of {Kinds.Family}; the kinds are {known}.");

            JsonTypeInfo info = options.GetTypeInfo(type);
            var fields = new HashSet<string>(info.Properties.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
            bool previousVersion = Kinds.LegacyDefaults.Keys.All(name => properties.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)));
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (JsonProperty property in properties)
                {
                    if (string.Equals(property.Name, KindProperty, StringComparison.OrdinalIgnoreCase)) continue;
                    if (fields.Contains(property.Name))
                    {
                        property.WriteTo(writer);
                        continue;
                    }
                    if (previousVersion && Kinds.LegacyDefaults.TryGetValue(property.Name, out object? legacyDefault) && HoldsDefault(property.Value, legacyDefault))
                        continue;
                    string fieldList = fields.Count == 0 ? "none" : string.Join(", ", info.Properties.Select(p => p.Name));
                    throw new JsonException(
                        $"'{property.Name}' is not a field of the {kind} {Kinds.Family} (its fields: {fieldList})" +
                        (previousVersion ? "; files of the previous version may hold it only with that version's default, as it had no effect" : "") + ".");
                }
                writer.WriteEndObject();
            }
            try
            {
                return (TBase)JsonSerializer.Deserialize(buffer.WrittenSpan, type, options)!;
            }
            catch (JsonException e)
            {
                throw new JsonException($"The {kind} {Kinds.Family} is not valid: {e.Message}", e);
            }
        }

        public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options)
        {
            Type type = value.GetType();
            string kind = Kinds.Kinds.First(k => k.Value == type).Key;
            JsonElement fields = JsonSerializer.SerializeToElement(value, type, options);
            writer.WriteStartObject();
            writer.WriteString(KindProperty, kind);
            foreach (JsonProperty property in fields.EnumerateObject()) property.WriteTo(writer);
            writer.WriteEndObject();
        }

        private static bool HoldsDefault(JsonElement value, object? legacyDefault) => legacyDefault switch
        {
            null => value.ValueKind == JsonValueKind.Null,
            bool b => value.ValueKind == (b ? JsonValueKind.True : JsonValueKind.False),
            double d => value.ValueKind == JsonValueKind.Number && value.GetDouble() == d,
            string s => value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), s, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }
}
