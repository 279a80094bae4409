using System;
using System.IO;
using System.Text;

namespace Msmla.Models.Training.Callbacks
{
    /// <summary>
    /// Small binary states of the built-in callbacks: a format tag and version, then the fields, read back with checks so
    /// that a corrupt state is an <see cref="InvalidDataException"/> naming the callback, never a crash.
    /// </summary>
    internal static class CallbackState
    {
        /// <summary>Writes a state: the tag and version, then what <paramref name="fields"/> writes.</summary>
        public static byte[] Write(string tag, int version, Action<BinaryWriter> fields)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(tag);
                writer.Write(version);
                fields(writer);
            }
            return stream.ToArray();
        }

        /// <summary>Reads a state written by <see cref="Write"/>; every byte must be consumed.</summary>
        /// <exception cref="InvalidDataException">Another tag or version, truncated, or bytes left over.</exception>
        public static T Read<T>(byte[] state, string tag, int version, Func<BinaryReader, T> fields)
        {
            ArgumentNullException.ThrowIfNull(state);
            try
            {
                using var reader = new BinaryReader(new MemoryStream(state, writable: false), Encoding.UTF8);
                string readTag = reader.ReadString();
                int readVersion = reader.ReadInt32();
                if (readTag != tag || readVersion != version)
                    throw new InvalidDataException($"The saved state is a {readTag} state of version {readVersion}, not a {tag} state of version {version}.");
                T result = fields(reader);
                if (reader.BaseStream.Position != reader.BaseStream.Length)
                    throw new InvalidDataException($"The saved {tag} state has {reader.BaseStream.Length - reader.BaseStream.Position} bytes too many.");
                return result;
            }
            catch (Exception e) when (e is EndOfStreamException or FormatException or IOException)
            {
                throw new InvalidDataException($"The saved {tag} state is truncated or corrupt: {e.Message}", e);
            }
        }

        /// <summary>Writes a tracker's state.</summary>
        public static void WriteTracker(BinaryWriter writer, MonitorTrackerState state)
        {
            writer.Write(state.Best.HasValue);
            writer.Write(state.Best ?? 0);
            writer.Write(state.BestEpoch);
            writer.Write(state.Wait);
        }

        /// <summary>Reads a tracker's state written by <see cref="WriteTracker"/>.</summary>
        public static MonitorTrackerState ReadTracker(BinaryReader reader)
        {
            bool hasBest = reader.ReadBoolean();
            double best = reader.ReadDouble();
            int bestEpoch = reader.ReadInt32();
            int wait = reader.ReadInt32();
            if (bestEpoch < 0 || wait < 0) throw new InvalidDataException($"The saved tracker state is corrupt (best epoch {bestEpoch}, wait {wait}).");
            return new MonitorTrackerState(hasBest ? best : null, bestEpoch, wait);
        }
    }
}
