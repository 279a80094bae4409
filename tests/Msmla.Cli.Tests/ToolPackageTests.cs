using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests
{
    /// <summary>
    /// The CLI packs as a dotnet tool that installs from the local package and runs: its README is its own, it carries no
    /// symbol or documentation files and none of the libtorch files that nothing loads, and the installed tool runs
    /// <c>demo</c> (training, evaluation, plots, a map: every native library it needs) and the pretrained model.
    /// </summary>
    public class ToolPackageTests
    {
        [SkippableFact]
        public async Task Pack_InstallIntoAToolPath_AndRunModels()
        {
            Requirement.Host(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64,
                "the test packs the linux-x64 tool package");
            string weights = TestPaths.RequireSharedAsset("sen2lcz-net-mf.keras-weights.h5");   // the tool embeds it (Msmla.Models.Pretrained)
            using var directory = TestPaths.CreateTemporaryDirectory();
            string packages = directory.File("packages"), tools = directory.File("tools");
            string project = Path.Combine(TestPaths.RepositoryRoot, "src", "Msmla.Cli");
            TimeSpan limit = TimeSpan.FromMinutes(10);

            CliResult pack = await ProcessRunner.RunAsync("dotnet",
                new[] { "pack", project, "-c", "Release", "-o", packages, "-p:ToolPackageRuntimeIdentifiers=linux-x64",
                    // Its own bin/ and obj/: other tests build and pack the same projects at the same time.
                    $"-p:ArtifactsPath={directory.File("artifacts")}", $"-p:MsmlaPretrainedAssets={Path.GetDirectoryName(weights)}" },
                TestPaths.RepositoryRoot, limit);
            Assert.True(pack.ExitCode == 0, pack.ToString());
            string[] created = Directory.GetFiles(packages, "*.nupkg").Select(Path.GetFileName).ToArray()!;
            Assert.Contains(created, f => f!.StartsWith("Msmla.Cli.linux-x64.", StringComparison.Ordinal));
            Assert.Contains(created, f => f!.StartsWith("Msmla.Cli.0", StringComparison.Ordinal));
            string platformPackage = Directory.GetFiles(packages, "Msmla.Cli.linux-x64.*.nupkg").Single();
            PackageReadme.AssertOwn("Msmla.Cli", PackageReadme.Read(platformPackage), File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md")));
            using (ZipArchive archive = ZipFile.OpenRead(platformPackage))
            {
                string[] names = archive.Entries.Select(e => e.Name).ToArray();
                foreach (string unused in new[] { "libtorch_python.so", "libtorchbind_test.so", "libjitbackend_test.so", "libbackend_with_compiler.so", "libnnapi_backend.so", "libaoti_custom_ops.so" })
                    Assert.DoesNotContain(unused, names);
                Assert.DoesNotContain(names, n => n.EndsWith(".pdb", StringComparison.Ordinal) || (n.StartsWith("Msmla.", StringComparison.Ordinal) && n.EndsWith(".xml", StringComparison.Ordinal)));
                foreach (string needed in new[] { "libLibTorchSharp.so", "libtorch.so", "libc10.so", "libtorch_cpu.so", "libgomp-98b21ff3.so.1", "libSkiaSharp.so", "Msmla.Models.Pretrained.dll" })
                    Assert.Contains(needed, names);
            }

            // Install from the local packages only.
            string config = directory.File("nuget.config");
            File.WriteAllText(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{packages}" />
                  </packageSources>
                </configuration>
                """);
            CliResult install = await ProcessRunner.RunAsync("dotnet",
                new[] { "tool", "install", "Msmla.Cli", "--tool-path", tools, "--configfile", config }, directory.Path, limit);
            Assert.True(install.ExitCode == 0, install.ToString());

            CliResult models = await ProcessRunner.RunAsync(Path.Combine(tools, "msmla"), new[] { "models", "--json" }, directory.Path, TimeSpan.FromMinutes(2));
            Assert.True(models.ExitCode == 0, models.ToString());
            using JsonDocument json = JsonDocument.Parse(models.Out);
            JsonElement msmla18 = json.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "msmla-18");
            Assert.Equal(180_747, msmla18.GetProperty("trainableParameters").GetInt64());

            CliResult usage = await ProcessRunner.RunAsync(Path.Combine(tools, "msmla"), new[] { "models", "--nope" }, directory.Path, TimeSpan.FromMinutes(1));
            Assert.Equal(1, usage.ExitCode);

            // The main job, small: every native library the tool loads (libtorch, SkiaSharp, HDF5 and GeoTIFF in managed code).
            string demo = directory.File("demo");
            CliResult run = await ProcessRunner.RunAsync(Path.Combine(tools, "msmla"),
                new[] { "demo", "--train-patches", "68", "--validation-patches", "34", "--test-patches", "34", "--patch-size", "32", "--epochs", "1",
                    "--scene-size", "64x48", "--threads", "1", "-o", demo, "--json" }, directory.Path, TimeSpan.FromMinutes(5));
            Assert.True(run.ExitCode == 0, run.ToString());
            foreach (string file in new[] { "model.dat", "confusion-matrix.png", "learning-curves.png", "lcz-map.tif", "lcz-map.quicklook.png" })
                Assert.True(File.Exists(Path.Combine(demo, file)), $"demo did not write {file}:\n{run}");

            // The pretrained model ships inside the tool: no weights file on the command line.
            string predictions = directory.File("pretrained.csv");
            CliResult pretrained = await ProcessRunner.RunAsync(Path.Combine(tools, "msmla"),
                new[] { "predict", "--model", "sen2lcz-net-mf", "--data", Path.Combine(demo, "data", "testing.h5"), "--device", "cpu", "-o", predictions, "--json" },
                directory.Path, TimeSpan.FromMinutes(2));
            Assert.True(pretrained.ExitCode == 0, pretrained.ToString());
            Assert.Equal(34, JsonDocument.Parse(pretrained.Out).RootElement.GetProperty("patches").GetInt32());
            Assert.Equal(1 + 34, File.ReadAllLines(predictions).Length);
        }
    }
}
