using System;

namespace Msmla.Core.TorchSharpWorkarounds.NativeLoad
{
    /// <summary>
    /// Thrown when a native library needs a symbol version that the host does not provide and that
    /// cannot safely be relaxed (anything other than a known marker version with no behaviour).
    /// </summary>
    public sealed class NativeCompatibilityException : Exception
    {
        /// <summary>Creates the exception with a message that names the library, the version and the remedy.</summary>
        public NativeCompatibilityException(string message) : base(message) { }
    }
}
