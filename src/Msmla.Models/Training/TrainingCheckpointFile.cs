using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Msmla.Core.IO;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The checkpoint container: one file holding the run state (JSON), the model weights (TorchSharp's <c>Module.save</c>
    /// format, see <see cref="ModelStateFormat"/>) and the optimizer state (TorchSharp <c>save_state_dict</c> format), so one atomic rename replaces all
    /// three together. Layout: the 8 ASCII bytes <c>MSMLACKP</c>, a little-endian int32 format version, three sections
    /// of (little-endian int64 length, bytes) and the SHA-256 of everything before it, which detects truncated and
    /// corrupted files.
    /// </summary>
    internal static class TrainingCheckpointFile
    {
        public const int FormatVersion = 1;
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("MSMLACKP");
        private static readonly string[] SectionNames = { "run state", "model weights", "optimizer state" };

        /// <summary>The three sections of a checkpoint.</summary>
        public sealed record Contents(byte[] State, byte[] Model, byte[] Optimizer);

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
            foreach (byte[] section in new[] { contents.State, contents.Model, contents.Optimizer })
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
            if (version != FormatVersion)
                throw new InvalidDataException($"{path} is a version {version} training checkpoint; this library reads version {FormatVersion}.");
            var sections = new byte[3][];
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
            return new Contents(sections[0], sections[1], sections[2]);
        }

        private static InvalidDataException Truncated(string path, string section, long length) =>
            new($"{path} is truncated or corrupted: it ends ({length} bytes) before the end of its {section}.");
    }
}
