using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Data.Synthetic;
using Msmla.Models.Training;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests
{
    /// <summary>The msmla process itself: Ctrl+C (SIGINT) stops training cleanly with exit code 130 and a resumable checkpoint.</summary>
    public class ProgramTests
    {
        [SkippableFact]
        public async Task Sigint_DuringTraining_SavesACheckpoint_AndExitsWith130()
        {
            Requirement.Host(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "sends SIGINT with kill(1)");
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 68, validation: 17, testing: 17);
            string run = directory.File("run");
            string cli = Path.Combine(AppContext.BaseDirectory, "Msmla.Cli.dll");
            // Read line by line here (the test reacts to the first epoch); killed with its tree in the finally block.
            // Through env --default-signal=INT (coreutils, which execs in place: same process id): a process started in the
            // background of a non-interactive shell inherits SIGINT as ignored, and .NET then leaves it ignored, as a
            // shell does; a CI runner that starts the tests that way must not make this test fail.
            string[] train = { TestProcess.Dotnet, cli, "train", "--model", "msmla-18", "--train", data.Training,
                "--validation", data.Validation, "--epochs", "200", "--batch-size", "17", "--device", "cpu", "--output", run };
            ProcessStartInfo start = TestProcess.StartInfo(Requirement.Tool("env", "coreutils"), new[] { "--default-signal=INT" }.Concat(train).ToArray());
            using var process = Process.Start(start)!;
            var error = new StringBuilder();
            var firstEpoch = new TaskCompletionSource();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data == null) return;
                lock (error) error.AppendLine(e.Data);
                if (e.Data.Contains("Epoch 1/200", StringComparison.Ordinal)) firstEpoch.TrySetResult();
            };
            process.BeginErrorReadLine();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            try
            {
                Task waited = await Task.WhenAny(firstEpoch.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(5)));
                Assert.True(waited == firstEpoch.Task, "training did not finish its first epoch:\n" + error);
                using (var kill = Process.Start("kill", new[] { "-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })) await kill!.WaitForExitAsync();
                Task exited = process.WaitForExitAsync();
                Assert.True(await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(3))) == exited, "msmla did not stop after SIGINT:\n" + error);
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            await output;
            string log;
            lock (error) log = error.ToString();
            Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{log}");
            Assert.Contains("cancelling", log);
            Assert.Contains("msmla train --resume", log);
            Assert.True(File.Exists(Path.Combine(run, "checkpoints", "last.ckpt")), log);
            TrainingHistory history = TrainingHistory.ReadJson(Path.Combine(run, "history.json"));
            Assert.Equal(TrainingStopReason.Cancelled, history.StopReason);
            Assert.InRange(history.Epochs.Count, 1, 199);
        }
    }
}
