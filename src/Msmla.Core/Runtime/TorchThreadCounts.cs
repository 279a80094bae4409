namespace Msmla.Core.Runtime
{
    /// <summary>Thread counts for libtorch, resolved from <see cref="TorchThreads"/>.</summary>
    /// <param name="IntraOp">Threads within one operation (<c>torch.set_num_threads</c>).</param>
    /// <param name="InterOp">
    /// Threads of the pool that runs independent operations concurrently (<c>torch.set_num_interop_threads</c>), or null to
    /// leave libtorch's own count.
    /// </param>
    public sealed record TorchThreadCounts(int IntraOp, int? InterOp);
}
