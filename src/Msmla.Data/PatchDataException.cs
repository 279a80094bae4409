using System;
using System.IO;

namespace Msmla.Data
{
    /// <summary>
    /// A dataset file cannot be used as it is: the message names the file, the dataset (when the
    /// problem is in one) and the problem (missing dataset, wrong shape, truncated file, labels
    /// that are not one-hot, non-finite values, ...).
    /// </summary>
    public sealed class PatchDataException : IOException
    {
        /// <summary>Creates the exception for a problem in <paramref name="filePath"/>.</summary>
        /// <param name="filePath">The file.</param>
        /// <param name="dataset">The dataset path inside the file, or null when the problem is the file itself.</param>
        /// <param name="problem">What is wrong, as a sentence.</param>
        /// <param name="innerException">The underlying error, if any.</param>
        public PatchDataException(string filePath, string? dataset, string problem, Exception? innerException = null)
            : base(Format(filePath, dataset, problem), innerException)
        {
            FilePath = filePath;
            Dataset = dataset;
            Problem = problem;
        }

        /// <summary>The file with the problem.</summary>
        public string FilePath { get; }

        /// <summary>The dataset path inside the file, or null when the problem concerns the whole file.</summary>
        public string? Dataset { get; }

        /// <summary>The problem, without the file and dataset names.</summary>
        public string Problem { get; }

        private static string Format(string filePath, string? dataset, string problem) =>
            dataset == null ? $"{filePath}: {problem}" : $"{filePath}, dataset '{dataset}': {problem}";
    }
}
