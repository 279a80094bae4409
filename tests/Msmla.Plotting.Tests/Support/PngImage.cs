using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace Msmla.Plotting.Tests.Support
{
    /// <summary>
    /// A small, strict PNG decoder written for the tests from the PNG specification (8-bit RGB/RGBA/grey, not
    /// interlaced): checks the signature and every chunk CRC, inflates the IDAT stream and undoes the five filters.
    /// It shares no code with SkiaSharp, so images are checked independently of the library that wrote them.
    /// </summary>
    internal sealed class PngImage
    {
        private static readonly byte[] Signature = { 137, 80, 78, 71, 13, 10, 26, 10 };
        private static readonly uint[] CrcTable = BuildCrcTable();
        private readonly byte[] _rgba;

        private PngImage(int width, int height, byte[] rgba)
        {
            Width = width;
            Height = height;
            _rgba = rgba;
        }

        public int Width { get; }

        public int Height { get; }

        public (byte R, byte G, byte B, byte A) this[int x, int y]
        {
            get
            {
                if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}) is outside {Width}x{Height}.");
                int o = (y * Width + x) * 4;
                return (_rgba[o], _rgba[o + 1], _rgba[o + 2], _rgba[o + 3]);
            }
        }

        public static PngImage Read(string path) => Decode(File.ReadAllBytes(path));

        public static PngImage Decode(byte[] png)
        {
            if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(Signature)) throw new InvalidDataException("Not a PNG: bad signature.");
            int position = 8, width = 0, height = 0, colorType = -1;
            using var idat = new MemoryStream();
            bool end = false;
            while (!end)
            {
                if (position + 12 > png.Length) throw new InvalidDataException("Truncated PNG chunk.");
                int length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position)));
                string type = Encoding.ASCII.GetString(png, position + 4, 4);
                if (position + 12 + length > png.Length) throw new InvalidDataException($"Truncated {type} chunk.");
                ReadOnlySpan<byte> data = png.AsSpan(position + 8, length);
                uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
                if (Crc(png.AsSpan(position + 4, length + 4)) != crc) throw new InvalidDataException($"Bad CRC in the {type} chunk.");
                switch (type)
                {
                    case "IHDR":
                        width = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data));
                        height = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
                        if (data[8] != 8) throw new InvalidDataException($"Bit depth {data[8]} is not supported.");
                        colorType = data[9];
                        if (data[12] != 0) throw new InvalidDataException("Interlaced PNGs are not supported.");
                        break;
                    case "IDAT":
                        idat.Write(data);
                        break;
                    case "IEND":
                        end = true;
                        break;
                }
                position += 12 + length;
            }
            int channels = colorType switch
            {
                0 => 1,
                2 => 3,
                4 => 2,
                6 => 4,
                _ => throw new InvalidDataException($"Colour type {colorType} is not supported."),
            };
            byte[] raw = Inflate(idat.ToArray());
            int stride = width * channels;
            if (raw.Length != height * (stride + 1)) throw new InvalidDataException($"Inflated {raw.Length} bytes, expected {height * (stride + 1)}.");
            var pixels = new byte[height * stride];
            for (int y = 0; y < height; y++)
            {
                byte filter = raw[y * (stride + 1)];
                ReadOnlySpan<byte> line = raw.AsSpan(y * (stride + 1) + 1, stride);
                Span<byte> current = pixels.AsSpan(y * stride, stride);
                ReadOnlySpan<byte> previous = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
                for (int i = 0; i < stride; i++)
                {
                    int a = i >= channels ? current[i - channels] : 0;
                    int b = previous[i];
                    int c = i >= channels ? previous[i - channels] : 0;
                    int predictor = filter switch
                    {
                        0 => 0,
                        1 => a,
                        2 => b,
                        3 => (a + b) / 2,
                        4 => Paeth(a, b, c),
                        _ => throw new InvalidDataException($"Unknown filter {filter} on line {y}."),
                    };
                    current[i] = (byte)(line[i] + predictor);
                }
            }
            var rgba = new byte[width * height * 4];
            for (int p = 0; p < width * height; p++)
            {
                int s = p * channels, d = p * 4;
                switch (channels)
                {
                    case 1: rgba[d] = rgba[d + 1] = rgba[d + 2] = pixels[s]; rgba[d + 3] = 255; break;
                    case 2: rgba[d] = rgba[d + 1] = rgba[d + 2] = pixels[s]; rgba[d + 3] = pixels[s + 1]; break;
                    case 3: rgba[d] = pixels[s]; rgba[d + 1] = pixels[s + 1]; rgba[d + 2] = pixels[s + 2]; rgba[d + 3] = 255; break;
                    default: Array.Copy(pixels, s, rgba, d, 4); break;
                }
            }
            return new PngImage(width, height, rgba);
        }

        /// <summary>The number of pixels in a rectangle whose colour is within <paramref name="tolerance"/> of <paramref name="hex"/> in every channel.</summary>
        public int Count(string hex, int tolerance = 2, int left = 0, int top = 0, int right = int.MaxValue, int bottom = int.MaxValue)
        {
            (byte r, byte g, byte b) = ParseHex(hex);
            int count = 0;
            for (int y = Math.Max(0, top); y < Math.Min(Height, bottom); y++)
                for (int x = Math.Max(0, left); x < Math.Min(Width, right); x++)
                {
                    var p = this[x, y];
                    if (Math.Abs(p.R - r) <= tolerance && Math.Abs(p.G - g) <= tolerance && Math.Abs(p.B - b) <= tolerance) count++;
                }
            return count;
        }

        /// <summary>The number of different RGB colours.</summary>
        public int DistinctColors()
        {
            var seen = new System.Collections.Generic.HashSet<int>();
            for (int i = 0; i < _rgba.Length; i += 4) seen.Add(_rgba[i] << 16 | _rgba[i + 1] << 8 | _rgba[i + 2]);
            return seen.Count;
        }

        /// <summary>A checksum of all RGBA bytes (sum of byte x (index mod 251 + 1)), to compare with another decoder.</summary>
        public long Checksum()
        {
            long sum = 0;
            for (int i = 0; i < _rgba.Length; i++) sum += _rgba[i] * (long)(i % 251 + 1);
            return sum;
        }

        public static (byte R, byte G, byte B) ParseHex(string hex) => (
            Convert.ToByte(hex.Substring(1, 2), 16), Convert.ToByte(hex.Substring(3, 2), 16), Convert.ToByte(hex.Substring(5, 2), 16));

        private static byte[] Inflate(byte[] zlib)
        {
            using var input = new MemoryStream(zlib);
            using var inflater = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            inflater.CopyTo(output);
            return output.ToArray();
        }

        private static int Paeth(int a, int b, int c)
        {
            int p = a + b - c;
            int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }

        private static uint Crc(ReadOnlySpan<byte> bytes)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc ^ 0xFFFFFFFF;
        }

        private static uint[] BuildCrcTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }
    }
}
