using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.CompilerServices;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// Decodes TIFF LZW (TIFF 6.0 section 13): codes of 9 to 12 bits, most significant bit first, Clear 256,
    /// EndOfInformation 257, the code width growing one code early as libtiff writes it. The table holds no
    /// strings: entry <c>n</c> is the position and length of the previous string in the output plus one byte,
    /// because the current string always follows the previous one there.
    /// </summary>
    internal static unsafe class LzwDecoder
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
            int* starts = stackalloc int[TableSize];
            int* lengths = stackalloc int[TableSize];
            fixed (byte* inBase = input)
            fixed (byte* outBase = output)
            {
                int inLength = input.Length, outLength = output.Length;
                int next = FirstCode, width = 9, limit = (1 << width) - 1;
                int previousStart = 0, previousLength = 0;
                bool hasPrevious = false;
                ulong bits = 0;
                int bitCount = 0, inPos = 0, outPos = 0;

                while (outPos < outLength)
                {
                    if (bitCount < width)
                    {
                        if (inPos + 4 <= inLength && bitCount <= 32)
                        {
                            bits |= (ulong)BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>(inBase + inPos, 4)) << (32 - bitCount);
                            bitCount += 32;
                            inPos += 4;
                        }
                        else
                        {
                            while (bitCount <= 56 && inPos < inLength)
                            {
                                bits |= (ulong)inBase[inPos++] << (56 - bitCount);
                                bitCount += 8;
                            }
                            if (bitCount < width) break; // the data end without EndOfInformation
                        }
                    }
                    int code = (int)(bits >> (64 - width));
                    bits <<= width;
                    bitCount -= width;

                    int start = outPos, length;
                    if (code < ClearCode)
                    {
                        outBase[outPos++] = (byte)code;
                        length = 1;
                    }
                    else if (code == ClearCode)
                    {
                        next = FirstCode;
                        width = 9;
                        limit = (1 << width) - 1;
                        hasPrevious = false;
                        continue;
                    }
                    else if (code == EndCode)
                    {
                        break;
                    }
                    else if (!hasPrevious)
                    {
                        throw new InvalidDataException($"LZW code {code} follows a Clear code; expected a literal byte.");
                    }
                    else if (code < next)
                    {
                        length = lengths[code];
                        outPos = Copy(outBase, starts[code], outPos, length, outLength);
                    }
                    else if (code == next)
                    {
                        // The string being defined: the previous string and its own first byte.
                        length = previousLength + 1;
                        outPos = Copy(outBase, previousStart, outPos, previousLength, outLength);
                        if (outPos < outLength) outBase[outPos++] = outBase[previousStart];
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
        }

        /// <summary>
        /// Copies an earlier string of the output to its end. The source ends at or before the destination, so
        /// short strings are moved in whole 8-byte words: the bytes read past the string were written before,
        /// and the bytes written past it are overwritten by what follows.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Copy(byte* output, int from, int outPos, int length, int outLength)
        {
            if (length <= 16 && outPos + 16 <= outLength)
            {
                ulong a = Unsafe.ReadUnaligned<ulong>(output + from);
                ulong b = Unsafe.ReadUnaligned<ulong>(output + from + 8);
                Unsafe.WriteUnaligned(output + outPos, a);
                Unsafe.WriteUnaligned(output + outPos + 8, b);
                return outPos + length;
            }
            int n = Math.Min(length, outLength - outPos);
            Buffer.MemoryCopy(output + from, output + outPos, outLength - outPos, n);
            return outPos + n;
        }
    }
}
