using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Msmla.Hdf5
{
    /// <summary>Positional reads of an HDF5 file's structure blocks, checked against the file's length (thread-safe).</summary>
    internal sealed class Hdf5Source
    {
        private readonly SafeFileHandle _handle;

        public Hdf5Source(SafeFileHandle handle, Hdf5Superblock superblock)
        {
            _handle = handle;
            Superblock = superblock;
            Length = RandomAccess.GetLength(handle);
        }

        public Hdf5Superblock Superblock { get; }

        /// <summary>The file length in bytes.</summary>
        public long Length { get; }

        public int OffsetSize => Superblock.OffsetSize;

        public int LengthSize => Superblock.LengthSize;

        /// <summary>Whether an address is the "undefined" value (storage never allocated, no such structure).</summary>
        public bool IsUndefined(ulong address) => address == Hdf5Superblock.Undefined(OffsetSize);

        /// <summary>A cursor over <paramref name="count"/> bytes at <paramref name="address"/> (relative to the base address).</summary>
        public Hdf5Cursor Cursor(ulong address, long count, string what) =>
            new(Read(address, count, what), what, OffsetSize, LengthSize);

        /// <summary>A cursor over a block already read.</summary>
        public Hdf5Cursor Cursor(byte[] block, string what, int position = 0) => new(block, what, OffsetSize, LengthSize, position);

        /// <summary>Reads <paramref name="count"/> bytes at <paramref name="address"/> (relative to the base address).</summary>
        public byte[] Read(ulong address, long count, string what)
        {
            long start = Absolute(address, what);
            if (count < 0 || count > Hdf5Limits.BlockBytes)
                throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} claims {count:N0} bytes.");
            if (start > Length - count)
                throw new Hdf5StructureException(
                    $"the HDF5 structure is damaged or the file truncated: {what} occupies bytes {start:N0} to {start + count:N0} but the file has {Length:N0}.");
            var buffer = new byte[count];
            int done = 0;
            while (done < count)
            {
                int read = RandomAccess.Read(_handle, buffer.AsSpan(done), start + done);
                if (read == 0) throw new Hdf5StructureException($"the file ends inside {what}: it is truncated.");
                done += read;
            }
            return buffer;
        }

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="address"/>, fewer at the end of the file.</summary>
        public byte[] ReadUpTo(ulong address, long count, string what)
        {
            long start = Absolute(address, what);
            return Read(address, Math.Min(count, Length - start), what);
        }

        private long Absolute(ulong address, string what)
        {
            if (IsUndefined(address)) throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} has no address.");
            ulong absolute = Superblock.BaseAddress + address;
            if (absolute < address || absolute >= (ulong)Length)
                throw new Hdf5StructureException($"the HDF5 structure is damaged: {what} is at address {address:N0}, beyond the end of the file ({Length:N0} bytes).");
            return (long)absolute;
        }
    }
}
