using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The extra values callbacks logged for an epoch (<see cref="Callbacks.TrainingContext.Log"/>), by name, in the order
    /// they were first logged. Immutable; equal when they hold the same names with the same values (NaN equals NaN), so
    /// <see cref="EpochRecord"/>s compare by value. JSON: an object of name to number.
    /// </summary>
    [JsonConverter(typeof(LoggedValuesJsonConverter))]
    public sealed class LoggedValues : IReadOnlyDictionary<string, double>, IEquatable<LoggedValues>
    {
        private readonly KeyValuePair<string, double>[] _entries;

        private LoggedValues(KeyValuePair<string, double>[] entries) => _entries = entries;

        /// <summary>No values.</summary>
        public static LoggedValues Empty { get; } = new(Array.Empty<KeyValuePair<string, double>>());

        /// <summary>Values from name-value pairs (a later pair replaces an earlier one of the same name, keeping its place).</summary>
        /// <exception cref="ArgumentException">A name is not a valid logged-value name (see <see cref="TrainingMonitor.Logged"/>).</exception>
        public static LoggedValues From(IEnumerable<KeyValuePair<string, double>> values)
        {
            ArgumentNullException.ThrowIfNull(values);
            LoggedValues result = Empty;
            foreach ((string name, double value) in values) result = result.With(name, value);
            return result;
        }

        /// <summary>A copy with <paramref name="name"/> set to <paramref name="value"/> (replacing an earlier value of that name in place).</summary>
        /// <exception cref="ArgumentException">The name is not a valid logged-value name.</exception>
        public LoggedValues With(string name, double value)
        {
            TrainingMonitor.CheckLoggedName(name, nameof(name));
            int index = Array.FindIndex(_entries, e => string.Equals(e.Key, name, StringComparison.Ordinal));
            KeyValuePair<string, double>[] entries;
            if (index >= 0)
            {
                entries = (KeyValuePair<string, double>[])_entries.Clone();
            }
            else
            {
                entries = new KeyValuePair<string, double>[_entries.Length + 1];
                _entries.CopyTo(entries, 0);
                index = _entries.Length;
            }
            entries[index] = new KeyValuePair<string, double>(name, value);
            return new LoggedValues(entries);
        }

        /// <inheritdoc />
        public double this[string key] => TryGetValue(key, out double value) ? value : throw new KeyNotFoundException($"No value was logged as '{key}'.");

        /// <inheritdoc />
        public IEnumerable<string> Keys => _entries.Select(e => e.Key);

        /// <inheritdoc />
        public IEnumerable<double> Values => _entries.Select(e => e.Value);

        /// <inheritdoc />
        public int Count => _entries.Length;

        /// <inheritdoc />
        public bool ContainsKey(string key) => TryGetValue(key, out _);

        /// <inheritdoc />
        public bool TryGetValue(string key, out double value)
        {
            foreach ((string name, double v) in _entries)
            {
                if (string.Equals(name, key, StringComparison.Ordinal))
                {
                    value = v;
                    return true;
                }
            }
            value = default;
            return false;
        }

        /// <inheritdoc />
        public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, double>>)_entries).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>The same names with the same values, in any order (NaN equals NaN).</summary>
        public bool Equals(LoggedValues? other) =>
            other is not null && other.Count == Count && _entries.All(e => other.TryGetValue(e.Key, out double v) && v.Equals(e.Value));

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as LoggedValues);

        /// <inheritdoc />
        public override int GetHashCode()
        {
            int hash = Count;
            foreach ((string name, double value) in _entries) hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(name), value);
            return hash;
        }

        /// <summary>For messages: <c>{name = value, ...}</c>.</summary>
        public override string ToString() =>
            "{" + string.Join(", ", _entries.Select(e => e.Key + " = " + e.Value.ToString("R", CultureInfo.InvariantCulture))) + "}";

        private sealed class LoggedValuesJsonConverter : JsonConverter<LoggedValues>
        {
            public override LoggedValues Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Logged values are a JSON object of name to number.");
                LoggedValues result = Empty;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string name = reader.GetString()!;
                    reader.Read();
                    double value = reader.TokenType == JsonTokenType.String
                        ? double.Parse(reader.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
                        : reader.GetDouble();
                    try
                    {
                        result = result.With(name, value);
                    }
                    catch (ArgumentException e)
                    {
                        throw new JsonException(e.Message, e);
                    }
                }
                return result;
            }

            public override void Write(Utf8JsonWriter writer, LoggedValues value, JsonSerializerOptions options)
            {
                writer.WriteStartObject();
                foreach ((string name, double v) in value)
                {
                    writer.WritePropertyName(name);
                    if (double.IsFinite(v)) writer.WriteNumberValue(v);
                    else writer.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
                }
                writer.WriteEndObject();
            }
        }
    }
}
