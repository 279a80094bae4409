using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Reads TorchSharp's own weight format (what <c>Module.save</c> writes) into a dictionary, checking every length
    /// against the file so a truncated or foreign file is refused with the entry and offset where it fails, instead of
    /// an end-of-stream error or a huge allocation. Layout: LEB128 entry count; per entry a .NET length-prefixed UTF-8
    /// key, then the tensor as LEB128 element type, LEB128 rank, LEB128 dimensions and the raw little-endian values.
    /// </summary>
    internal static class TorchSharpStateDictFile
    {
        private const int MaxRank = 16;

        /// <summary>Reads every tensor of the file (on the CPU); the caller disposes them.</summary>
        /// <exception cref="WeightFileException">The file is missing, truncated or not in TorchSharp's format.</exception>
        public static Dictionary<string, Tensor> Read(string path)
        {
            if (!File.Exists(path)) throw new WeightFileException(path, "the weights file does not exist.");
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new WeightFileException(path, $"the weights file cannot be read: {e.Message}", e);
            }

            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            try
            {
                var cursor = new Cursor(bytes, path);
                if (bytes.Length == 0) throw new WeightFileException(path, "the weights file is empty.");
                long count = cursor.ReadLeb128("the entry count");
                if (count < 0 || count > bytes.Length)
                    throw new WeightFileException(path, $"the entry count {count} is impossible for a {bytes.Length}-byte file: truncated or not a TorchSharp weights file.");
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
                    long size = elements * ElementSize(type);
                    ReadOnlySpan<byte> data = cursor.Take(size, $"the {size} bytes of values of {what} {StateDictApplier.Shape(shape)}");
                    if (result.ContainsKey(key)) throw new WeightFileException(path, $"{what} repeats a key.");
                    Tensor tensor = empty(shape, type);
                    data.CopyTo(tensor.bytes);
                    result.Add(key, tensor);
                }
                if (cursor.Remaining > 0)
                    throw new WeightFileException(path, $"{cursor.Remaining} byte(s) follow the last of the {count} entries: corrupt or not a TorchSharp weights file.");
                return result;
            }
            catch
            {
                foreach (Tensor t in result.Values) t.Dispose();
                throw;
            }
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

        /// <summary>A position in the file's bytes that refuses to read past the end.</summary>
        private sealed class Cursor
        {
            private readonly byte[] _bytes;
            private readonly string _path;
            private long _position;

            public Cursor(byte[] bytes, string path)
            {
                _bytes = bytes;
                _path = path;
            }

            public long Remaining => _bytes.Length - _position;

            public long ReadLeb128(string what)
            {
                long value = 0;
                for (int shift = 0; ; shift += 7)
                {
                    if (_position >= _bytes.Length) throw Truncated(what);
                    if (shift > 63) throw new WeightFileException(_path, $"{what} at offset {_position} is not a valid number: corrupt or not a TorchSharp weights file.");
                    byte b = _bytes[_position++];
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
                ReadOnlySpan<byte> text = Take(length, what);
                try
                {
                    return new UTF8Encoding(false, true).GetString(text);
                }
                catch (DecoderFallbackException e)
                {
                    throw new WeightFileException(_path, $"{what} is not UTF-8 text: corrupt or not a TorchSharp weights file.", e);
                }
            }

            public ReadOnlySpan<byte> Take(long count, string what)
            {
                if (count > Remaining) throw Truncated(what);
                var span = new ReadOnlySpan<byte>(_bytes, (int)_position, (int)count);
                _position += count;
                return span;
            }

            private WeightFileException Truncated(string what) =>
                new(_path, $"the file ends at byte {_bytes.Length} while reading {what} (offset {_position}): the file is truncated or not a TorchSharp weights file.");
        }
    }
}
