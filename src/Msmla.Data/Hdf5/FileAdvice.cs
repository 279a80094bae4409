using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Msmla.Data.Hdf5
{
    /// <summary>
    /// Tells the operating system which file ranges will be read soon (<c>posix_fadvise(WILLNEED)</c> on
    /// Linux), so that it starts fetching them in parallel while earlier rows are converted. Cold reads
    /// of shuffled batches then overlap instead of waiting one by one. Elsewhere it does nothing.
    /// </summary>
    internal static class FileAdvice
    {
        private const int WillNeedAdvice = 3;
        private static bool s_supported = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

        /// <summary>Announces that <paramref name="length"/> bytes at <paramref name="offset"/> will be read.</summary>
        public static void WillNeed(SafeFileHandle handle, long offset, long length)
        {
            if (!s_supported || length <= 0) return;
            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                _ = Fadvise((int)handle.DangerousGetHandle(), offset, length, WillNeedAdvice);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_supported = false;
            }
            finally
            {
                if (added) handle.DangerousRelease();
            }
        }

        [DllImport("libc", EntryPoint = "posix_fadvise")]
        private static extern int Fadvise(int fd, long offset, long length, int advice);
    }
}
