using System.IO;
using Msmla.Data.Synthetic;

namespace Msmla.Cli.Tests.Support
{
    /// <summary>Tiny So2Sat-layout files from Msmla.Data's synthetic sample (17 classes, 10 bands, 16 x 16 patches).</summary>
    internal static class SyntheticData
    {
        public static SyntheticLczOptions Options { get; } = new() { Seed = 11, PatchSize = 16 };

        /// <summary>Writes training (102), validation (34) and testing (51) files into <paramref name="directory"/>.</summary>
        public static SyntheticSplitFiles Write(string directory, int training = 102, int validation = 34, int testing = 51)
        {
            Directory.CreateDirectory(directory);
            var files = new SyntheticSplitFiles(Path.Combine(directory, "training.h5"), Path.Combine(directory, "validation.h5"), Path.Combine(directory, "testing.h5"));
            SyntheticLczSample.WriteSo2Sat(files.Training, Options, training, 0);
            SyntheticLczSample.WriteSo2Sat(files.Validation, Options, validation, training);
            SyntheticLczSample.WriteSo2Sat(files.Testing, Options, testing, training + validation);
            return files;
        }
    }
}
