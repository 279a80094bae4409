using System;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace Msmla.Core.Runtime
{
    /// <summary>
    /// Applies <see cref="TorchThreads"/> for the length of a run (training, evaluation, prediction) and restores libtorch's
    /// previous intra-op count when the last overlapping run ends. Call <see cref="TorchRuntime.EnsureLoaded"/> first.
    /// </summary>
    /// <remarks>
    /// The counts are process-wide, so overlapping scopes (two predictors on two threads) share one saved value: the first
    /// scope to open saves it, each scope applies its own counts, and the last to close restores it. libtorch keeps the
    /// intra-op count of OpenMP per calling thread and copies the last one set to threads that start using it, so open and
    /// close a scope on the thread that does the work. The inter-op count is set at most once per process and not restored.
    /// </remarks>
    internal sealed class TorchThreadScope : IDisposable
    {
        private static readonly object Gate = new();
        private static int s_open;
        private static int s_saved;
        private static int? s_interOpSet;
        private bool _closed;

        private TorchThreadScope(TorchThreadCounts counts) => Counts = counts;

        /// <summary>The counts applied.</summary>
        public TorchThreadCounts Counts { get; }

        /// <summary>Resolves and applies <paramref name="threads"/>; dispose the result to restore.</summary>
        /// <exception cref="ArgumentException">A count is below 1.</exception>
        public static TorchThreadScope Enter(TorchThreads threads, ILogger logger)
        {
            ArgumentNullException.ThrowIfNull(threads);
            TorchThreadCounts counts = threads.Resolve();
            lock (Gate)
            {
                int current = get_num_threads();
                if (s_open++ == 0) s_saved = current;
                if (current != counts.IntraOp)
                {
                    set_num_threads(counts.IntraOp);
                    logger.LogDebug("libtorch intra-op threads: {Threads} (was {Previous})", counts.IntraOp, current);
                }
                ApplyInterOp(counts.InterOp, logger);
            }
            return new TorchThreadScope(counts);
        }

        /// <summary>Restores the intra-op count saved by the first open scope when this is the last one.</summary>
        public void Dispose()
        {
            lock (Gate)
            {
                if (_closed) return;
                _closed = true;
                if (--s_open == 0 && get_num_threads() != s_saved) set_num_threads(s_saved);
            }
        }

        /// <summary>
        /// Sets the inter-op count when asked for, at most once per process: libtorch refuses a second setting (or one after
        /// inter-op work started) by ending the process, as TorchSharp does not catch that error.
        /// </summary>
        private static void ApplyInterOp(int? requested, ILogger logger)
        {
            if (requested is not int count) return;
            if (s_interOpSet is int set)
            {
                if (set != count)
                    logger.LogWarning("libtorch's inter-op thread count stays {Current}: {Requested} was asked for, but libtorch takes it once per process", set, count);
                return;
            }
            int current = get_num_interop_threads();
            if (current == count) return;
            set_num_interop_threads(count);
            s_interOpSet = count;
            logger.LogDebug("libtorch inter-op threads: {Threads} (was {Previous})", count, current);
        }
    }
}
