using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Msmla.Core.Runtime;
using Msmla.Models;

namespace Msmla.Benchmarks.Models;

/// <summary>The PyTorch side of the benchmark: a long-lived Python process (pytorch_peer.py) answering timing commands.</summary>
internal sealed class PyTorchPeer : IDisposable
{
    private readonly Process _process;

    private PyTorchPeer(Process process, string version)
    {
        _process = process;
        Version = version;
    }

    /// <summary>The PyTorch version reported by the interpreter.</summary>
    public string Version { get; }

    /// <summary>Starts the peer with the first interpreter that imports torch, or returns null with the reason.</summary>
    public static PyTorchPeer? Start(string? python, string twinsDirectory, int threads, bool cpuClock, out string reason)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "pytorch_peer.py");
        foreach (string candidate in python != null ? new[] { python } : new[] { Environment.GetEnvironmentVariable("MSMLA_PYTHON") ?? "", "/usr/bin/python3", "python3" })
        {
            if (string.IsNullOrEmpty(candidate)) continue;
            string? version = TorchVersion(candidate);
            if (version == null) continue;
            var info = new ProcessStartInfo(candidate)
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false,
            };
            info.ArgumentList.Add(script);
            info.ArgumentList.Add(twinsDirectory);
            info.ArgumentList.Add(threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.ArgumentList.Add(cpuClock ? "cpu" : "wall");
            info.Environment["OMP_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // The same OpenMP wait setting as this process: TorchRuntime sets it in the native environment, which .NET
            // does not pass on to child processes.
            if (TorchRuntime.Status?.OpenMp.Setting is string setting)
            {
                foreach (string assignment in setting.Split(", "))
                {
                    int eq = assignment.IndexOf('=');
                    info.Environment[assignment[..eq]] = assignment[(eq + 1)..];
                }
            }
            reason = $"{candidate} (torch {version}{(TorchRuntime.Status?.OpenMp.Setting is string s ? ", " + s : "")})";
            return new PyTorchPeer(Process.Start(info)!, version);
        }
        reason = "no Python interpreter with torch (install Debian's python3-torch)";
        return null;
    }

    /// <summary>Seconds for the timed training steps; <paramref name="precision"/> is "float32" or "autocast" (bfloat16 autocast).</summary>
    public double Train(LczArchitecture architecture, LczModelOptions options, int batch, int warmup, int steps, bool channelsLast, string precision = "float32") =>
        Seconds(new JsonObject
        {
            ["op"] = "train", ["architecture"] = architecture.ToString(), ["options"] = JsonSerializer.SerializeToNode(options),
            ["batch"] = batch, ["warmup"] = warmup, ["steps"] = steps, ["channels_last"] = channelsLast, ["precision"] = precision,
        });

    /// <summary>Seconds for the timed inference batches; <paramref name="precision"/> is "float32", "bf16" (model cast) or "autocast".</summary>
    public double Infer(LczArchitecture architecture, LczModelOptions options, int batch, int warmup, int batches, string variant, string precision = "float32") =>
        Seconds(new JsonObject
        {
            ["op"] = "infer", ["architecture"] = architecture.ToString(), ["options"] = JsonSerializer.SerializeToNode(options),
            ["batch"] = batch, ["warmup"] = warmup, ["batches"] = batches, ["variant"] = variant, ["precision"] = precision,
        });

    /// <summary>The fastest time of each phase of a training step, as <see cref="TorchSharpBench.TrainPhases"/> measures it.</summary>
    public StepPhases TrainPhases(LczArchitecture architecture, LczModelOptions options, int batch, int warmup, int steps, bool channelsLast)
    {
        JsonNode answer = Ask(new JsonObject
        {
            ["op"] = "phases", ["architecture"] = architecture.ToString(), ["options"] = JsonSerializer.SerializeToNode(options),
            ["batch"] = batch, ["warmup"] = warmup, ["steps"] = steps, ["channels_last"] = channelsLast,
        });
        return new StepPhases(answer["zero_grad"]!.GetValue<double>(), answer["forward"]!.GetValue<double>(),
            answer["backward"]!.GetValue<double>(), answer["step"]!.GetValue<double>());
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("{\"op\": \"quit\"}");
                _process.StandardInput.Flush();
                if (!_process.WaitForExit(10_000)) _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private double Seconds(JsonObject command) => Ask(command)["seconds"]!.GetValue<double>();

    private JsonNode Ask(JsonObject command)
    {
        _process.StandardInput.WriteLine(command.ToJsonString());
        _process.StandardInput.Flush();
        string? line = _process.StandardOutput.ReadLine();
        if (line == null) throw new InvalidOperationException($"The PyTorch peer exited (code {(_process.HasExited ? _process.ExitCode : -1)}) on {command["op"]} {command["architecture"]}.");
        return JsonNode.Parse(line)!;
    }

    private static string? TorchVersion(string python)
    {
        try
        {
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("import torch, numpy; print(torch.__version__)");
            using Process process = Process.Start(info)!;
            string output = process.StandardOutput.ReadToEnd().Trim();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
