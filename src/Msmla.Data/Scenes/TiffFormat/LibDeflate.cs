using System;
using System.Runtime.InteropServices;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// The system's libdeflate, when it is installed (Debian's libdeflate0 comes with GDAL): it inflates a whole
    /// block in one call, faster than a zlib stream, and is what GDAL itself uses for Deflate tiles. Without
    /// it, or when it reports anything but success, the reader inflates with System.IO.Compression.
    /// </summary>
    internal static unsafe class LibDeflate
    {
        private static readonly delegate* unmanaged<IntPtr> s_alloc;
        private static readonly delegate* unmanaged<IntPtr, byte*, nuint, byte*, nuint, nuint*, int> s_zlibDecompress;
        private static readonly delegate* unmanaged<IntPtr, void> s_free;

        static LibDeflate()
        {
            foreach (string name in new[] { "libdeflate.so.0", "libdeflate", "deflate" })
            {
                if (!NativeLibrary.TryLoad(name, typeof(LibDeflate).Assembly, null, out IntPtr library)) continue;
                if (NativeLibrary.TryGetExport(library, "libdeflate_alloc_decompressor", out IntPtr alloc)
                    && NativeLibrary.TryGetExport(library, "libdeflate_zlib_decompress", out IntPtr decompress)
                    && NativeLibrary.TryGetExport(library, "libdeflate_free_decompressor", out IntPtr free))
                {
                    s_alloc = (delegate* unmanaged<IntPtr>)alloc;
                    s_zlibDecompress = (delegate* unmanaged<IntPtr, byte*, nuint, byte*, nuint, nuint*, int>)decompress;
                    s_free = (delegate* unmanaged<IntPtr, void>)free;
                    IsAvailable = true;
                    return;
                }
            }
        }

        /// <summary>Whether libdeflate was found.</summary>
        public static bool IsAvailable { get; }

        /// <summary>Turns libdeflate off (tests compare both inflaters).</summary>
        internal static bool Disabled { get; set; }

        /// <summary>Inflates zlib data into <paramref name="output"/>; false when libdeflate is absent or reports a problem (bad data, output too small).</summary>
        public static bool TryInflate(ReadOnlySpan<byte> input, Span<byte> output, out int written)
        {
            written = 0;
            if (!IsAvailable || Disabled) return false;
            IntPtr decompressor = s_alloc();
            if (decompressor == IntPtr.Zero) return false;
            try
            {
                nuint actual = 0;
                int result;
                fixed (byte* source = input)
                fixed (byte* target = output)
                {
                    result = s_zlibDecompress(decompressor, source, (nuint)input.Length, target, (nuint)output.Length, &actual);
                }
                written = (int)actual;
                return result == 0;
            }
            finally
            {
                s_free(decompressor);
            }
        }
    }
}
