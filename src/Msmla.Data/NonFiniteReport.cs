using System.Collections.Generic;
using System.Linq;

namespace Msmla.Data
{
    /// <summary>
    /// Patches found holding NaN or infinite values while reading with <see cref="NonFiniteHandling.Report"/>.
    /// Each patch is counted once however often it is read. Thread-safe.
    /// </summary>
    public sealed class NonFiniteReport
    {
        private readonly object _gate = new();
        private readonly HashSet<long> _patches = new();
        private long _values;

        /// <summary>The number of distinct patches seen with non-finite values.</summary>
        public long PatchCount
        {
            get
            {
                lock (_gate) return _patches.Count;
            }
        }

        /// <summary>The number of non-finite values in those patches.</summary>
        public long ValueCount
        {
            get
            {
                lock (_gate) return _values;
            }
        }

        /// <summary>The source indices of the affected patches, ascending.</summary>
        public IReadOnlyList<long> PatchIndices
        {
            get
            {
                lock (_gate) return _patches.OrderBy(i => i).ToArray();
            }
        }

        /// <summary>Records a patch; returns true when it had not been seen before.</summary>
        internal bool Add(long patchIndex, int nonFiniteValues)
        {
            lock (_gate)
            {
                if (!_patches.Add(patchIndex)) return false;
                _values += nonFiniteValues;
                return true;
            }
        }
    }
}
