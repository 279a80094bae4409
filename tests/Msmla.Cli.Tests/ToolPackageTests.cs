using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests
{
    /// <summary>The CLI packs as a dotnet tool that installs from the local package and runs.</summary>
    public class ToolPackageTests
    {
        [SkippableFact]
        public async Task Pack_InstallIntoAToolPath_AndRunModels()
        {
            Requirement.Host(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64,
                "the test packs the linux-x64 tool package");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string packages = directory.File("packages"), tools = directory.File("tools");
            string project = Path.Combine(TestPaths.RepositoryRoot, "src", "Msmla.Cli");
            TimeSpan limit = TimeSpan.FromMinutes(10);

            CliResult pack = await ProcessRunner.RunAsync("dotnet",
                new[] { "pack", project, "-c", "Release", "-o", packages, "-p:ToolPackageRuntimeIdentifiers=linux-x64",
                    // Its own bin/ and obj/: other tests build and pack the same projects at the same time.
                    $"-p:ArtifactsPath={directory.File("artifacts")}" }, TestPaths.RepositoryRoot, limit);
            Assert.True(pack.ExitCode == 0, pack.ToString());
            string[] created = Directory.GetFiles(packages, "*.nupkg").Select(Path.GetFileName).ToArray()!;
            Assert.Contains(created, f => f!.StartsWith("Msmla.Cli.linux-x64.", StringComparison.Ordinal));
            Assert.Contains(created, f => f!.StartsWith("Msmla.Cli.0", StringComparison.Ordinal));

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
        }
    }
}
