using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Msmla.Core.Runtime;
using Msmla.Core.Tests.TorchSharpWorkarounds.NativeLoad;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Packaging;

/// <summary>
/// Runs a notebook (.ipynb or .dib) headless with dotnet-repl, the .NET Interactive (Polyglot Notebooks) kernel as a
/// dotnet tool, at the version of the repository's tool manifest (.config/dotnet-tools.json, restored with
/// <c>dotnet tool restore</c>), and returns the executed notebook.
/// </summary>
internal static class NotebookRunner
{
    private static readonly Lazy<string> s_tool = new(RestoreTool);

    /// <summary>
    /// Runs <paramref name="notebook"/> in <paramref name="workingDirectory"/>. The kernel keeps state in the home directory
    /// (~/.packagemanagement, where it restores) and NuGet packages: it gets a home of its own under
    /// <paramref name="state"/> and a packages folder there that falls back to the user's cache (read only).
    /// </summary>
    public static ExecutedNotebook Run(string notebook, string workingDirectory, string state, TimeSpan? timeout = null)
    {
        string output = Path.Combine(state, Path.GetFileNameWithoutExtension(notebook) + ".out.ipynb");
        ProcessStartInfo info = TestProcess.StartInfo(TestProcess.Dotnet,
            new[] { s_tool.Value, "--run", notebook, "--exit-after-run", "--output-format", "ipynb", "--output-path", output }, workingDirectory);
        string home = Directory.CreateDirectory(Path.Combine(state, "home")).FullName;
        info.Environment["DOTNET_ROLL_FORWARD"] = "Major";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["HOME"] = home;
        info.Environment["DOTNET_CLI_HOME"] = home;
        info.Environment["NUGET_PACKAGES"] = Path.Combine(state, "nuget-packages");
        info.Environment["NUGET_FALLBACK_PACKAGES"] = NativeTestFiles.PackagesRoot;
        info.Environment["TMPDIR"] = Directory.CreateDirectory(Path.Combine(state, "tmp")).FullName;
        info.Environment[TorchRuntime.CacheDirectoryVariable] = Path.Combine(state, "native-cache");
        ProcessOutcome outcome = TestProcess.Run(info, timeout ?? TimeSpan.FromMinutes(10));
        Assert.True(File.Exists(output), $"dotnet-repl wrote no notebook: {outcome}");
        return new ExecutedNotebook(JsonDocument.Parse(File.ReadAllText(output)), outcome);
    }

    /// <summary>Restores the tool manifest once per process and returns dotnet-repl's entry assembly in the NuGet cache.</summary>
    private static string RestoreTool()
    {
        ProcessStartInfo info = TestProcess.StartInfo(TestProcess.Dotnet, new[] { "tool", "restore" }, TestPaths.RepositoryRoot);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        ProcessOutcome restore = TestProcess.Run(info, TestProcess.ShortTimeout);
        Requirement.Peer(restore.ExitCode == 0, $"dotnet tool restore (dotnet-repl, the notebook runner) failed:\n{restore}", "nuget.org");
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, ".config", "dotnet-tools.json")));
        string version = manifest.RootElement.GetProperty("tools").GetProperty("dotnet-repl").GetProperty("version").GetString()!;
        string tools = Path.Combine(NativeTestFiles.PackagesRoot, "dotnet-repl", version, "tools");
        string[] entries = Directory.Exists(tools) ? Directory.GetFiles(tools, "dotnet-repl.dll", SearchOption.AllDirectories) : Array.Empty<string>();
        Assert.True(entries.Length == 1, $"dotnet-repl {version} is not where dotnet tool restore puts it ({tools}): {string.Join(", ", entries)}");
        return entries[0];
    }
}

/// <summary>A notebook as dotnet-repl wrote it after running it, with the process outcome.</summary>
internal sealed record ExecutedNotebook(JsonDocument Document, ProcessOutcome Outcome)
{
    /// <summary>The code cells, in order.</summary>
    public IReadOnlyList<JsonElement> CodeCells =>
        Document.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("cell_type").GetString() == "code").ToList();

    /// <summary>The error outputs of every cell: (code cell index, message).</summary>
    public IReadOnlyList<(int Cell, string Message)> Errors =>
        CodeCells.SelectMany((cell, i) => Outputs(cell).Where(o => o.GetProperty("output_type").GetString() == "error")
            .Select(o => (i, o.GetProperty("ename").GetString() + ": " + o.GetProperty("evalue").GetString()))).ToList();

    /// <summary>The decoded image/png outputs of a code cell.</summary>
    public IReadOnlyList<byte[]> Images(int cell) =>
        Outputs(CodeCells[cell]).Where(o => o.TryGetProperty("data", out JsonElement data) && data.TryGetProperty("image/png", out _))
            .Select(o => Convert.FromBase64String(Text(o.GetProperty("data").GetProperty("image/png")))).ToList();

    /// <summary>Everything a code cell printed or displayed as text.</summary>
    public string Text(int cell) => string.Concat(Outputs(CodeCells[cell]).Select(o =>
        o.TryGetProperty("text", out JsonElement text) ? Text(text)
        : o.TryGetProperty("data", out JsonElement data) && data.TryGetProperty("text/plain", out JsonElement plain) ? Text(plain) : ""));

    /// <summary>The source of a code cell.</summary>
    public string Source(int cell) => Text(CodeCells[cell].GetProperty("source"));

    /// <summary>Fails with every error of the notebook, and with dotnet-repl's output when it failed without one.</summary>
    public void AssertNoErrors(string what)
    {
        Assert.True(Errors.Count == 0, $"{what}: " + string.Join("\n", Errors.Select(e => $"cell {e.Cell} ({Source(e.Cell).Split('\n')[0]}...): {e.Message}")));
        Assert.True(Outcome.ExitCode == 0, $"{what}: dotnet-repl failed: {Outcome}");
    }

    private static IEnumerable<JsonElement> Outputs(JsonElement cell) =>
        cell.TryGetProperty("outputs", out JsonElement outputs) ? outputs.EnumerateArray() : Enumerable.Empty<JsonElement>();

    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? string.Concat(value.EnumerateArray().Select(e => e.GetString())) : value.GetString() ?? "";
}
