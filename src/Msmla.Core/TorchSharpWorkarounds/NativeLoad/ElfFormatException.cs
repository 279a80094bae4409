using System;

namespace Msmla.Core.TorchSharpWorkarounds.NativeLoad
{
    /// <summary>
    /// Thrown when a file is not an ELF shared object that the native-library patcher understands
    /// (not ELF, not 64-bit little-endian, truncated, or with inconsistent version tables).
    /// </summary>
    public sealed class ElfFormatException : Exception
    {
        /// <summary>Creates the exception with a message that names the file and the problem.</summary>
        public ElfFormatException(string message) : base(message) { }

        /// <summary>Creates the exception with a message and the exception that caused it.</summary>
        public ElfFormatException(string message, Exception innerException) : base(message, innerException) { }
    }
}
