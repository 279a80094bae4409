using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Models;
using Msmla.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Cli.Tests.Commands.ImportKeras
{
    public class ImportKerasCommandTests
    {
        [SkippableFact]
        public async Task RealSen2LczNetMfWeights_AreImportedAndSaved_AsH5pyReadsThem()
        {
            string keras = TestPaths.RequireSharedAsset("sen2lcz-net-mf.keras-weights.h5");
            string python = PythonPeer.Require("h5py", "numpy");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string output = Path.Combine(directory.Path, "models", "sen2lcz-net-mf.dat");

            CliResult result = await CliRun.RunAsync("import-keras", "--model", "sen2lcz-net-mf", "--keras", keras, "--output", output, "--json");
            Assert.True(result.ExitCode == 0, result.ToString());
            JsonElement json = result.Json();
            Assert.Equal("2.1.5", json.GetProperty("kerasVersion").GetString());
            var layers = json.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("kerasLayer").GetString()!, l => l.GetProperty("target").GetString()!);
            Assert.Equal(36, layers.Count); // 16 conv + 16 BatchNorm + 4 heads (assets/README.md, models.md)
            Assert.Equal("classifier", layers["dense_4"]); // the final head on block 4 (models.md)
            Assert.Empty(json.GetProperty("unexpectedKeys").EnumerateArray());
            Assert.True(File.Exists(output) && File.Exists(output + ".json"));

            // The saved model holds the file's values: compare with h5py, transposing HWIO -> OIHW and (in, out) -> (out, in).
            string script = """
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], "r") as f:
                    k = np.array(f["conv2d_1/conv2d_1/kernel:0"]).transpose(3, 2, 0, 1).reshape(-1)
                    d = np.array(f["dense_4/dense_4/kernel:0"]).T.reshape(-1)
                    v = np.array(f["batch_normalization_16/batch_normalization_16/moving_variance:0"]).reshape(-1)
                print(" ".join(repr(float(x)) for x in np.concatenate([k[:20], d[-20:], v[:10]])))
                """;
            double[] expected = PythonPeer.Run(python, script, keras).Trim().Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            using LczModel model = LczModels.Load(output);
            var state = model.state_dict();
            float[] conv = state["block1.conv1.weight"].data<float>().ToArray();
            float[] dense = state["classifier.weight"].data<float>().ToArray();
            float[] variance = state["block4.bn4.running_var"].data<float>().ToArray();
            double[] actual = conv.Take(20).Concat(dense.Skip(dense.Length - 20)).Concat(variance.Take(10)).Select(x => (double)x).ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 6);
        }

        [SkippableFact]
        public async Task SmallKerasLayoutFileWrittenByH5py_IsImported()
        {
            string python = PythonPeer.Require("h5py", "numpy");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string keras = Path.Combine(directory.Path, "cnn.h5");
            // The CNN of Rosentreter et al. for 3 channels, 4 classes, 16x16 patches, laid out as Keras 2.1 save_weights
            // does: layer_names (weightless layers included), one group per layer, weight_names, HWIO and (in, out) kernels.
            string script = """
                import sys, h5py, numpy as np
                rng = np.random.default_rng(5)
                layers = []
                cin = 3
                for i, cout in enumerate([16, 32, 64, 128], start=1):
                    layers.append((f"conv2d_{i}", [("kernel", rng.normal(0, 0.2, (3, 3, cin, cout))), ("bias", rng.normal(0, 0.1, cout))]))
                    layers.append((f"batch_normalization_{i}", [("gamma", rng.uniform(0.5, 1.5, cout)), ("beta", rng.normal(0, 0.1, cout)),
                                  ("moving_mean", rng.normal(0, 0.5, cout)), ("moving_variance", rng.uniform(0.5, 2, cout))]))
                    layers.append((f"activation_{i}", []))
                    layers.append((f"max_pooling2d_{i}", []))
                    cin = cout
                layers.append(("flatten_1", []))
                layers.append(("dense_1", [("kernel", rng.normal(0, 0.1, (128, 256))), ("bias", rng.normal(0, 0.1, 256))]))
                layers.append(("dense_2", [("kernel", rng.normal(0, 0.1, (256, 4))), ("bias", rng.normal(0, 0.1, 4))]))
                with h5py.File(sys.argv[1], "w") as f:
                    f.attrs["layer_names"] = [n.encode() for n, _ in layers]
                    f.attrs["keras_version"] = b"2.1.5"
                    f.attrs["backend"] = b"tensorflow"
                    for name, weights in layers:
                        g = f.create_group(name)
                        g.attrs["weight_names"] = [f"{name}/{role}:0".encode() for role, _ in weights]
                        for role, a in weights:
                            g.create_dataset(f"{name}/{role}:0", data=a.astype(np.float32))
                k = np.array(layers[0][1][0][1], dtype=np.float32).transpose(3, 2, 0, 1).reshape(-1)
                d = np.array(layers[-1][1][0][1], dtype=np.float32).T.reshape(-1)
                print(" ".join(repr(float(x)) for x in np.concatenate([k[:12], d])))
                """;
            double[] expected = PythonPeer.Run(python, script, keras).Trim().Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            string output = Path.Combine(directory.Path, "cnn.dat");

            CliResult result = await CliRun.RunAsync("import-keras", "--model", "rosentreter-cnn", "--keras", keras, "--output", output,
                "--input-channels", "3", "--classes", "4", "--patch-size", "16");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("10 Keras layers mapped", result.Out);
            Assert.Contains("dense_2", result.Out);

            using LczModel model = LczModels.Load(output);
            Assert.Equal((3, 4, 16), (model.Options.Bands, model.Options.Classes, model.Options.PatchSize));
            var state = model.state_dict();
            string convKey = state.Keys.First(k => k.EndsWith(".weight", StringComparison.Ordinal) && state[k].dim() == 4);
            string lastDense = state.Keys.Last(k => k.EndsWith(".weight", StringComparison.Ordinal) && state[k].dim() == 2);
            double[] actual = state[convKey].data<float>().ToArray().Take(12).Concat(state[lastDense].data<float>().ToArray()).Select(x => (double)x).ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 6);
        }

        [Fact]
        public async Task An_output_or_its_sidecar_that_is_the_Keras_file_is_refused_and_the_file_is_kept()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string keras = directory.File("weights.h5");
            byte[] content = { 0x89, (byte)'H', (byte)'D', (byte)'F', 1, 2, 3 }; // never read: the output is refused first
            File.WriteAllBytes(keras, content);
            File.CreateSymbolicLink(directory.File("link.dat"), keras);
            string named = directory.File("m.dat.json");
            File.WriteAllBytes(named, content);

            foreach ((string file, string output, string what) in new[]
                     {
                         (keras, keras, $"--output {keras} is the Keras weight file given with --keras"),
                         (keras, Path.Combine(directory.Path, ".", "weights.h5"), "is the Keras weight file given with --keras"),
                         (keras, directory.File("link.dat"), $"--output {directory.File("link.dat")} is the Keras weight file given with --keras ({keras})"),
                         (named, directory.File("m.dat"), $"--output's sidecar {named} is the Keras weight file given with --keras"),
                     })
            {
                CliResult result = await CliRun.RunAsync("import-keras", "--model", "rosentreter-cnn", "--keras", file, "--output", output);
                Assert.True(result.ExitCode == 2, result.ToString());
                Assert.Contains(what, result.Error);
            }
            Assert.Equal(content, File.ReadAllBytes(keras));
            Assert.Equal(content, File.ReadAllBytes(named));
            Assert.False(File.Exists(directory.File("m.dat")));
        }

        [SkippableFact]
        public async Task WeightsThatDoNotFitTheModel_AreAnInputError_NamingTheLayer()
        {
            string keras = TestPaths.RequireSharedAsset("sen2lcz-net-mf.keras-weights.h5");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string output = Path.Combine(directory.Path, "m.dat");
            CliResult result = await CliRun.RunAsync("import-keras", "--model", "sen2lcz-net-mf", "--keras", keras, "--output", output, "--input-channels", "8");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("conv2d_1", result.Error);
            Assert.DoesNotContain("   at ", result.Error); // no stack trace without --verbose
            Assert.False(File.Exists(output));
        }

        [Fact]
        public async Task MissingKerasFile_IsAnInputError()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string missing = Path.Combine(directory.Path, "nope.h5");
            CliResult result = await CliRun.RunAsync("import-keras", "--model", "msmla-18", "--keras", missing, "--output", Path.Combine(directory.Path, "m.dat"));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("nope.h5", result.Error);
            Assert.Contains("does not exist", result.Error);
        }

        [Fact]
        public async Task UnknownModel_IsAUsageError_ListingTheValidNames()
        {
            CliResult result = await CliRun.RunAsync("import-keras", "--model", "resnet-50", "--keras", "x.h5", "--output", "y.dat");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("'resnet-50' is not a model", result.Error);
            Assert.Contains("msmla-18, msmla-50, sen2lcz-net, sen2lcz-net-mf, rosentreter-cnn, lcznet", result.Error);
        }

        [Fact]
        public async Task ModelWithoutKerasOriginal_IsAUsageError()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string file = Path.Combine(directory.Path, "any.h5");
            File.WriteAllBytes(file, new byte[] { 1, 2, 3 });
            CliResult result = await CliRun.RunAsync("import-keras", "--model", "lcznet", "--keras", file, "--output", Path.Combine(directory.Path, "m.dat"));
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("msmla: error:", result.Error);
        }

        [Fact]
        public async Task NotAnHdf5File_IsAnInputError()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string file = Path.Combine(directory.Path, "text.h5");
            File.WriteAllText(file, "this is not HDF5");
            CliResult result = await CliRun.RunAsync("import-keras", "--model", "msmla-18", "--keras", file, "--output", Path.Combine(directory.Path, "m.dat"));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("text.h5", result.Error);
        }

        [Fact]
        public async Task MissingRequiredOption_IsAUsageError()
        {
            CliResult result = await CliRun.RunAsync("import-keras", "--model", "msmla-18", "--keras", "x.h5");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("--output", result.Error);
        }
    }
}
