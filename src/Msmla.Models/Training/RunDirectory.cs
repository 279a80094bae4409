using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace Msmla.Models.Training
{
    /// <summary>The files of a run's checkpoint directory (see <see cref="CheckpointOptions"/>).</summary>
    internal sealed class RunDirectory
    {
        public const string LastFile = "last.ckpt";
        public const string BestFile = "best.ckpt";
        public const string BestModelFile = "best-model.dat";
        public const string HistoryJsonFile = "history.json";
        public const string HistoryCsvFile = "history.csv";
        private const string EpochPrefix = "epoch-";
        private const string CheckpointExtension = ".ckpt";

        /// <summary>The file-name pattern of the per-epoch snapshots (<see cref="EpochSnapshot"/>).</summary>
        public const string EpochSnapshotPattern = EpochPrefix + "*" + CheckpointExtension;

        public RunDirectory(string path) => Path = System.IO.Path.GetFullPath(path);

        public string Path { get; }

        public string Last => System.IO.Path.Combine(Path, LastFile);

        public string Best => System.IO.Path.Combine(Path, BestFile);

        public string BestModel => System.IO.Path.Combine(Path, BestModelFile);

        public string HistoryJson => System.IO.Path.Combine(Path, HistoryJsonFile);

        public string HistoryCsv => System.IO.Path.Combine(Path, HistoryCsvFile);

        /// <summary>The snapshot of 1-based epoch <paramref name="epoch"/>.</summary>
        public string EpochSnapshot(int epoch) =>
            System.IO.Path.Combine(Path, EpochPrefix + epoch.ToString("D4", CultureInfo.InvariantCulture) + CheckpointExtension);

        /// <summary>
        /// Creates the directory and removes temporary files that an interrupted write of one of the run's files left
        /// behind (the complete files are never touched).
        /// </summary>
        public void Prepare(ILogger logger)
        {
            Directory.CreateDirectory(Path);
            foreach (string file in Directory.EnumerateFiles(Path, ".*.tmp"))
            {
                string name = System.IO.Path.GetFileName(file);
                bool ours = new[] { LastFile, BestFile, BestModelFile, HistoryJsonFile, HistoryCsvFile }.Any(f => name.StartsWith("." + f + ".", StringComparison.Ordinal))
                    || name.StartsWith("." + EpochPrefix, StringComparison.Ordinal);
                if (!ours) continue;
                logger.LogWarning("Removing {File}, a temporary file left by an interrupted checkpoint write", file);
                File.Delete(file);
            }
        }

        /// <summary>Deletes epoch snapshots beyond the <paramref name="keep"/> most recent.</summary>
        public void PruneEpochSnapshots(int keep)
        {
            string[] snapshots = Directory.EnumerateFiles(Path, EpochSnapshotPattern)
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
            foreach (string old in snapshots.Take(Math.Max(0, snapshots.Length - keep))) File.Delete(old);
        }

        /// <summary>The checkpoint file a resume path names: the file itself, or <c>last.ckpt</c> in a directory.</summary>
        public static string ResolveCheckpoint(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            if (Directory.Exists(path))
            {
                string last = System.IO.Path.Combine(path, LastFile);
                if (!File.Exists(last))
                    throw new FileNotFoundException($"The directory {path} holds no {LastFile}: nothing to resume from.", last);
                return last;
            }
            if (!File.Exists(path)) throw new FileNotFoundException($"The checkpoint {path} does not exist.", path);
            return path;
        }
    }
}
