using System;
using System.IO;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// Recognises a write that failed because the disk (or the user's quota) is full: an <see cref="IOException"/> whose
    /// HResult is the operating system's error (.NET sets the errno on Linux and macOS, the Win32 HRESULT on Windows), here or
    /// among the inner exceptions of a wrapping one.
    /// </summary>
    internal static class DiskFull
    {
        private const int LinuxNoSpace = 28;           // ENOSPC (also on macOS)
        private const int LinuxQuota = 122;            // EDQUOT on Linux
        private const int MacQuota = 69;               // EDQUOT on macOS
        private const int WindowsDiskFull = unchecked((int)0x80070070);       // ERROR_DISK_FULL
        private const int WindowsHandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL

        /// <summary>Whether <paramref name="error"/> or one of its inner exceptions reports a full disk or quota.</summary>
        public static bool Is(Exception? error)
        {
            for (Exception? e = error; e != null; e = e.InnerException)
            {
                if (e is not IOException io) continue;
                int code = io.HResult;
                if (OperatingSystem.IsWindows() ? code is WindowsDiskFull or WindowsHandleDiskFull
                    : code == LinuxNoSpace || (OperatingSystem.IsMacOS() ? code == MacQuota : code == LinuxQuota))
                    return true;
            }
            return false;
        }
    }
}
