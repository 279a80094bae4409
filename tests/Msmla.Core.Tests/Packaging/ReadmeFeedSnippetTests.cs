using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Msmla.Core.Tests.Runtime;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Packaging;

/// <summary>
/// The README's snippets that consume the packages run as written against the freshly packed feed, placed where the
/// README says in a copy of the repository's layout (packages/ the feed): every notebook (a <c>```csharp notebook</c>
/// block in the .dib cell format; saved in the folder that holds packages) with dotnet-repl, every file-based app (a
/// <c>```csharp</c> block of <c>#:</c> directives; saved in samples/) with <c>dotnet run</c>, and the library quick start
/// (its shell commands with bash, then its program with <c>dotnet run</c>). Only the version of the Msmla packages is moved to the feed's. (The other C# snippets compile
/// and run against the sources in Msmla.Cli.Tests' ReadmeSnippetTests.)
/// </summary>
[Collection(LibraryFeedCollection.Name)]
public class ReadmeFeedSnippetTests
{
    private readonly LibraryFeed _feed;

    public ReadmeFeedSnippetTests(LibraryFeed feed) => _feed = feed;

    private static string Readme => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));

    [SkippableFact]
    public void Every_notebook_of_the_README_runs_without_errors()
    {
        List<string> notebooks = Blocks("```csharp notebook\n").ToList();
        Assert.NotEmpty(notebooks);
        for (int i = 0; i < notebooks.Count; i++)
        {
            Assert.StartsWith("#!csharp\n", notebooks[i], StringComparison.Ordinal);
            string state = Directory.CreateDirectory(Path.Combine(_feed.Root, $"readme-notebook-{i}")).FullName;
            string notebook = Path.Combine(state, "notebook.dib");
            File.WriteAllText(notebook, _feed.WithFeedVersion(notebooks[i], $"README notebook {i}"));

            ExecutedNotebook run = NotebookRunner.Run(notebook, _feed.RepositoryLayout(), state);

            run.AssertNoErrors($"README notebook {i}");
            int cells = Regex.Matches(notebooks[i], "^#!csharp$", RegexOptions.Multiline).Count;
            Assert.Equal(cells, run.CodeCells.Count);
            // The value of a cell's last expression is displayed: the snippets end in one, so each of them showed.
            string last = run.Text(cells - 1);
            Assert.False(string.IsNullOrWhiteSpace(last), $"README notebook {i}: its last cell displayed nothing");
        }
    }

    [Fact]
    public void Every_file_based_app_of_the_README_runs()
    {
        List<string> apps = Blocks("```csharp\n").Where(b => b.StartsWith("#:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(apps);
        foreach (string source in apps)
        {
            Assert.Contains("#:property RestoreAdditionalProjectSources=", source, StringComparison.Ordinal);
            string name = "readme-app-" + Guid.NewGuid().ToString("N");
            string samples = Path.Combine(_feed.RepositoryLayout(), "samples");
            File.WriteAllText(Path.Combine(samples, name + ".cs"), _feed.WithFeedVersion(source, "the README's file-based app"));
            ProcessStartInfo start = _feed.Consumer(samples, new[] { "run", "--artifacts-path", Path.Combine(_feed.Root, "artifacts-" + name), name + ".cs" });
            ProcessOutcome outcome;
            try
            {
                outcome = TestProcess.Run(start, TestProcess.BuildTimeout);
            }
            finally
            {
                FileBasedAppCache.Remove(name);
            }
            Assert.True(outcome.ExitCode == 0, $"the README's file-based app failed:\n{source}\n{outcome}");
            Assert.False(string.IsNullOrWhiteSpace(outcome.StandardOutput), $"the README's file-based app printed nothing: {outcome}");
            // MSMLA-18's published parameter count (Kim, Jeong & Kim 2021), when the app prints it.
            if (source.Contains("CountParameters()", StringComparison.Ordinal) && source.Contains("Msmla18", StringComparison.Ordinal))
                Assert.Contains("MSMLA-18: 180,747 trainable parameters", outcome.StandardOutput, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public void The_library_quick_start_runs_as_written()
    {
        string section = Readme[Readme.IndexOf("**Library (NuGet).**", StringComparison.Ordinal)..];
        string commands = Between(section, "```sh\n"), program = Between(section, "```csharp\n");
        string bash = Requirement.Tool("bash", "bash");
        string repository = _feed.RepositoryLayout();
        string script = Path.Combine(_feed.Root, "library-quick-start.sh");
        File.WriteAllText(script, _feed.WithFeedVersion(commands, "the library quick start"));

        ProcessStartInfo shell = _feed.Consumer(repository, new[] { "-euo", "pipefail", script }, bash);
        // The dotnet of the tests first on PATH; dotnet new keeps its template cache under DOTNET_CLI_HOME: a temporary one.
        if (Path.IsPathRooted(TestProcess.Dotnet))
            shell.Environment["PATH"] = Path.GetDirectoryName(TestProcess.Dotnet) + Path.PathSeparator + shell.Environment["PATH"];
        shell.Environment["DOTNET_CLI_HOME"] = Directory.CreateDirectory(Path.Combine(_feed.Root, "cli-home")).FullName;
        shell.Environment["DOTNET_NOLOGO"] = "1";
        ProcessOutcome setup = TestProcess.Run(shell, TestProcess.BuildTimeout);
        Assert.True(setup.ExitCode == 0, $"the library quick start's commands failed:\n{commands}\n{setup}");

        string app = Path.Combine(_feed.Root, "LczApp");
        File.WriteAllText(Path.Combine(app, "Program.cs"), program);
        ProcessStartInfo start = _feed.Consumer(app, new[] { "run" });
        start.Environment["DOTNET_CLI_HOME"] = shell.Environment["DOTNET_CLI_HOME"];
        ProcessOutcome run = TestProcess.Run(start, TestProcess.BuildTimeout);
        Assert.True(run.ExitCode == 0, $"the library quick start's program failed: {run}");
        // The model reloaded from its files classifies the test patches as the trained one did.
        string trained = run.StandardOutput.Split('\n').Single(l => l.StartsWith("OA ", StringComparison.Ordinal)).Split(',')[0]["OA ".Length..];
        string reloaded = run.StandardOutput.Split('\n').Single(l => l.StartsWith("reloaded: OA ", StringComparison.Ordinal))["reloaded: OA ".Length..];
        Assert.Equal(trained.Trim(), reloaded.Trim());
    }

    private static string Between(string text, string fence)
    {
        int start = text.IndexOf(fence, StringComparison.Ordinal) + fence.Length;
        return text[start..text.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static IEnumerable<string> Blocks(string fence) =>
        Regex.Matches(Readme, Regex.Escape(fence) + "(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value);
}
