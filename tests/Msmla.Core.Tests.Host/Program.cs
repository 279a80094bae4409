using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Microsoft.Extensions.Logging;
using Msmla.Core.Runtime;

// Usage: Msmla.Core.Tests.Host <path of TorchSharp.dll> [--load-first <libLibTorchSharp.so>]
// Prints "key=value" lines: action, library, openmp (the OpenMP wait action), heap (the native heap action), heap-faults
// (minor page faults of 20 rounds of four 8 MiB blocks, see FaultsOfFreedBlocks), cores (AvailableCores.Count),
// torch-default-threads and torch-default-interop (libtorch's own counts), scope-threads and scope-interop (inside a
// TorchThreadScope with the automatic setting), restored-threads (after it), interop-attempt2 and interop-attempt3 (after
// asking for other inter-op counts), gradient, and warning=<message> for each warning logged.
// --load-first loads that native library (which loads libtorch and its OpenMP runtime) and makes a TorchSharp call before
// EnsureLoaded, as a program that uses TorchSharp directly before Msmla does.
// Exits 2 when TorchSharp fails to load.
string torchSharp = Path.GetFullPath(args[0]);
int loadFirst = Array.IndexOf(args, "--load-first");
AssemblyLoadContext.Default.Resolving += (context, name) =>
{
    string candidate = Path.Combine(Path.GetDirectoryName(torchSharp)!, name.Name + ".dll");
    return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
};

try
{
    if (loadFirst > 0)
    {
        NativeLibrary.Load(Path.GetFullPath(args[loadFirst + 1]));
        Console.WriteLine($"torch-first-gradient={Convolve()}");
    }
    TorchRuntimeStatus status = TorchRuntime.EnsureLoaded(logger: new WarningPrinter());
    Console.WriteLine($"action={status.Action}");
    Console.WriteLine($"library={status.LibraryPath}");
    Console.WriteLine($"openmp={status.OpenMp.Action}");
    Console.WriteLine($"heap={status.Heap.Action}");
    Console.WriteLine($"heap-faults={FaultsOfFreedBlocks()}");
    Console.WriteLine($"cores={AvailableCores.Count()}");
    Console.WriteLine($"gradient={Convolve()}");
    PrintThreads();
    return 0;
}
catch (TypeInitializationException e)
{
    Console.WriteLine($"load-failure={e.InnerException?.GetType().Name}");
    return 2;
}

// Minor page faults while 20 rounds allocate and write four blocks of 8 MiB, then free them: about 8,192 (the first
// round) when freed memory is kept; with glibc's defaults the 32 MiB freed at the top of the heap exceed its trim
// threshold (twice the largest freed mmap block), go back to the system and are faulted in again every round.
static long FaultsOfFreedBlocks()
{
    const int size = 8 << 20;
    long before = MinorFaults();
    for (int round = 0; round < 20; round++)
    {
        unsafe
        {
            var blocks = new IntPtr[4];
            for (int i = 0; i < blocks.Length; i++)
            {
                blocks[i] = (IntPtr)NativeMemory.Alloc(size);
                new Span<byte>((void*)blocks[i], size).Fill((byte)round);
            }
            for (int i = blocks.Length - 1; i >= 0; i--) NativeMemory.Free((void*)blocks[i]);
        }
    }
    return MinorFaults() - before;
}

// Field 10 of /proc/self/stat (minflt), after the command name in parentheses.
static long MinorFaults()
{
    string stat = File.ReadAllText("/proc/self/stat");
    return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7], System.Globalization.CultureInfo.InvariantCulture);
}

// The gradient of sum(conv(ones)) with respect to the input, summed, for fixed weights w[o, c, i, j] = k / 108 - 0.5
// (k the flat index): the tests compare it with the value computed by hand, so no random generator is involved.
[MethodImpl(MethodImplOptions.NoInlining)]
static float Convolve()
{
    using var scope = TorchSharp.torch.NewDisposeScope();
    using var conv = TorchSharp.torch.nn.Conv2d(3, 4, 3, padding: 1);
    using (TorchSharp.torch.no_grad())
    {
        conv.weight!.copy_(TorchSharp.torch.arange(108, TorchSharp.torch.ScalarType.Float32).reshape(4, 3, 3, 3) / 108f - 0.5f);
    }
    var input = TorchSharp.torch.ones(2, 3, 8, 8, requires_grad: true);
    conv.call(input).sum().backward();
    return input.grad!.sum().item<float>();
}

[MethodImpl(MethodImplOptions.NoInlining)]
static void PrintThreads()
{
    Console.WriteLine($"torch-default-threads={TorchSharp.torch.get_num_threads()}");
    Console.WriteLine($"torch-default-interop={TorchSharp.torch.get_num_interop_threads()}");
    using (var scope = TorchThreadScope.Enter(TorchThreads.Automatic, new WarningPrinter()))
    {
        Console.WriteLine($"scope-threads={TorchSharp.torch.get_num_threads()}");
        Console.WriteLine($"scope-interop={TorchSharp.torch.get_num_interop_threads()}");
    }
    Console.WriteLine($"restored-threads={TorchSharp.torch.get_num_threads()}");
    // libtorch takes the inter-op count once per process (the automatic scope above set it unless it equalled libtorch's
    // default): of two more explicit requests for other counts, at least the last is refused with a warning.
    for (int attempt = 2; attempt <= 3; attempt++)
    {
        using var again = TorchThreadScope.Enter(new TorchThreads { InterOp = TorchSharp.torch.get_num_interop_threads() + 1 }, new WarningPrinter());
        Console.WriteLine($"interop-attempt{attempt}={TorchSharp.torch.get_num_interop_threads()}");
    }
}

/// <summary>Prints each warning as a warning=... line.</summary>
internal sealed class WarningPrinter : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) Console.WriteLine($"warning={formatter(state, exception).Replace('\n', ' ')}");
    }
}
