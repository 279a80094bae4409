using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Msmla.Core.Runtime;

// Usage: Msmla.Core.Tests.Host <path of TorchSharp.dll>
// Prints "action=<TorchRuntimeAction>" and "gradient=<sum>" on success; exits 2 when TorchSharp fails to load.
string torchSharp = Path.GetFullPath(args[0]);
AssemblyLoadContext.Default.Resolving += (context, name) =>
{
    string candidate = Path.Combine(Path.GetDirectoryName(torchSharp)!, name.Name + ".dll");
    return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
};

TorchRuntimeStatus status = TorchRuntime.EnsureLoaded();
Console.WriteLine($"action={status.Action}");
Console.WriteLine($"library={status.LibraryPath}");
try
{
    Console.WriteLine($"gradient={Convolve()}");
    return 0;
}
catch (TypeInitializationException e)
{
    Console.WriteLine($"load-failure={e.InnerException?.GetType().Name}");
    return 2;
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
