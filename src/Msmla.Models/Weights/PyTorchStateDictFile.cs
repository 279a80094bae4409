using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Msmla.Core.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// Reads and writes PyTorch <c>state_dict</c> files through TorchSharp.PyBridge (pickle zip archives and
    /// safetensors), turning its low-level errors into <see cref="WeightFileException"/>s that name the file, and
    /// checking a safetensors header against the file length before reading any data.
    /// </summary>
    internal static class PyTorchStateDictFile
    {
        /// <summary>Reads every tensor of the file (on the CPU); the caller disposes them.</summary>
        public static Dictionary<string, Tensor> Read(string path)
        {
            PyTorchWeightFormat format = PyTorchWeightFormats.Detect(path);
            return format == PyTorchWeightFormat.Safetensors ? ReadSafetensors(path) : ReadPickle(path);
        }

        /// <summary>Writes tensors in a format, atomically (temporary file, then rename).</summary>
        public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, PyTorchWeightFormat format)
        {
            using var scope = NewDisposeScope();
            // PyTorch wants CPU, contiguous data; detach so no autograd history is serialised.
            var plain = tensors.ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous(), StringComparer.Ordinal);
            AtomicFile.Write(path, temporary =>
            {
                using FileStream stream = File.Create(temporary);
                if (format == PyTorchWeightFormat.Safetensors) Safetensors.SaveStateDict(stream, plain, leaveOpen: true);
                else PyTorchPickler.PickleStateDict(stream, plain, leaveOpen: true);
            });
        }

        private static Dictionary<string, Tensor> ReadPickle(string path)
        {
            Hashtable table;
            try
            {
                table = PyTorchUnpickler.UnpickleStateDict(path);
            }
            catch (InvalidDataException e)
            {
                throw new WeightFileException(path, $"the file is not a complete PyTorch zip archive (truncated or damaged): {e.Message}", e);
            }
            catch (Exception e) when (e is not OutOfMemoryException and not WeightFileException)
            {
                throw new WeightFileException(path, $"the PyTorch file cannot be read as a state_dict: {e.Message}", e);
            }

            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            string? problem = null;
            foreach (DictionaryEntry entry in table)
            {
                if (entry.Key is not string key || entry.Value is not Tensor tensor)
                {
                    problem ??= $"entry '{entry.Key}' holds a {entry.Value?.GetType().Name ?? "null"}, not a tensor: the file is not a flat state_dict " +
                        "(a training checkpoint?). Save model.state_dict() itself in Python.";
                    (entry.Value as IDisposable)?.Dispose();
                    continue;
                }
                result[key] = tensor;
            }
            if (problem != null)
            {
                foreach (Tensor t in result.Values) t.Dispose();
                throw new WeightFileException(path, problem);
            }
            return result;
        }

        private static Dictionary<string, Tensor> ReadSafetensors(string path)
        {
            Dictionary<string, long[]> shapes = CheckSafetensorsLayout(path);
            Dictionary<string, Tensor> tensors;
            try
            {
                tensors = Safetensors.LoadStateDict(path);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new WeightFileException(path, $"the safetensors file cannot be read: {e.Message}", e);
            }
            // The reader must agree with the header checked above.
            foreach (var (key, tensor) in tensors)
            {
                if (shapes.TryGetValue(key, out long[]? shape) && tensor.shape.SequenceEqual(shape)) continue;
                foreach (Tensor t in tensors.Values) t.Dispose();
                throw new WeightFileException(path, $"tensor '{key}' was read with shape {StateDictApplier.Shape(tensor.shape)}, which its header does not record.");
            }
            return tensors;
        }

        /// <summary>Checks that the header is JSON and that every tensor's data lies inside the file; returns the header shapes.</summary>
        private static Dictionary<string, long[]> CheckSafetensorsLayout(string path)
        {
            long length = new FileInfo(path).Length;
            using FileStream stream = File.OpenRead(path);
            Span<byte> prefix = stackalloc byte[8];
            if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
                throw new WeightFileException(path, "the safetensors file is shorter than its 8-byte header length.");
            long headerLength = BitConverter.ToInt64(prefix);
            if (!BitConverter.IsLittleEndian) headerLength = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(headerLength);
            if (headerLength <= 0 || headerLength > length - 8)
                throw new WeightFileException(path, $"the safetensors header claims {headerLength} bytes but the file has {length} bytes: truncated or not a safetensors file.");
            byte[] header = new byte[headerLength];
            stream.ReadExactly(header);
            long dataLength = length - 8 - headerLength;
            var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
            try
            {
                using JsonDocument document = JsonDocument.Parse(header);
                foreach (JsonProperty tensor in document.RootElement.EnumerateObject())
                {
                    if (tensor.Name == "__metadata__") continue;
                    JsonElement offsets = tensor.Value.GetProperty("data_offsets");
                    long begin = offsets[0].GetInt64();
                    long end = offsets[1].GetInt64();
                    if (begin < 0 || end < begin || end > dataLength)
                        throw new WeightFileException(path,
                            $"tensor '{tensor.Name}' lies at data bytes {begin}-{end} but the file holds {dataLength} data bytes: the file is truncated.");
                    shapes[tensor.Name] = tensor.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                }
                return shapes;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
            {
                throw new WeightFileException(path, $"the safetensors header is not valid JSON of the expected layout: {e.Message}", e);
            }
        }
    }
}
