using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using static TorchSharp.torch;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Reads TorchSharp's own weight format (what <c>Module.save</c> writes) into a dictionary, checking every length
    /// against the file so a truncated or foreign file is refused with the entry and offset where it fails, instead of
    /// an end-of-stream error or a huge allocation. Layout: LEB128 entry count; per entry a .NET length-prefixed UTF-8
    /// key, then the tensor as LEB128 element type, LEB128 rank, LEB128 dimensions and the raw little-endian values.
    /// Keys, types and shapes come before the values, so <see cref="ReadEntries(string)"/> lists them without reading any value.
    /// </summary>
    internal static class TorchSharpStateDictFile
    {
        private const int MaxRank = 16;

        /// <summary>One tensor of the file: its key, type and shape, and where its values are.</summary>
        /// <param name="Key">The state key, for example <c>stem.conv5x5.weight</c>.</param>
        /// <param name="Type">The element type.</param>
        /// <param name="Shape">The dimensions.</param>
        /// <param name="DataOffset">Where the values start in the stream.</param>
        /// <param name="DataBytes">How many bytes of values follow.</param>
        public sealed record Entry(string Key, ScalarType Type, long[] Shape, long DataOffset, long DataBytes);

        /// <summary>Reads every tensor of the file (on the CPU); the caller disposes them.</summary>
        /// <exception cref="WeightFileException">The file is missing, truncated or not in TorchSharp's format.</exception>
        public static Dictionary<string, Tensor> Read(string path)
        {
            using FileStream stream = OpenRead(path);
            IReadOnlyList<Entry> entries = ReadEntries(stream, path);
            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            try
            {
                foreach (Entry entry in entries)
                {
                    Tensor tensor = empty(entry.Shape, entry.Type);
                    result.Add(entry.Key, tensor);
                    stream.Position = entry.DataOffset;
                    stream.ReadExactly(tensor.bytes);
                }
                return result;
            }
            catch
            {
                foreach (Tensor t in result.Values) t.Dispose();
                throw;
            }
        }

        /// <summary>The keys, types and shapes of a weights file, without reading any value.</summary>
        /// <exception cref="WeightFileException">The file is missing, truncated or not in TorchSharp's format.</exception>
        public static IReadOnlyList<Entry> ReadEntries(string path)
        {
            using FileStream stream = OpenRead(path);
            return ReadEntries(stream, path);
        }

        /// <summary>
        /// The entries of a state in <paramref name="stream"/> (from its current position to its end), checking every
        /// length against the stream: no entry may claim more bytes than follow it, and nothing may follow the last.
        /// </summary>
        /// <exception cref="WeightFileException">The state is truncated, repeats a key or is not in TorchSharp's format; the message names <paramref name="path"/>.</exception>
        public static IReadOnlyList<Entry> ReadEntries(Stream stream, string path)
        {
            var cursor = new Cursor(stream, path);
            if (cursor.Remaining == 0) throw new WeightFileException(path, "the weights file is empty.");
            long count = cursor.ReadLeb128("the entry count");
            if (count < 0 || count > cursor.Remaining)
                throw new WeightFileException(path, $"the entry count {count} is impossible for a {stream.Length}-byte file: truncated or not a TorchSharp weights file.");
            var entries = new List<Entry>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            for (long i = 0; i < count; i++)
            {
                string key = cursor.ReadKey(i);
                string what = $"entry {i + 1} of {count} ('{key}')";
                long code = cursor.ReadLeb128($"the element type of {what}");
                if (code < 0 || code > sbyte.MaxValue || !Enum.IsDefined(typeof(ScalarType), (sbyte)code) || ElementSize((ScalarType)code) == 0)
                    throw new WeightFileException(path, $"{what} has element type code {code}, which is not a numeric tensor type: not a TorchSharp weights file or a corrupt one.");
                var type = (ScalarType)code;
                long rank = cursor.ReadLeb128($"the rank of {what}");
                if (rank < 0 || rank > MaxRank)
                    throw new WeightFileException(path, $"{what} claims rank {rank}: corrupt or not a TorchSharp weights file.");
                var shape = new long[rank];
                long elements = 1;
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = cursor.ReadLeb128($"dimension {d} of {what}");
                    if (shape[d] < 0 || (shape[d] > 0 && elements > long.MaxValue / shape[d]))
                        throw new WeightFileException(path, $"{what} has an impossible shape: corrupt or not a TorchSharp weights file.");
                    elements *= shape[d];
                }
                int size = ElementSize(type);
                if (elements > long.MaxValue / size)
                    throw new WeightFileException(path, $"{what} has an impossible shape: corrupt or not a TorchSharp weights file.");
                long bytes = elements * size;
                long offset = cursor.Skip(bytes, $"the {bytes} bytes of values of {what} {StateDictApplier.Shape(shape)}");
                if (!keys.Add(key)) throw new WeightFileException(path, $"{what} repeats a key.");
                entries.Add(new Entry(key, type, shape, offset, bytes));
            }
            if (cursor.Remaining > 0)
                throw new WeightFileException(path, $"{cursor.Remaining} byte(s) follow the last of the {count} entries: corrupt or not a TorchSharp weights file.");
            return entries;
        }

        /// <summary>The bytes per element of the numeric types TorchSharp saves, or 0 for others.</summary>
        internal static int ElementSize(ScalarType type) => type switch
        {
            ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
            ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
            ScalarType.Int32 or ScalarType.Float32 => 4,
            ScalarType.Int64 or ScalarType.Float64 => 8,
            _ => 0,
        };

        private static FileStream OpenRead(string path)
        {
            if (!File.Exists(path)) throw new WeightFileException(path, "the weights file does not exist.");
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new WeightFileException(path, $"the weights file cannot be read: {e.Message}", e);
            }
        }

        /// <summary>A position in the state's bytes that refuses to read or skip past the end.</summary>
        private sealed class Cursor
        {
            private readonly Stream _stream;
            private readonly string _path;

            public Cursor(Stream stream, string path)
            {
                _stream = stream;
                _path = path;
            }

            public long Remaining => _stream.Length - _stream.Position;

            public long ReadLeb128(string what)
            {
                long value = 0;
                for (int shift = 0; ; shift += 7)
                {
                    int b = _stream.ReadByte();
                    if (b < 0) throw Truncated(what);
                    if (shift > 63) throw new WeightFileException(_path, $"{what} at offset {_stream.Position - 1} is not a valid number: corrupt or not a TorchSharp weights file.");
                    value |= (long)(b & 0x7F) << shift;
                    if ((b & 0x80) == 0) return value;
                }
            }

            public string ReadKey(long index)
            {
                string what = $"the key of entry {index + 1}";
                // .NET BinaryWriter string: 7-bit encoded byte length, then UTF-8.
                long length = ReadLeb128(what);
                if (length > int.MaxValue) throw new WeightFileException(_path, $"{what} claims {length} bytes: corrupt or not a TorchSharp weights file.");
                if (length > Remaining) throw Truncated(what);
                var text = new byte[length];
                _stream.ReadExactly(text);
                try
                {
                    return new UTF8Encoding(false, true).GetString(text);
                }
                catch (DecoderFallbackException e)
                {
                    throw new WeightFileException(_path, $"{what} is not UTF-8 text: corrupt or not a TorchSharp weights file.", e);
                }
            }

            /// <summary>Skips <paramref name="count"/> bytes and returns where they start.</summary>
            public long Skip(long count, string what)
            {
                if (count > Remaining) throw Truncated(what);
                long start = _stream.Position;
                _stream.Position = start + count;
                return start;
            }

            private WeightFileException Truncated(string what) =>
                new(_path, $"the file ends at byte {_stream.Length} while reading {what} (offset {_stream.Position}): the file is truncated or not a TorchSharp weights file.");
        }
    }
}
