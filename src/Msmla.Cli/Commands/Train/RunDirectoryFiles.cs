using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Output;
using Msmla.Models.Training;

namespace Msmla.Cli.Commands.Train
{
    /// <summary>
    /// The files <c>msmla train</c> writes into a run directory (its own and, under <c>checkpoints/</c>, the trainer's, named
    /// as <see cref="Msmla.Models.Training.CheckpointOptions"/> documents them), what marks a directory as holding an earlier
    /// run, and the removal of an earlier run's files for <c>--overwrite</c>.
    /// </summary>
    internal static class RunDirectoryFiles
    {
        /// <summary>The final weights (with the sidecar <c>model.dat.json</c>).</summary>
        public const string Model = "model.dat";

        /// <summary>What the run read and how, and the command that repeats it.</summary>
        public const string Manifest = "run.json";

        /// <summary>The architecture and model options.</summary>
        public const string ModelOptions = "model-options.json";

        /// <summary>The trainer options.</summary>
        public const string TrainerOptions = "trainer-options.json";

        /// <summary>The history as CSV.</summary>
        public const string HistoryCsv = "history.csv";

        /// <summary>The history as JSON.</summary>
        public const string HistoryJson = "history.json";

        /// <summary>The learning curves.</summary>
        public const string LearningCurves = "learning-curves.png";

        /// <summary>The trainer's checkpoint directory.</summary>
        public const string Checkpoints = "checkpoints";

        private static readonly string[] s_checkpointFiles =
        {
            RunDirectory.LastFile, RunDirectory.BestFile, RunDirectory.BestModelFile, RunDirectory.BestModelFile + ".json",
            RunDirectory.HistoryJsonFile, RunDirectory.HistoryCsvFile,
        };

        /// <summary>Every file a run writes under a fixed name, relative to the run directory.</summary>
        public static IReadOnlyList<string> Written { get; } =
            new[] { Model, Model + ".json", Manifest, ModelOptions, TrainerOptions, HistoryCsv, HistoryJson, LearningCurves }
                .Concat(MetricsFiles.Names)
                .Concat(s_checkpointFiles.Select(f => Path.Combine(Checkpoints, f)))
                .ToArray();

        /// <summary>
        /// What shows that <paramref name="directory"/> holds an earlier run with something to lose: its <c>model.dat</c>,
        /// <c>checkpoints/last.ckpt</c> or <c>checkpoints/best.ckpt</c>, those present (empty for a new or unrelated
        /// directory). The options files and <c>run.json</c> alone do not count: a run that stopped before its first
        /// checkpoint (bad data, a resume refused) leaves only them, and a corrected retry rewrites them.
        /// </summary>
        public static IReadOnlyList<string> EarlierRun(string directory)
        {
            var marks = new List<string>();
            foreach (string file in new[] { Model, Path.Combine(Checkpoints, RunDirectory.LastFile), Path.Combine(Checkpoints, RunDirectory.BestFile) })
                if (File.Exists(Path.Combine(directory, file))) marks.Add(file);
            return marks;
        }

        /// <summary>
        /// Removes the files an earlier run wrote into <paramref name="directory"/> (the names of <see cref="Written"/> and
        /// the epoch snapshots), so that nothing of it is mistaken for the new run's: no stale <c>best.ckpt</c> of another
        /// architecture, no <c>last.ckpt</c> that <c>--resume</c> would continue. Other files are left alone.
        /// </summary>
        public static IReadOnlyList<string> RemoveEarlierRun(string directory, ILogger logger)
        {
            var removed = new List<string>();
            IEnumerable<string> snapshots = Directory.Exists(Path.Combine(directory, Checkpoints))
                ? Directory.EnumerateFiles(Path.Combine(directory, Checkpoints), RunDirectory.EpochSnapshotPattern)
                : Enumerable.Empty<string>();
            foreach (string file in Written.Select(f => Path.Combine(directory, f)).Concat(snapshots.ToList()))
            {
                if (!File.Exists(file)) continue;
                File.Delete(file);
                removed.Add(file);
            }
            if (removed.Count > 0)
                logger.LogInformation("--overwrite: removed {Count} files of the earlier run in {Directory}", removed.Count, directory);
            return removed;
        }
    }
}
