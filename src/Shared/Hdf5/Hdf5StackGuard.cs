using System;
using System.Runtime.CompilerServices;

namespace Msmla.Hdf5
{
    /// <summary>
    /// The last line of defence under PureHDF: its readers recurse through a file's structures (soft links, B-trees)
    /// and read the file at every level, so the stream it reads checks, at every read, that the thread's stack is not
    /// nearly used up, and throws instead of letting the process die of a stack overflow. The navigator
    /// (<see cref="Hdf5Navigator"/>) checks links before PureHDF sees them; this catches what it cannot foresee.
    /// </summary>
    internal static class Hdf5StackGuard
    {
        public static void Check()
        {
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
                throw new InsufficientExecutionStackException(
                    "the HDF5 structure nests so deeply (a loop?) that following it would exhaust the stack.");
        }
    }
}
