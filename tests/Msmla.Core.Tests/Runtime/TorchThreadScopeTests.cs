using System;
using System.Threading;
using Msmla.Core.Runtime;
using Msmla.Tests.Shared;
using Xunit;
using static TorchSharp.torch;

namespace Msmla.Core.Tests.Runtime;

/// <summary>
/// Applying and restoring libtorch's intra-op count in this process, read back with torch.get_num_threads. The counts are
/// process-wide, so these tests run alone (<see cref="GlobalThreadsCollection"/>).
/// </summary>
[Collection(GlobalThreadsCollection.Name)]
public class TorchThreadScopeTests
{
    [Fact]
    public void A_scope_applies_its_count_and_restores_the_previous_one()
    {
        TorchRuntime.EnsureLoaded();
        int original = get_num_threads();
        set_num_threads(3);
        try
        {
            using (TorchThreadScope scope = TorchThreadScope.Enter(new TorchThreads { IntraOp = 1 }, new ListLogger()))
            {
                Assert.Equal(1, get_num_threads());
                Assert.Equal(1, scope.Counts.IntraOp);
            }
            Assert.Equal(3, get_num_threads());
        }
        finally
        {
            set_num_threads(original);
        }
    }

    [Fact]
    public void Overlapping_scopes_restore_the_count_from_before_the_first_when_the_last_ends()
    {
        TorchRuntime.EnsureLoaded();
        int original = get_num_threads();
        set_num_threads(3);
        try
        {
            TorchThreadScope first = TorchThreadScope.Enter(new TorchThreads { IntraOp = 1 }, new ListLogger());
            TorchThreadScope second = TorchThreadScope.Enter(new TorchThreads { IntraOp = 2 }, new ListLogger());
            Assert.Equal(2, get_num_threads());
            first.Dispose();
            Assert.Equal(2, get_num_threads());   // the second run is still going
            second.Dispose();
            Assert.Equal(3, get_num_threads());
            second.Dispose();                      // a second Dispose changes nothing
            Assert.Equal(3, get_num_threads());
        }
        finally
        {
            set_num_threads(original);
        }
    }

    [Fact]
    public void A_thread_that_starts_using_libtorch_inside_a_scope_gets_its_count()
    {
        // libtorch keeps OpenMP's count per thread and gives threads that start using it the last count set.
        TorchRuntime.EnsureLoaded();
        int original = get_num_threads();
        try
        {
            int seen = 0;
            using (TorchThreadScope.Enter(new TorchThreads { IntraOp = 1 }, new ListLogger()))
            {
                var worker = new Thread(() => seen = get_num_threads());
                worker.Start();
                worker.Join();
            }
            Assert.Equal(1, seen);
        }
        finally
        {
            set_num_threads(original);
        }
    }
}

/// <summary>Tests that change libtorch's process-wide thread counts; xunit runs this collection alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalThreadsCollection
{
    public const string Name = "Global torch threads";
}
