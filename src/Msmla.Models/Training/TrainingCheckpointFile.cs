using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Msmla.Core.IO;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The checkpoint container: one file holding the run state (JSON), the model weights (TorchSharp's <c>Module.save</c>
    /// format, see <see cref="ModelStateFormat"/>), the optimizer state (TorchSharp <c>save_state_dict</c> format) and the
    /// states of the run's stateful callbacks, so one atomic rename replaces them together. Layout (version 2): the 8
    /// ASCII bytes <c>MSMLACKP</c>, a little-endian int32 format version, four sections of (little-endian int64 length,
    /// bytes) and the SHA-256 of everything before it, which detects truncated and corrupted files. The callback section
    /// is a little-endian int32 count, then per callback its key (int32 byte length, UTF-8) and its state (int64 length,
    /// bytes). Version 1 files (three sections, no callback section) are still read.
    /// </summary>
    internal static class TrainingCheckpointFile
    {
        public const int FormatVersion = 2;
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("MSMLACKP");
        private static readonly string[] SectionNames = { "run state", "model weights", "optimizer state", "callback states" };

        /// <summary>The sections of a checkpoint; <paramref name="Callbacks"/> maps each stateful callback's key to its state.</summary>
        public sealed record Contents(byte[] State, byte[] Model, byte[] Optimizer, IReadOnlyDictionary<string, byte[]> Callbacks)
        {
            /// <summary>The format version the file was read from (<see cref="FormatVersion"/> for new contents).</summary>
            public int Version { get; init; } = FormatVersion;
        }

        /// <summary>Writes a checkpoint atomically: to a temporary file in the same directory, flushed to disk, then renamed over <paramref name="path"/>.</summary>
        public static void Write(string path, Contents contents) => AtomicFile.Write(path, temporary => WriteTo(temporary, contents));

        /// <summary>Writes the container to <paramref name="path"/> (not atomically; <see cref="Write"/> wraps it).</summary>
        internal static void WriteTo(string path, Contents contents)
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Put(ReadOnlySpan<byte> bytes)
            {
                stream.Write(bytes);
                hash.AppendData(bytes);
            }

            Span<byte> number = stackalloc byte[8];
            Put(Magic);
            BinaryPrimitives.WriteInt32LittleEndian(number, FormatVersion);
            Put(number[..4]);
            foreach (byte[] section in new[] { contents.State, contents.Model, contents.Optimizer, EncodeCallbacks(contents.Callbacks) })
            {
                BinaryPrimitives.WriteInt64LittleEndian(number, section.Length);
                Put(number);
                Put(section);
            }
            stream.Write(hash.GetHashAndReset());
            stream.Flush(flushToDisk: true);
        }

        /// <summary>Reads and verifies a checkpoint.</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not a checkpoint, is truncated or corrupted; the message names it.</exception>
        public static Contents Read(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"The checkpoint {path} does not exist.", path);
            byte[] bytes = File.ReadAllBytes(path);
            int headerLength = Magic.Length + 4;
            if (bytes.Length < headerLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
                throw new InvalidDataException($"{path} is not an Msmla training checkpoint (it does not start with MSMLACKP).");
            int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length, 4));
            if (version is < 1 or > FormatVersion)
                throw new InvalidDataException($"{path} is a version {version} training checkpoint; this library reads versions 1 to {FormatVersion}.");
            var sections = new byte[version == 1 ? 3 : 4][];
            long position = headerLength;
            for (int s = 0; s < sections.Length; s++)
            {
                if (position + 8 > bytes.Length) throw Truncated(path, SectionNames[s], bytes.Length);
                long length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((int)position, 8));
                position += 8;
                if (length < 0 || length > bytes.Length - position) throw Truncated(path, SectionNames[s], bytes.Length);
                sections[s] = bytes.AsSpan((int)position, (int)length).ToArray();
                position += length;
            }
            if (bytes.Length - position != 32) throw Truncated(path, "checksum", bytes.Length);
            byte[] expected = SHA256.HashData(bytes.AsSpan(0, (int)position));
            if (!expected.AsSpan().SequenceEqual(bytes.AsSpan((int)position, 32)))
                throw new InvalidDataException($"{path} is corrupted: its SHA-256 checksum does not match its contents.");
            IReadOnlyDictionary<string, byte[]> callbacks = version == 1 ? new Dictionary<string, byte[]>() : DecodeCallbacks(sections[3], path);
            return new Contents(sections[0], sections[1], sections[2], callbacks) { Version = version };
        }

        private static byte[] EncodeCallbacks(IReadOnlyDictionary<string, byte[]> callbacks)
        {
            using var stream = new MemoryStream();
            Span<byte> number = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(number, callbacks.Count);
            stream.Write(number[..4]);
            foreach ((string key, byte[] state) in callbacks)
            {
                byte[] name = Encoding.UTF8.GetBytes(key);
                BinaryPrimitives.WriteInt32LittleEndian(number, name.Length);
                stream.Write(number[..4]);
                stream.Write(name);
                BinaryPrimitives.WriteInt64LittleEndian(number, state.Length);
                stream.Write(number);
                stream.Write(state);
            }
            return stream.ToArray();
        }

        private static Dictionary<string, byte[]> DecodeCallbacks(byte[] section, string path)
        {
            var callbacks = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            ReadOnlySpan<byte> rest = section;
            InvalidDataException Corrupt(string what) => new($"{path} has a corrupt callback section: {what}.");
            if (rest.Length < 4) throw Corrupt("it has no count");
            int count = BinaryPrimitives.ReadInt32LittleEndian(rest);
            rest = rest[4..];
            if (count < 0 || count > rest.Length / 12) throw Corrupt($"{count} entries cannot fit in {rest.Length} bytes");
            for (int i = 0; i < count; i++)
            {
                if (rest.Length < 4) throw Corrupt($"entry {i} is cut off");
                int nameLength = BinaryPrimitives.ReadInt32LittleEndian(rest);
                rest = rest[4..];
                if (nameLength < 1 || nameLength > rest.Length) throw Corrupt($"entry {i} has a key of {nameLength} bytes");
                string key = Encoding.UTF8.GetString(rest[..nameLength]);
                rest = rest[nameLength..];
                if (rest.Length < 8) throw Corrupt($"entry {i} ({key}) is cut off");
                long length = BinaryPrimitives.ReadInt64LittleEndian(rest);
                rest = rest[8..];
                if (length < 0 || length > rest.Length) throw Corrupt($"entry {i} ({key}) announces {length} bytes");
                if (!callbacks.TryAdd(key, rest[..(int)length].ToArray())) throw Corrupt($"the key {key} repeats");
                rest = rest[(int)length..];
            }
            if (rest.Length != 0) throw Corrupt($"{rest.Length} bytes follow the last entry");
            return callbacks;
        }

        private static InvalidDataException Truncated(string path, string section, long length) =>
            new($"{path} is truncated or corrupted: it ends ({length} bytes) before the end of its {section}.");
    }
}
