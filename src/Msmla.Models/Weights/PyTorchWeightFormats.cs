using System;
using System.IO;

namespace Msmla.Models.Weights
{
    /// <summary>Tells PyTorch weight formats apart by extension (for writing) and by content (for reading).</summary>
    public static class PyTorchWeightFormats
    {
        /// <summary>The format implied by a file name: .safetensors, or .pt / .pth / .bin / .ckpt for pickle.</summary>
        /// <exception cref="ArgumentException">The extension is none of these.</exception>
        public static PyTorchWeightFormat FromExtension(string path)
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            return extension switch
            {
                ".safetensors" => PyTorchWeightFormat.Safetensors,
                ".pt" or ".pth" or ".bin" or ".ckpt" => PyTorchWeightFormat.Pickle,
                _ => throw new ArgumentException(
                    $"Cannot tell the PyTorch weight format of '{path}' from its extension '{extension}': use .pt or .pth (torch.save) or .safetensors, or pass the format.",
                    nameof(path)),
            };
        }

        /// <summary>The format of an existing file, from its first bytes.</summary>
        /// <exception cref="WeightFileException">The file is missing, empty, a pre-1.6 PyTorch pickle, or neither format.</exception>
        public static PyTorchWeightFormat Detect(string path)
        {
            if (!File.Exists(path)) throw new WeightFileException(path, "the weights file does not exist.");
            Span<byte> head = stackalloc byte[9];
            int read;
            using (FileStream stream = File.OpenRead(path))
            {
                read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }
            if (read == 0) throw new WeightFileException(path, "the weights file is empty.");
            if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
                return PyTorchWeightFormat.Pickle;
            if (read >= 2 && head[0] == 0x80 && head[1] <= 5)
                throw new WeightFileException(path,
                    "this is a bare pickle, the format torch.save wrote before PyTorch 1.6 (or with _use_new_zipfile_serialization=False); " +
                    "it is not supported: re-save it in Python with torch.save(torch.load(path), new_path).");
            if (read == 9 && head[8] == (byte)'{')
                return PyTorchWeightFormat.Safetensors;
            throw new WeightFileException(path,
                "the file is neither a PyTorch zip archive (torch.save) nor a safetensors file (first bytes: " +
                Convert.ToHexString(head[..read]) + ").");
        }
    }
}
