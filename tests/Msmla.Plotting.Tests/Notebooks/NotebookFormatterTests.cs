using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using Msmla.Plotting.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Plotting.Tests.Notebooks
{
    /// <summary>
    /// Runs a real .NET Interactive notebook (dotnet-repl from NuGet) whose cells end in Msmla values, and checks what
    /// the kernel made of them: metrics as text/html (the formatter discovered by convention, not the kernel's default
    /// object table), a plot as image/png.
    /// </summary>
    public class NotebookFormatterTests
    {
        [SkippableFact]
        public void A_notebook_shows_metrics_as_html_and_a_plot_as_png()
        {
            using var work = TestPaths.CreateTemporaryDirectory();
            string tools = work.File("tools");
            var install = Run(work.Path, TestProcess.Dotnet, "tool", "install", "dotnet-repl", "--version", "0.3.259", "--tool-path", tools);
            Requirement.Peer(install.ExitCode == 0, $"dotnet-repl (the notebook runner) could not be installed from nuget.org:\n{install.Output}", "nuget.org");

            string core = Path.Combine(AppContext.BaseDirectory, "Msmla.Core.dll");
            string plotting = Path.Combine(AppContext.BaseDirectory, "Msmla.Plotting.dll");
            // One cell of package references: NuGet resolves them together (one SkiaSharp for TorchSharp and ScottPlot).
            File.WriteAllText(work.File("notebook.dib"), $"""
                #!csharp
                #r "nuget: TorchSharp, 0.107.0"
                #r "nuget: Microsoft.Extensions.Logging.Abstractions, 8.0.3"
                #r "nuget: ScottPlot, {PackageVersion("ScottPlot")}"
                #r "{core}"
                #r "{plotting}"

                #!csharp
                Msmla.Core.Metrics.ClassificationMetrics.Compute(new[] {"{"} 0, 0, 1, 2 {"}"}, new[] {"{"} 0, 1, 1, 2 {"}"}, 3)

                #!csharp
                new Msmla.Plotting.ConfusionMatrixPlot(Msmla.Core.Metrics.ConfusionMatrix.FromCounts(new long[,] {"{"} {"{"} 2, 1 {"}"}, {"{"} 0, 3 {"}"} {"}"}))
                """);
            string output = work.File("out.ipynb");

            var run = Run(work.Path, Path.Combine(tools, "dotnet-repl"), "--run", work.File("notebook.dib"), "--exit-after-run",
                "--output-format", "ipynb", "--output-path", output);

            string notebook = File.Exists(output) ? File.ReadAllText(output) : "";
            Assert.True(run.ExitCode == 0, $"notebook failed ({run.ExitCode}):\n{run.Output}\n{notebook}");
            JsonElement cells = JsonDocument.Parse(notebook).RootElement.GetProperty("cells");

            string html = Data(cells[1], "text/html", notebook);
            var tables = HtmlTables.Read(html);
            Assert.Equal(new[] { "Metric", "Value" }, tables[0].Header);
            // 3 of 4 correct, counted by hand.
            Assert.Equal("0.7500", tables[0].Rows.Single(r => r[0] == "Overall accuracy (OA)")[1]);

            PngImage image = PngImage.Decode(Convert.FromBase64String(Data(cells[2], "image/png", notebook)));
            Assert.Equal((1000, 900), (image.Width, image.Height));
        }

        private static string Data(JsonElement cell, string mimeType, string notebook)
        {
            foreach (JsonElement output in cell.GetProperty("outputs").EnumerateArray())
            {
                if (output.TryGetProperty("data", out JsonElement data) && data.TryGetProperty(mimeType, out JsonElement value))
                    return value.ValueKind == JsonValueKind.Array ? string.Concat(value.EnumerateArray().Select(e => e.GetString())) : value.GetString()!;
            }
            throw new Xunit.Sdk.XunitException($"The cell has no {mimeType} output:\n{notebook}");
        }

        private static string PackageVersion(string id) =>
            XDocument.Load(Path.Combine(TestPaths.RepositoryRoot, "Directory.Packages.props")).Descendants("PackageVersion")
                .Single(p => (string?)p.Attribute("Include") == id).Attribute("Version")!.Value;

        private static (int ExitCode, string Output) Run(string directory, string program, params string[] arguments)
        {
            ProcessStartInfo info = TestProcess.StartInfo(program, arguments, directory);
            // dotnet-repl targets an older .NET; let it run on the installed one.
            info.Environment["DOTNET_ROLL_FORWARD"] = "Major";
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            // The kernel keeps state in the home directory: give it one in the temporary directory, with a packages folder
            // of its own that falls back to the user's (read only, no download of what the build already restored).
            info.Environment["NUGET_FALLBACK_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            info.Environment["NUGET_PACKAGES"] = Path.Combine(directory, "packages");
            info.Environment["HOME"] = Directory.CreateDirectory(Path.Combine(directory, "home")).FullName;
            info.Environment["DOTNET_CLI_HOME"] = Path.Combine(directory, "home");
            ProcessOutcome outcome = TestProcess.Run(info, TimeSpan.FromMinutes(10));
            return (outcome.ExitCode, outcome.StandardOutput + outcome.StandardError);
        }
    }
}
