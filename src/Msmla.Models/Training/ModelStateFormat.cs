using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Msmla.Core.TorchSharpWorkarounds;
using Msmla.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Training
{
    /// <summary>
    /// A model's state (parameters and buffers) in TorchSharp's <c>Module.save</c> format (LEB128 entry count, then per
    /// entry the key as a .NET string and the tensor as <c>Tensor.Save</c> writes it), written from contiguous CPU copies
    /// and applied with <c>copy_</c>. Unlike <c>Module.save</c> / <c>Module.load</c> it works for channels-last models
    /// (whose 4-D weights are not contiguous; the TorchSharp 0.107 workaround <see cref="ContiguousTensorSave"/>) and on
    /// any device; files it writes load with <c>Module.load</c> into
    /// models in the default layout. <see cref="Msmla.Models.Weights.TorchSharpWeights.Save"/> (and so
    /// <see cref="LczModels.Save"/>) writes weights files through it.
    /// </summary>
    internal static class ModelStateFormat
    {
        /// <summary>The state of <paramref name="model"/> as bytes.</summary>
        public static byte[] Save(nn.Module model)
        {
            using var stream = new MemoryStream();
            Write(model, stream);
            return stream.ToArray();
        }

        /// <summary>
        /// Writes the state of <paramref name="model"/> to <paramref name="stream"/>, one tensor at a time (only one
        /// contiguous CPU copy exists at once); the stream stays open.
        /// </summary>
        public static void Write(nn.Module model, Stream stream) => Write(model.state_dict(), stream);

        /// <summary>Writes named tensors in the same format (for example a copy of a model's state kept aside).</summary>
        public static void Write(IReadOnlyDictionary<string, Tensor> state, Stream stream)
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write7BitEncodedInt64(state.Count);
            foreach ((string key, Tensor value) in state)
            {
                writer.Write(key);
                ContiguousTensorSave.Save(value, writer);
            }
        }

        /// <summary>Copies a state written by <see cref="Save"/> into <paramref name="model"/>: same keys, shapes and types, or nothing changes.</summary>
        /// <exception cref="InvalidDataException">The bytes are not a state, or do not fit the model; the message names <paramref name="path"/> and the entry.</exception>
        public static void Load(nn.Module model, byte[] bytes, string path)
        {
            Dictionary<string, Tensor> loaded = Read(bytes, path);
            try
            {
                Apply(model, loaded, path);
            }
            finally
            {
                foreach (Tensor t in loaded.Values) t.Dispose();
            }
        }

        /// <summary>The keys, types and shapes of a state, read before any value and checked against its length.</summary>
        /// <exception cref="InvalidDataException">The bytes are not a state; the message names <paramref name="path"/>.</exception>
        public static IReadOnlyList<TorchSharpStateDictFile.Entry> Entries(byte[] bytes, string path)
        {
            try
            {
                return TorchSharpStateDictFile.ReadEntries(new MemoryStream(bytes, writable: false), path);
            }
            catch (WeightFileException e)
            {
                throw new InvalidDataException($"The model state in {path} is not readable: {e.Problem}", e);
            }
        }

        /// <summary>Reads the named CPU tensors of a state written by <see cref="Save"/> (the caller disposes them).</summary>
        /// <exception cref="InvalidDataException">The bytes are not a state; the message names <paramref name="path"/>.</exception>
        public static Dictionary<string, Tensor> Read(byte[] bytes, string path)
        {
            // Every entry's length is checked against the bytes first, so no entry can make Tensor.Load allocate more than is there.
            Entries(bytes, path);
            var loaded = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            try
            {
                using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
                long count;
                try
                {
                    count = reader.Read7BitEncodedInt64();
                    for (long i = 0; i < count; i++)
                    {
                        string key = reader.ReadString();
                        Tensor tensor = Tensor.Load(reader).DetachFromDisposeScope();
                        if (!loaded.TryAdd(key, tensor))
                        {
                            tensor.Dispose();
                            throw new InvalidDataException($"The model state in {path} repeats the key '{key}'.");
                        }
                    }
                }
                catch (Exception e) when (e is FormatException or ArgumentException or IOException)
                {
                    throw new InvalidDataException($"The model state in {path} is not readable: {e.Message}", e);
                }
                if (reader.BaseStream.Position != reader.BaseStream.Length)
                    throw new InvalidDataException($"The model state in {path} has {reader.BaseStream.Length - reader.BaseStream.Position} bytes after its {count} entries.");
                return loaded;
            }
            catch
            {
                foreach (Tensor t in loaded.Values) t.Dispose();
                throw;
            }
        }

        /// <summary>Copies named tensors into <paramref name="model"/>'s state: same keys, shapes and types, or nothing changes.</summary>
        /// <exception cref="InvalidDataException">The tensors do not fit the model; the message names <paramref name="path"/> and the entry.</exception>
        public static void Apply(nn.Module model, IReadOnlyDictionary<string, Tensor> loaded, string path)
        {
            Dictionary<string, Tensor> state = model.state_dict();
            string[] missing = state.Keys.Where(k => !loaded.ContainsKey(k)).ToArray();
            string[] unexpected = loaded.Keys.Where(k => !state.ContainsKey(k)).ToArray();
            if (missing.Length > 0 || unexpected.Length > 0)
                throw new InvalidDataException(
                    $"The model state in {path} does not fit the model: missing {Describe(missing)}; unexpected {Describe(unexpected)}.");
            foreach ((string key, Tensor target) in state)
            {
                Tensor source = loaded[key];
                if (!source.shape.SequenceEqual(target.shape) || source.dtype != target.dtype)
                    throw new InvalidDataException(
                        $"The model state in {path} has '{key}' as {source.dtype} [{string.Join(", ", source.shape)}], but the model has {target.dtype} [{string.Join(", ", target.shape)}].");
            }
            using (no_grad())
            {
                foreach ((string key, Tensor target) in state) target.copy_(loaded[key]);
            }
        }

        /// <summary>Detached CPU copies of <paramref name="model"/>'s state (parameters and buffers); the caller disposes them.</summary>
        public static Dictionary<string, Tensor> Copy(nn.Module model)
        {
            var copy = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach ((string key, Tensor value) in model.state_dict())
            {
                using var scope = NewDisposeScope();
                copy.Add(key, value.detach().cpu().clone().DetachFromDisposeScope());
            }
            return copy;
        }

        private static string Describe(string[] keys) => keys.Length == 0 ? "none" : string.Join(", ", keys.Take(5)) + (keys.Length > 5 ? $" and {keys.Length - 5} more" : "");
    }
}
