using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests
{
    /// <summary>
    /// Files crafted as an adversarial user would, given to the msmla process: each run ends with exit code 2 and a
    /// message naming the file, within a peak resident memory of 1 GB (measured by GNU time; the requirement, not a
    /// timing). The time limit is only a generous guard against a run that never ends.
    /// </summary>
    [Collection(TrainedModelCollection.Name)]
    public sealed class CraftedFileTests
    {
        private const long MemoryLimitKilobytes = 1L << 20;
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);
        private readonly TrainedModelFixture _trained;

        public CraftedFileTests(TrainedModelFixture trained)
        {
            _trained = trained;
        }

        [SkippableTheory]
        [InlineData("wide", "does not fit")]
        [InlineData("square", "Conv2D layer(s) to fill")]
        [InlineData("loop", "they form a loop")]
        public async Task A_crafted_Keras_file_is_refused_within_a_gigabyte(string variant, string problem)
        {
            string python = PythonPeer.Require("h5py", "numpy");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string keras = directory.File("crafted.h5");
            PythonPeer.Run(python, KerasScript, keras, variant);
            Assert.True(new FileInfo(keras).Length < 1_000_000);

            (CliResult result, long peak) = await RunMeasured(directory.Path, "import-keras", "--model", "rosentreter-cnn", "--keras", keras,
                "--output", directory.File("out.dat"), "--input-channels", "3", "--classes", "4", "--patch-size", "16");
            AssertRefused(result, peak, keras, problem);
            Assert.False(File.Exists(directory.File("out.dat")));
        }

        [SkippableFact]
        public async Task A_sidecar_edited_to_ask_for_a_huge_model_is_refused_within_a_gigabyte()
        {
            string python = PythonPeer.Require("numpy");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string weights = directory.File("model.dat");
            File.Copy(_trained.Weights, weights);
            File.Copy(_trained.Weights + ".json", weights + ".json");
            PythonPeer.Run(python, """
import sys, json
path = sys.argv[1]
sidecar = json.load(open(path))
sidecar['options']['stageWidths'] = [16, 32, 6000]
json.dump(sidecar, open(path, 'w'))
""", weights + ".json");

            (CliResult result, long peak) = await RunMeasured(directory.Path, "predict", "--weights", weights, "--data", _trained.Files.Testing,
                "--output", directory.File("predictions.csv"));
            AssertRefused(result, peak, weights, "'stage3.block0.conv1.weight' is [6000, 32, 1, 1] for these options but [64, 32, 1, 1] in the weights");
        }

        [SkippableFact]
        public async Task A_checkpoint_edited_to_ask_for_a_huge_model_is_refused_within_a_gigabyte()
        {
            string python = PythonPeer.Require("numpy");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string checkpoint = directory.File("last.ckpt");
            // Rewrites the run state of the checkpoint container (MSMLACKP, version, three length-prefixed sections, SHA-256).
            PythonPeer.Run(python, """
import sys, json, struct, hashlib
source, target = sys.argv[1], sys.argv[2]
data = open(source, 'rb').read()
assert data[:8] == b'MSMLACKP'
position, sections = 12, []
version = struct.unpack_from('<i', data, 8)[0]
for _ in range(3 if version == 1 else 4):
    length = struct.unpack_from('<q', data, position)[0]
    sections.append(data[position + 8:position + 8 + length])
    position += 8 + length
state = json.loads(sections[0])
state['ModelOptions']['StageWidths'] = [16, 32, 6000]
sections[0] = json.dumps(state).encode()
out = data[:12] + b''.join(struct.pack('<q', len(s)) + s for s in sections)
open(target, 'wb').write(out + hashlib.sha256(out).digest())
""", Path.Combine(_trained.RunDirectory, "checkpoints", "last.ckpt"), checkpoint);

            (CliResult result, long peak) = await RunMeasured(directory.Path, "train", "--resume", checkpoint, "--train", _trained.Files.Training,
                "--validation", _trained.Files.Validation, "--epochs", "3", "--output", directory.File("run"));
            AssertRefused(result, peak, checkpoint, "its model weights do not fit the MSMLA-18 that its run state describes");
        }

        [SkippableTheory]
        [InlineData("random-state", "is not valid: its RandomState holds 3 bytes, but the random generator's state has")]
        public async Task A_checkpoint_whose_run_state_was_edited_is_refused_naming_it(string variant, string problem)
        {
            // Before: libtorch aborted the process on the random state (exit 134).
            string python = PythonPeer.Require("numpy");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string checkpoint = directory.File("last.ckpt");
            PythonPeer.Run(python, """
import sys, json, struct, hashlib, base64
source, target, variant = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(source, 'rb').read()
position, sections = 12, []
version = struct.unpack_from('<i', data, 8)[0]
for _ in range(3 if version == 1 else 4):
    length = struct.unpack_from('<q', data, position)[0]
    sections.append(data[position + 8:position + 8 + length])
    position += 8 + length
state = json.loads(sections[0])
# A mid-epoch checkpoint of epoch 1 after 2 batches, as an interrupted run writes it.
state.update({'Epoch': 0, 'BatchesDone': 2, 'StopReason': 'InProgress', 'History': [],
              'Partial': {'LossSum': 5.0, 'Correct': 3, 'Samples': 34, 'Seconds': 1.0, 'LearningRate': 0.002}})
if variant == 'random-state':
    state['RandomState'] = base64.b64encode(b'\x01\x02\x03').decode()
sections[0] = json.dumps(state).encode()
out = data[:12] + b''.join(struct.pack('<q', len(s)) + s for s in sections)
open(target, 'wb').write(out + hashlib.sha256(out).digest())
""", Path.Combine(_trained.RunDirectory, "checkpoints", "last.ckpt"), checkpoint, variant);

            (CliResult result, long peak) = await RunMeasured(directory.Path, "train", "--resume", checkpoint, "--train", _trained.Files.Training,
                "--validation", _trained.Files.Validation, "--epochs", "3", "--output", directory.File("run"));
            AssertRefused(result, peak, checkpoint, problem);
            Assert.Contains($"The run state in {checkpoint} is not valid", result.Error);
            Assert.DoesNotContain("(Parameter", result.Error);
            Assert.DoesNotContain("frame #", result.Error);
        }

        [SkippableTheory]
        [InlineData("soft-loop", "they form a loop")]
        [InlineData("hard-cycle", "the Sentinel-2 dataset is missing")]
        [InlineData("never-written", "were ever written")]
        [InlineData("external-link", "links to other files are not followed: pass --allow-external-files to follow them")]
        public async Task A_crafted_data_file_is_refused_within_a_gigabyte(string variant, string problem)
        {
            string python = PythonPeer.Require("h5py", "numpy");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string data = directory.File("crafted.h5");
            PythonPeer.Run(python, """
import sys, h5py, numpy as np
path, variant = sys.argv[1], sys.argv[2]
with h5py.File(path, 'w') as f:
    if variant == 'soft-loop':
        f['sen2'] = h5py.SoftLink('/x'); f['x'] = h5py.SoftLink('/sen2')
    elif variant == 'hard-cycle':
        g = f.create_group('g'); g['loop'] = g
    elif variant == 'external-link':
        with h5py.File(path + '.target.h5', 'w') as t:
            t['sen2'] = np.zeros((4, 16, 16, 10)); t['label'] = np.eye(17)[:4]
        f['sen2'] = h5py.ExternalLink(path + '.target.h5', '/sen2'); f['label'] = np.eye(17)[:4]
    else:
        f.create_dataset('sen2', shape=(30000000, 16, 16, 10), chunks=(1, 16, 16, 10), dtype='f8')
""", data, variant);

            (CliResult result, long peak) = await RunMeasured(directory.Path, "predict", "--weights", _trained.Weights, "--data", data,
                "--output", directory.File("predictions.csv"));
            AssertRefused(result, peak, data, problem);
            Assert.DoesNotContain("ReadOptions", result.Error); // the command's option, not the library's
        }

        private static void AssertRefused(CliResult result, long peakKilobytes, string file, string problem)
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains(file, result.Error);
            Assert.Contains(problem, result.Error);
            Assert.True(peakKilobytes < MemoryLimitKilobytes, $"peak resident memory {peakKilobytes:N0} kB\n{result}");
        }

        /// <summary>Runs <c>msmla</c> as its own process under GNU time and returns the result and the peak resident memory in kB.</summary>
        private static async Task<(CliResult Result, long PeakKilobytes)> RunMeasured(string directory, params string[] arguments)
        {
            string time = Requirement.Tool("time", "time");   // GNU time (the shell's builtin cannot report memory)
            string report = Path.Combine(directory, "time.txt");
            string cli = Path.Combine(AppContext.BaseDirectory, "Msmla.Cli.dll");
            var command = new List<string> { "-f", "%M", "-o", report, "dotnet", cli };
            command.AddRange(arguments);
            CliResult result = await ProcessRunner.RunAsync(time, command, directory, Guard);
            // GNU time writes "Command exited with non-zero status N" first when the status is not 0; %M is the last line.
            string peak = File.ReadAllLines(report).Last(l => l.Trim().Length > 0);
            return (result, long.Parse(peak.Trim(), CultureInfo.InvariantCulture));
        }

        /// <summary>
        /// The CNN of Rosentreter et al. for 3 channels, 4 classes and 16 x 16 patches in Keras' save_weights layout, with
        /// the first kernel replaced: "wide" by a chunked (3, 3, 3, 50,000,000) float32 dataset never written (1.8 GB
        /// claimed), "square" by a (20000, 20000) float64 one (3.2 GB), "loop" by a soft-link loop.
        /// </summary>
        private const string KerasScript = """
import sys, h5py, numpy as np
path, variant = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(5)
layers = []
cin = 3
for i, cout in enumerate([16, 32, 64, 128], start=1):
    layers.append((f"conv2d_{i}", [("kernel", rng.normal(0, 0.2, (3, 3, cin, cout))), ("bias", rng.normal(0, 0.1, cout))]))
    layers.append((f"batch_normalization_{i}", [("gamma", rng.uniform(0.5, 1.5, cout)), ("beta", rng.normal(0, 0.1, cout)),
                  ("moving_mean", rng.normal(0, 0.5, cout)), ("moving_variance", rng.uniform(0.5, 2, cout))]))
    cin = cout
layers.append(("dense_1", [("kernel", rng.normal(0, 0.1, (128, 256))), ("bias", rng.normal(0, 0.1, 256))]))
layers.append(("dense_2", [("kernel", rng.normal(0, 0.1, (256, 4))), ("bias", rng.normal(0, 0.1, 4))]))
with h5py.File(path, "w") as f:
    f.attrs["layer_names"] = [n.encode() for n, _ in layers]
    f.attrs["keras_version"] = b"2.1.5"
    for name, weights in layers:
        g = f.create_group(name)
        g.attrs["weight_names"] = [f"{name}/{role}:0".encode() for role, _ in weights]
        for role, a in weights:
            g.create_dataset(f"{name}/{role}:0", data=a.astype(np.float32))
    g = f["conv2d_1"]
    if variant == "loop":
        del g["conv2d_1"]
        g["conv2d_1"] = h5py.SoftLink("/conv2d_1/y")
        g["y"] = h5py.SoftLink("/conv2d_1/conv2d_1")
    else:
        del g["conv2d_1/kernel:0"]
        if variant == "wide":
            g.create_dataset("conv2d_1/kernel:0", shape=(3, 3, 3, 50000000), chunks=(3, 3, 3, 100000), dtype="f4")
        else:
            g.create_dataset("conv2d_1/kernel:0", shape=(20000, 20000), chunks=(1000, 1000), dtype="f8")
""";
    }
}
