using System;
using System.Buffers.Binary;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Msmla.Data.Hdf5
{
    /// <summary>
    /// Checks the start of a file before PureHDF parses it, so that a file that is not HDF5 or was cut
    /// short fails with a clear message rather than a parser error. Reads the superblock signature
    /// (at 0, 512, 1024, ... when a user block precedes it) and the end-of-file address it records.
    /// </summary>
    internal static class Hdf5Superblock
    {
        private static ReadOnlySpan<byte> Signature => new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A };

        /// <summary>Throws <see cref="PatchDataException"/> when the file is not HDF5 or is shorter than its superblock says.</summary>
        public static void Validate(string path, SafeFileHandle handle)
        {
            long length = RandomAccess.GetLength(handle);
            Span<byte> header = stackalloc byte[64];
            for (long at = 0; at + Signature.Length <= length; at = at == 0 ? 512 : at * 2)
            {
                int read = ReadAt(handle, header, at);
                if (read < Signature.Length || !header.Slice(0, Signature.Length).SequenceEqual(Signature)) continue;
                CheckEndOfFile(path, header.Slice(0, read), at, length);
                return;
            }
            throw new PatchDataException(path, null,
                length == 0 ? "the file is empty, not an HDF5 file."
                            : $"not an HDF5 file: no HDF5 signature found in its {length:N0} bytes.");
        }

        private static void CheckEndOfFile(string path, ReadOnlySpan<byte> header, long signatureAt, long length)
        {
            if (header.Length < 9) Truncated(path, length, signatureAt + 64);
            int version = header[8];
            int sizeOfOffsets;
            int baseAt;
            int eofAt;
            switch (version)
            {
                case 0:
                case 1:
                    sizeOfOffsets = header.Length > 13 ? header[13] : 0;
                    baseAt = version == 0 ? 24 : 28;
                    eofAt = baseAt + 2 * sizeOfOffsets;
                    break;
                case 2:
                case 3:
                    sizeOfOffsets = header[9];
                    baseAt = 12;
                    eofAt = baseAt + 2 * sizeOfOffsets;
                    break;
                default:
                    // A newer superblock: leave the detailed checks to the parser.
                    return;
            }
            if (sizeOfOffsets != 8 && sizeOfOffsets != 4 && sizeOfOffsets != 2)
                throw new PatchDataException(path, null, $"the HDF5 superblock (version {version}) is damaged: offsets of {sizeOfOffsets} bytes.");
            if (header.Length < eofAt + sizeOfOffsets) Truncated(path, length, signatureAt + eofAt + sizeOfOffsets);
            ulong baseAddress = ReadOffset(header.Slice(baseAt), sizeOfOffsets);
            ulong endOfFile = ReadOffset(header.Slice(eofAt), sizeOfOffsets);
            if (endOfFile == Undefined(sizeOfOffsets)) return;
            ulong required = baseAddress + endOfFile;
            if ((ulong)length < required) Truncated(path, length, (long)required);
        }

        private static void Truncated(string path, long length, long required) =>
            throw new PatchDataException(path, null,
                $"the HDF5 file is truncated: it should be at least {required:N0} bytes long but has {length:N0} bytes (an interrupted copy or download?).");

        private static ulong ReadOffset(ReadOnlySpan<byte> bytes, int size) => size switch
        {
            8 => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        };

        private static ulong Undefined(int size) => size switch
        {
            8 => ulong.MaxValue,
            4 => uint.MaxValue,
            _ => ushort.MaxValue,
        };

        private static int ReadAt(SafeFileHandle handle, Span<byte> buffer, long offset)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int read = RandomAccess.Read(handle, buffer.Slice(total), offset + total);
                if (read == 0) break;
                total += read;
            }
            return total;
        }
    }
}
