using System;
using System.IO;
using Msmla.Data.Synthetic;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Support
{
    /// <summary>Tiny synthetic files and an MSMLA-18 trained on them by <c>msmla train</c>, shared by the evaluate and predict tests.</summary>
    public sealed class TrainedModelFixture : IDisposable
    {
        private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();

        public TrainedModelFixture()
        {
            Files = SyntheticData.Write(Path.Combine(_directory.Path, "data"));
            RunDirectory = Path.Combine(_directory.Path, "run");
            CliResult result = CliRun.RunAsync("train", "--model", "msmla-18", "--train", Files.Training, "--validation", Files.Validation,
                "--epochs", "2", "--batch-size", "17", "--device", "cpu", "--output", RunDirectory, "--quiet").GetAwaiter().GetResult();
            if (result.ExitCode != 0) throw new InvalidOperationException("Training the shared model failed:\n" + result);
            TrainOutput = result;
        }

        internal SyntheticSplitFiles Files { get; }

        public string RunDirectory { get; }

        public string Weights => Path.Combine(RunDirectory, "model.dat");

        internal CliResult TrainOutput { get; }

        public string File(string name) => Path.Combine(_directory.Path, name);

        public void Dispose() => _directory.Dispose();
    }
}
