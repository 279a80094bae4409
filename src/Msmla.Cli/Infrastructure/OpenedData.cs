using System;
using Msmla.Core.Data;
using Msmla.Data;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>An opened data file and the (possibly normalised) source read from it.</summary>
    internal sealed class OpenedData : IDisposable
    {
        /// <summary>Wraps the file and the source over it.</summary>
        public OpenedData(Hdf5PatchSource file, IPatchSource source)
        {
            File = file;
            Source = source;
        }

        /// <summary>The reader (labels, class counts, file path).</summary>
        public Hdf5PatchSource File { get; }

        /// <summary>What the model reads.</summary>
        public IPatchSource Source { get; }

        /// <summary>Closes the file.</summary>
        public void Dispose() => File.Dispose();
    }
}
