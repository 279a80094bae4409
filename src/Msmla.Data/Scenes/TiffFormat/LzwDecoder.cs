using System;
using System.IO;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// Decodes TIFF LZW (TIFF 6.0 section 13): codes of 9 to 12 bits, most significant bit first, Clear 256,
    /// EndOfInformation 257, the code width growing one code early as libtiff writes it. The table holds no
    /// strings: entry <c>n</c> is the position and length of the previous string in the output plus one byte,
    /// because the current string always follows the previous one there.
    /// </summary>
    internal static class LzwDecoder
    {
        private const int ClearCode = 256;
        private const int EndCode = 257;
        private const int FirstCode = 258;
        private const int TableSize = 4096;

        /// <summary>Decodes <paramref name="input"/> into <paramref name="output"/> until the output is full, the data end or EndOfInformation; returns the bytes written.</summary>
        /// <exception cref="InvalidDataException">The data are not valid LZW (or use the old bit-reversed LZW of libtiff before 5.0).</exception>
        public static int Decode(ReadOnlySpan<byte> input, Span<byte> output)
        {
            if (input.Length >= 2 && input[0] == 0 && (input[1] & 0x1) != 0)
                throw new InvalidDataException("The block uses the old-style (pre-TIFF 6.0, least significant bit first) LZW, which is not supported.");
            Span<int> starts = stackalloc int[TableSize];
            Span<int> lengths = stackalloc int[TableSize];
            int next = FirstCode, width = 9, limit = (1 << width) - 1;
            int previousStart = 0, previousLength = 0;
            bool hasPrevious = false;
            ulong bits = 0;
            int bitCount = 0, inPos = 0, outPos = 0, outLength = output.Length;

            while (outPos < outLength)
            {
                if (bitCount < width)
                {
                    while (bitCount <= 56 && inPos < input.Length)
                    {
                        bits |= (ulong)input[inPos++] << (56 - bitCount);
                        bitCount += 8;
                    }
                    if (bitCount < width) break; // the data end without EndOfInformation
                }
                int code = (int)(bits >> (64 - width));
                bits <<= width;
                bitCount -= width;

                if (code == ClearCode)
                {
                    next = FirstCode;
                    width = 9;
                    limit = (1 << width) - 1;
                    hasPrevious = false;
                    continue;
                }
                if (code == EndCode) break;

                int start = outPos, length;
                if (code < ClearCode)
                {
                    output[outPos++] = (byte)code;
                    length = 1;
                }
                else if (!hasPrevious)
                {
                    throw new InvalidDataException($"LZW code {code} follows a Clear code; expected a literal byte.");
                }
                else if (code < next)
                {
                    length = lengths[code];
                    Copy(output, starts[code], ref outPos, length);
                }
                else if (code == next)
                {
                    // The string being defined: the previous string and its own first byte.
                    length = previousLength + 1;
                    Copy(output, previousStart, ref outPos, previousLength);
                    if (outPos < outLength) output[outPos++] = output[previousStart];
                }
                else
                {
                    throw new InvalidDataException($"LZW code {code} is beyond the {next} codes defined so far.");
                }

                if (hasPrevious && next < TableSize)
                {
                    starts[next] = previousStart;
                    lengths[next] = previousLength + 1;
                    next++;
                    if (next >= limit && width < 12)
                    {
                        width++;
                        limit = (1 << width) - 1;
                    }
                }
                hasPrevious = true;
                previousStart = start;
                previousLength = length;
            }
            return outPos;
        }

        private static void Copy(Span<byte> output, int from, ref int outPos, int length)
        {
            int n = Math.Min(length, output.Length - outPos);
            if (n <= 8)
            {
                for (int i = 0; i < n; i++) output[outPos + i] = output[from + i];
            }
            else
            {
                output.Slice(from, n).CopyTo(output.Slice(outPos, n));
            }
            outPos += n;
        }
    }
}
