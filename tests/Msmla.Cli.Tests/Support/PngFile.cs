using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Msmla.Cli.Tests.Support
{
    /// <summary>Checks that a file is a complete PNG (signature, IHDR first, IEND last) and reads its size.</summary>
    internal static class PngFile
    {
        private static readonly byte[] Signature = { 137, 80, 78, 71, 13, 10, 26, 10 };

        public static (int Width, int Height) Read(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length < 45 || !bytes.AsSpan(0, 8).SequenceEqual(Signature)) throw new InvalidDataException($"{path} is not a PNG.");
            if (Encoding.ASCII.GetString(bytes, 12, 4) != "IHDR") throw new InvalidDataException($"{path} does not start with IHDR.");
            if (Encoding.ASCII.GetString(bytes, bytes.Length - 8, 4) != "IEND") throw new InvalidDataException($"{path} does not end with IEND.");
            return ((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20)));
        }
    }
}
