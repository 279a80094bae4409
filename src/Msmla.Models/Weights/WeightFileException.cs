using System;
using System.IO;

namespace Msmla.Models.Weights
{
    /// <summary>
    /// A weight file (or its JSON sidecar) cannot be used: it is missing, truncated, corrupt, of another format, or
    /// holds weights that do not fit the model. The message names the file and the problem.
    /// </summary>
    public sealed class WeightFileException : IOException
    {
        /// <summary>Creates the exception for a file and a problem.</summary>
        /// <param name="filePath">The file that could not be used.</param>
        /// <param name="problem">What is wrong, as a sentence.</param>
        /// <param name="innerException">The underlying error, if any.</param>
        public WeightFileException(string filePath, string problem, Exception? innerException = null)
            : base($"{filePath}: {problem}", innerException)
        {
            FilePath = filePath;
            Problem = problem;
        }

        /// <summary>The file that could not be used.</summary>
        public string FilePath { get; }

        /// <summary>What is wrong with it, without the file name.</summary>
        public string Problem { get; }
    }
}
