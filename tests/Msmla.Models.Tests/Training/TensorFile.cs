using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// Named tensors exchanged with the PyTorch peer (training_step.py reads and writes the same layout): an int32 header
/// length, a JSON header {"tensors": [{"name", "dtype" (f8, f4 or i8), "shape", "offset" in bytes}]}, then the values,
/// little-endian, in logical (NCHW) order.
/// </summary>
internal static class TensorFile
{
    /// <summary>A tensor read back: its shape and its values as doubles.</summary>
    public sealed record Entry(long[] Shape, double[] Values);

    /// <summary>Writes float64, float32 and int64 tensors.</summary>
    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        var header = new JsonArray();
        using var data = new MemoryStream();
        foreach ((string name, Tensor tensor) in tensors)
        {
            using Tensor contiguous = tensor.detach().cpu().contiguous();
            string dtype = contiguous.dtype switch
            {
                ScalarType.Float64 => "f8",
                ScalarType.Float32 => "f4",
                ScalarType.Int64 => "i8",
                _ => throw new ArgumentException($"{name} is {contiguous.dtype}; only float64, float32 and int64 are exchanged.", nameof(tensors)),
            };
            header.Add(new JsonObject
            {
                ["name"] = name,
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(contiguous.shape.Select(d => (JsonNode)d).ToArray()),
                ["offset"] = data.Length,
            });
            // BitConverter is little-endian on every platform the tests run on.
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The tensor file is little-endian.");
            data.Write(contiguous.bytes);
        }
        byte[] headerBytes = Encoding.UTF8.GetBytes(new JsonObject { ["tensors"] = header }.ToJsonString());
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(headerBytes.Length);
        writer.Write(headerBytes);
        writer.Write(data.ToArray());
    }

    /// <summary>Reads every tensor of a file (float64 or int64) by name.</summary>
    public static Dictionary<string, Entry> Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = BitConverter.ToInt32(bytes, 0);
        JsonNode header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 4, headerLength))!;
        int start = 4 + headerLength;
        var result = new Dictionary<string, Entry>();
        foreach (JsonNode? node in header["tensors"]!.AsArray())
        {
            string name = (string)node!["name"]!;
            string dtype = (string)node["dtype"]!;
            long[] shape = node["shape"]!.AsArray().Select(d => (long)d!).ToArray();
            long count = shape.Aggregate(1L, (a, b) => a * b);
            int offset = start + (int)(long)node["offset"]!;
            var values = new double[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = dtype switch
                {
                    "f8" => BitConverter.ToDouble(bytes, offset + 8 * i),
                    "i8" => BitConverter.ToInt64(bytes, offset + 8 * i),
                    _ => throw new InvalidDataException($"{path}: {name} has dtype {dtype}."),
                };
            }
            result[name] = new Entry(shape, values);
        }
        return result;
    }
}
