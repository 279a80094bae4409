using System.Collections.Generic;
using System.IO;
using Msmla.Cli.Infrastructure;
using Msmla.Core.IO;

namespace Msmla.Cli.Commands.Train
{
    /// <summary>
    /// What <c>msmla train</c> checks about its output directory before it reads any data: it can be written, none of the
    /// files a run writes there is one of the inputs (<see cref="OutputGuard"/>), and an earlier run there (see
    /// <see cref="RunDirectoryFiles.EarlierRun"/>) is neither silently replaced nor mixed with another: a new run needs
    /// <c>--overwrite</c>, and <c>--resume</c> continues only the run whose checkpoints are in that directory.
    /// </summary>
    internal static class RunDirectoryGuard
    {
        /// <summary>Checks (and creates) the output directory of <paramref name="settings"/>.</summary>
        /// <exception cref="CliException">The directory cannot be used (input error, exit code 2).</exception>
        public static void Check(TrainSettings settings)
        {
            string output = settings.OutputDirectory;
            OutputGuard.CheckDirectory(output, "--output", RunDirectoryFiles.Written, Inputs(settings));
            IReadOnlyList<string> earlier = RunDirectoryFiles.EarlierRun(output);
            if (earlier.Count == 0 || settings.Overwrite) return;
            string marks = string.Join(", ", earlier);
            string checkpoints = Path.Combine(output, RunDirectoryFiles.Checkpoints);
            if (settings.Resume == null)
                throw CliException.Input(
                    $"--output {output} holds an earlier run ({marks}): a new run would replace its model, checkpoints and history. " +
                    $"Continue that run with --resume {checkpoints}, replace it with --overwrite, or choose another --output.");
            string resumed = Directory.Exists(settings.Resume) ? settings.Resume : Path.GetDirectoryName(settings.Resume) ?? settings.Resume;
            if (!FileIdentity.IsSameFile(resumed, checkpoints))
                throw CliException.Input(
                    $"--output {output} holds another run ({marks}) than the one resumed from {settings.Resume}: resuming there would replace it. " +
                    $"Give the resumed run's own directory or a new one as --output.");
        }

        /// <summary>The files a run reads (the resumed checkpoint is not among them: the trainer replaces it as it goes, by design).</summary>
        private static List<CommandInput> Inputs(TrainSettings settings)
        {
            var inputs = new List<CommandInput> { new("the training file given with --train", settings.TrainFile) };
            if (settings.ValidationFile != null) inputs.Add(new CommandInput("the validation file given with --validation", settings.ValidationFile));
            if (settings.TrainerOptionsFile != null) inputs.Add(new CommandInput("the trainer options file given with --trainer-options", settings.TrainerOptionsFile));
            if (settings.ModelOptionsFile != null) inputs.Add(new CommandInput("the model options file given with --options", settings.ModelOptionsFile));
            return inputs;
        }
    }
}
