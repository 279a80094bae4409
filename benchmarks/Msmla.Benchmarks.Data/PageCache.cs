using System;
using System.Diagnostics;
using System.IO;

namespace Msmla.Benchmarks.Data;

/// <summary>Makes reads cold (drops the page cache, root only) or warm (reads the file once).</summary>
internal static class PageCache
{
    /// <summary>Drops clean cached pages; false when not permitted.</summary>
    public static bool TryDrop()
    {
        try
        {
            using (Process sync = Process.Start("sync")!) sync.WaitForExit();
            File.WriteAllText("/proc/sys/vm/drop_caches", "3");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Reads the whole file so that it sits in the page cache.</summary>
    public static void Warm(string path)
    {
        var buffer = new byte[4 << 20];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        while (stream.Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }
}
