using System;
using System.Runtime.InteropServices;

namespace Msmla.Core.Runtime.Host
{
    /// <summary>
    /// The C library's environment (<c>getenv</c>/<c>setenv</c>), which native libraries read. On Linux .NET keeps its own copy
    /// of the environment: <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach <c>getenv</c>.
    /// </summary>
    internal static class NativeEnvironment
    {
        /// <summary>The value native code sees for <paramref name="name"/>, or null when it is unset (or off Unix).</summary>
        public static string? Get(string name)
        {
            if (OperatingSystem.IsWindows()) return null;
            IntPtr value = GetEnv(name);
            return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
        }

        /// <summary>
        /// Sets <paramref name="name"/> for native code unless it is already set (<c>setenv</c> with overwrite 0, so an
        /// existing value, even one set a moment ago by another thread, is kept). Returns false off Unix or on failure.
        /// </summary>
        /// <remarks>
        /// <c>setenv</c> is not safe against a concurrent <c>getenv</c> on another thread in every C library; call it
        /// before native libraries start threads that read the environment (here: before libtorch loads).
        /// </remarks>
        public static bool SetIfUnset(string name, string value)
        {
            if (OperatingSystem.IsWindows()) return false;
            return SetEnv(name, value, 0) == 0;
        }

        [DllImport("libc", EntryPoint = "getenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        private static extern IntPtr GetEnv(string name);

        [DllImport("libc", EntryPoint = "setenv", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        private static extern int SetEnv(string name, string value, int overwrite);
    }
}
