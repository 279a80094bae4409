using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Core.Preprocessing;
using Msmla.Data.Synthetic;
using Msmla.Models;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests
{
    /// <summary>
    /// Every C# snippet of the README compiles against the sources and runs: each becomes a method of one scratch program
    /// (its using directives kept), the files it opens are made first (a saved model, a patch file, a scene, the released
    /// Keras weights), and each runs as its own process in a fresh directory.
    /// </summary>
    public class ReadmeSnippetTests
    {
        private static readonly string[] s_bands = { "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12" };

        [Fact]
        public async Task Every_csharp_snippet_of_the_README_compiles_and_runs()
        {
            string readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
            List<string> snippets = Regex.Matches(readme, "```csharp\n(.*?)```", RegexOptions.Singleline)
                .Select(m => m.Groups[1].Value)
                .Where(s => !s.StartsWith("#:", StringComparison.Ordinal))   // file-based apps: Msmla.Core.Tests' ReadmeFeedSnippetTests run them on the packages
                .ToList();
            Assert.True(snippets.Count >= 9, $"only {snippets.Count} C# snippets found");

            using var directory = TestPaths.CreateTemporaryDirectory();
            string project = Path.Combine(directory.Path, "snippets");
            Directory.CreateDirectory(project);
            var cases = new StringBuilder();
            for (int i = 0; i < snippets.Count; i++)
            {
                (string usings, string body, string types) = Split(snippets[i]);
                File.WriteAllText(Path.Combine(project, $"Snippet{i}.cs"),
                    $"{usings}\nnamespace ReadmeSnippets;\n\ninternal static class Snippet{i}\n{{\n    public static void Run()\n    {{\n{Indent(body)}\n    }}\n}}\n\n{types}\n");
                cases.Append($"    case \"{i}\": ReadmeSnippets.Snippet{i}.Run(); break;\n");
            }
            File.WriteAllText(Path.Combine(project, "Program.cs"),
                $"switch (args[0])\n{{\n{cases}    default: throw new System.ArgumentException(args[0]);\n}}\n");
            string src = Path.Combine(TestPaths.RepositoryRoot, "src");
            File.WriteAllText(Path.Combine(project, "snippets.csproj"), $"""
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <NoWarn>CS1591</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="{src}/Msmla.Data/Msmla.Data.csproj" />
    <ProjectReference Include="{src}/Msmla.Plotting/Msmla.Plotting.csproj" />
    <ProjectReference Include="{src}/Msmla.Models.Pretrained/Msmla.Models.Pretrained.csproj" />
    <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
    <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="8.0.3" />
  </ItemGroup>
</Project>
""");
            string artifacts = Path.Combine(directory.Path, "artifacts");
            CliResult build;
            using (RepositoryBuildLock.Acquire())
                build = await ProcessRunner.RunAsync("dotnet", new[] { "build", project, "-c", "Debug", "-p:ArtifactsPath=" + artifacts, "-p:TreatWarningsAsErrors=false" },
                    directory.Path, TimeSpan.FromMinutes(15));
            Assert.True(build.ExitCode == 0, "The README's snippets do not compile:\n" + build);
            string program = Directory.GetFiles(artifacts, "snippets.dll", SearchOption.AllDirectories).Single(f => f.Contains(Path.Combine("bin", "snippets"), StringComparison.Ordinal));

            for (int i = 0; i < snippets.Count; i++)
            {
                string work = Path.Combine(directory.Path, $"run{i}");
                Directory.CreateDirectory(work);
                Prepare(snippets[i], work);
                CliResult run = await ProcessRunner.RunAsync("dotnet", new[] { program, i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, work, TimeSpan.FromMinutes(10));
                Assert.True(run.ExitCode == 0, $"README snippet {i} failed:\n{snippets[i]}\n{run}");
            }
        }

        /// <summary>
        /// The leading using directives, the statements, and the type declarations that follow them (a top-level program
        /// may end with types, such as a callback class; they go beside the method the statements become).
        /// </summary>
        private static (string Usings, string Body, string Types) Split(string snippet)
        {
            string[] lines = snippet.Split('\n');
            int first = 0;
            while (first < lines.Length && (lines[first].StartsWith("using ", StringComparison.Ordinal) && lines[first].TrimEnd().EndsWith(';') && !lines[first].Contains('=')
                       || string.IsNullOrWhiteSpace(lines[first])))
                first++;
            int types = first;
            while (types < lines.Length && !Regex.IsMatch(lines[types], @"^(public |internal |sealed |abstract |static |file )*(class|record|struct|interface|enum) "))
                types++;
            // Comment lines just above the first type belong to it.
            while (types > first && types < lines.Length && lines[types - 1].StartsWith("//", StringComparison.Ordinal)) types--;
            return (string.Join('\n', lines[..first]), string.Join('\n', lines[first..types]), string.Join('\n', lines[types..]));
        }

        private static string Indent(string body) => string.Join('\n', body.Split('\n').Select(l => "        " + l));

        /// <summary>Makes the files a snippet opens, in its working directory.</summary>
        private static void Prepare(string snippet, string work)
        {
            if (snippet.Contains("\"run/model.dat\"", StringComparison.Ordinal))
            {
                Directory.CreateDirectory(Path.Combine(work, "run"));
                SaveModel(Path.Combine(work, "run", "model.dat"), patchSize: 16);
            }
            if (snippet.Contains("\"testing.h5\"", StringComparison.Ordinal))
                SyntheticLczSample.WriteSo2Sat(Path.Combine(work, "testing.h5"), new SyntheticLczOptions { Seed = 1, PatchSize = 16 }, 40);
            if (snippet.Contains("\"S2_scene.tif\"", StringComparison.Ordinal))
            {
                SaveModel(Path.Combine(work, "model.dat"), patchSize: 16);
                SyntheticLczScene.Write(Path.Combine(work, "S2_scene.tif"), new SyntheticSceneOptions { Width = 200, Height = 150, TileSize = 16 });
            }
            if (snippet.Contains("_10m.tif", StringComparison.Ordinal))
            {
                string scene = Path.Combine(work, "scene.tif");
                SyntheticLczScene.Write(scene, new SyntheticSceneOptions { Width = 400, Height = 340, TileSize = 32 });
                // One single-band file per band, as Sentinel-2 ships them, cut with GDAL.
                for (int b = 0; b < s_bands.Length; b++)
                {
                    CliResult cut = ProcessRunner.RunAsync("gdal_translate", new[] { "-q", "-b", (b + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), scene,
                        Path.Combine(work, $"T33UUP_{s_bands[b]}_10m.tif") }, work, TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
                    Assert.True(cut.ExitCode == 0, cut.ToString());
                }
            }
            if (snippet.Contains("sen2lcz-net-mf.keras-weights.h5", StringComparison.Ordinal))
                File.Copy(TestPaths.RequireSharedAsset("sen2lcz-net-mf.keras-weights.h5"), Path.Combine(work, "sen2lcz-net-mf.keras-weights.h5"));
        }

        private static void SaveModel(string path, int patchSize)
        {
            using LczModel model = LczModels.Create(LczArchitecture.Sen2LczNet, new LczModelOptions { PatchSize = patchSize, Seed = 1 });
            LczModels.Save(model, path, new InputPipeline { Bands = s_bands, PatchSize = patchSize }.WithNormalization(NormalizationOptions.So2SatStatistics));
        }
    }
}
