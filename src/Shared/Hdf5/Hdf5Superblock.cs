using System;
using System.Buffers.Binary;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Msmla.Hdf5
{
    /// <summary>
    /// The start of an HDF5 file: where the superblock is (at 0, 512, 1024, ... when a user block precedes it), the
    /// sizes of addresses and lengths, the base address and the root group's object header. Reading it first makes a
    /// file that is not HDF5 or was cut short fail with a clear message rather than a parser error.
    /// </summary>
    /// <param name="Version">The superblock version (0 to 3).</param>
    /// <param name="OffsetSize">Bytes of a file address.</param>
    /// <param name="LengthSize">Bytes of a length.</param>
    /// <param name="BaseAddress">The absolute position that file addresses are relative to.</param>
    /// <param name="RootAddress">The root group's object header address.</param>
    internal sealed record Hdf5Superblock(int Version, int OffsetSize, int LengthSize, ulong BaseAddress, ulong RootAddress)
    {
        private const int HeaderBytes = 128;

        private static ReadOnlySpan<byte> Signature => new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A };

        /// <summary>Reads the superblock; throws <see cref="Hdf5StructureException"/> when the file is not HDF5, is shorter than its superblock says or uses a newer superblock.</summary>
        public static Hdf5Superblock Read(SafeFileHandle handle)
        {
            long length = RandomAccess.GetLength(handle);
            var header = new byte[HeaderBytes];
            for (long at = 0; at + Signature.Length <= length; at = at == 0 ? 512 : at * 2)
            {
                int read = ReadAt(handle, header, at);
                if (read < Signature.Length || !header.AsSpan(0, Signature.Length).SequenceEqual(Signature)) continue;
                return Parse(header.AsSpan(0, read), at, length);
            }
            throw new Hdf5StructureException(
                length == 0 ? "the file is empty, not an HDF5 file."
                            : $"not an HDF5 file: no HDF5 signature found in its {length:N0} bytes.");
        }

        private static Hdf5Superblock Parse(ReadOnlySpan<byte> header, long signatureAt, long length)
        {
            if (header.Length < 9) throw Truncated(length, signatureAt + HeaderBytes);
            int version = header[8];
            int sizeOfOffsets;
            int sizeOfLengths;
            int baseAt;
            int rootAt;
            switch (version)
            {
                case 0:
                case 1:
                    sizeOfOffsets = header.Length > 13 ? header[13] : 0;
                    sizeOfLengths = header.Length > 14 ? header[14] : 0;
                    baseAt = version == 0 ? 24 : 28;
                    // Base, free-space, end-of-file and driver addresses, then the root entry's name offset and header address.
                    rootAt = baseAt + 5 * sizeOfOffsets;
                    break;
                case 2:
                case 3:
                    sizeOfOffsets = header[9];
                    sizeOfLengths = header.Length > 10 ? header[10] : 0;
                    baseAt = 12;
                    // Base, superblock extension and end-of-file addresses, then the root group's header address.
                    rootAt = baseAt + 3 * sizeOfOffsets;
                    break;
                default:
                    throw new Hdf5StructureException(
                        $"the HDF5 superblock has version {version}, which these readers do not support (they read versions 0 to 3, as written by HDF5 1.8 to 1.14).");
            }
            if (sizeOfOffsets != 8 && sizeOfOffsets != 4 && sizeOfOffsets != 2)
                throw new Hdf5StructureException($"the HDF5 superblock (version {version}) is damaged: offsets of {sizeOfOffsets} bytes.");
            if (sizeOfLengths != 8 && sizeOfLengths != 4 && sizeOfLengths != 2)
                throw new Hdf5StructureException($"the HDF5 superblock (version {version}) is damaged: lengths of {sizeOfLengths} bytes.");
            int eofAt = baseAt + 2 * sizeOfOffsets;
            if (header.Length < rootAt + sizeOfOffsets) throw Truncated(length, signatureAt + rootAt + sizeOfOffsets);
            ulong baseAddress = ReadOffset(header.Slice(baseAt), sizeOfOffsets);
            ulong endOfFile = ReadOffset(header.Slice(eofAt), sizeOfOffsets);
            ulong root = ReadOffset(header.Slice(rootAt), sizeOfOffsets);
            // The library stores the end-of-file address with the base address added (H5F__super_init), unlike other addresses.
            if (endOfFile != Undefined(sizeOfOffsets) && (ulong)length < endOfFile)
                throw Truncated(length, (long)Math.Min(endOfFile, long.MaxValue));
            if (baseAddress > (ulong)length)
                throw new Hdf5StructureException($"the HDF5 superblock is damaged: its base address {baseAddress:N0} lies beyond the end of the file.");
            return new Hdf5Superblock(version, sizeOfOffsets, sizeOfLengths, baseAddress, root);
        }

        /// <summary>The "undefined address" value (all bits set) for addresses of <paramref name="size"/> bytes.</summary>
        public static ulong Undefined(int size) => size >= 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;

        private static Hdf5StructureException Truncated(long length, long required) =>
            new($"the HDF5 file is truncated: it should be at least {required:N0} bytes long but has {length:N0} bytes (an interrupted copy or download?).");

        private static ulong ReadOffset(ReadOnlySpan<byte> bytes, int size) => size switch
        {
            8 => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
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
