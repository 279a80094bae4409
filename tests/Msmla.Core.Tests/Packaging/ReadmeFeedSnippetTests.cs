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
/// <c>```csharp</c> block of <c>#:</c> directives; saved in samples/) with <c>dotnet run</c>. Only the version of the Msmla packages is moved to the feed's. (The other C# snippets compile
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

    private static IEnumerable<string> Blocks(string fence) =>
        Regex.Matches(Readme, Regex.Escape(fence) + "(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value);
}
