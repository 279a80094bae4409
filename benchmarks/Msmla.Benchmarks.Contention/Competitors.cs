using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Msmla.Benchmarks.Contention;

/// <summary>Single-threaded busy processes (this program with <c>--spin</c>) that compete for the cores while they live.</summary>
internal sealed class Competitors : IDisposable
{
    private readonly List<Process> _processes = new();

    public Competitors(int count)
    {
        for (int i = 0; i < count; i++)
        {
            // This program again: through its apphost, or through dotnet and its assembly when started as "dotnet x.dll".
            string host = Environment.ProcessPath!;
            var info = new ProcessStartInfo(host) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet") info.ArgumentList.Add(typeof(Competitors).Assembly.Location);
            info.ArgumentList.Add("--spin");
            _processes.Add(Process.Start(info)!);
        }
        Thread.Sleep(TimeSpan.FromSeconds(count > 0 ? 2 : 0));
        foreach (Process process in _processes)
        {
            if (process.HasExited) throw new InvalidOperationException($"A competitor ({process.StartInfo.FileName} --spin) ended with exit code {process.ExitCode}.");
        }
    }

    /// <summary>Spins on one thread until killed.</summary>
    public static void Spin()
    {
        ulong counter = 0;
        while (true) counter = unchecked(counter * 6364136223846793005UL + 1442695040888963407UL);
    }

    public void Dispose()
    {
        foreach (Process process in _processes)
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }
        _processes.Clear();
    }
}
