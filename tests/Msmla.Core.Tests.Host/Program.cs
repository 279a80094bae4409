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

[MethodImpl(MethodImplOptions.NoInlining)]
static float Convolve()
{
    using var scope = TorchSharp.torch.NewDisposeScope();
    TorchSharp.torch.random.manual_seed(7);
    using var conv = TorchSharp.torch.nn.Conv2d(3, 4, 3, padding: 1);
    var input = TorchSharp.torch.ones(2, 3, 8, 8, requires_grad: true);
    conv.call(input).sum().backward();
    return input.grad!.sum().item<float>();
}
