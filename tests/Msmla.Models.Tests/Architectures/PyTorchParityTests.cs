using System;
using System.Linq;
using System.Text.Json.Nodes;
using Msmla.Tests.Shared;

namespace Msmla.Models.Tests.Architectures;

/// <summary>
/// Every architecture against an independent PyTorch implementation (written from docs/models.md with the same
/// module names, loaded strictly from our weights): outputs agree to 1e-5, in eval mode with non-trivial BatchNorm
/// statistics, and in training mode (batch statistics, running-mean update) for MSMLA-18 and the CNN.
/// </summary>
public class PyTorchParityTests : IClassFixture<PyTorchParityFixture>
{
    private readonly PyTorchParityFixture _fixture;

    public PyTorchParityTests(PyTorchParityFixture fixture) => _fixture = fixture;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (PyTorchParityFixture.Case c in PyTorchParityFixture.Cases) data.Add(c.Name);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(CaseNames))]
    public void Forward_pass_matches_PyTorch(string name)
    {
        PythonPeer.Require("torch", "numpy");
        JsonObject theirs = _fixture.Theirs![name]!.AsObject();
        long[] shape = theirs["shape"]!.AsArray().Select(n => (long)n!).ToArray();
        Assert.Equal(_fixture.OurShapes[name], shape);
        float[] expected = theirs["output"]!.AsArray().Select(n => (float)(double)n!).ToArray();
        float[] actual = _fixture.Ours[name];
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]),
                $"{name}: output {i} is {actual[i]} here and {expected[i]} in PyTorch.");
    }

    [SkippableTheory]
    [InlineData("msmla18-train")]
    [InlineData("cnn-train")]
    public void Training_mode_updates_running_means_like_PyTorch(string name)
    {
        PythonPeer.Require("torch", "numpy");
        JsonObject theirs = _fixture.Theirs![name]!["running_mean"]!.AsObject();
        var ours = _fixture.OurRunningMeans[name];
        Assert.Equal(theirs.Select(kv => kv.Key).OrderBy(k => k), ours.Keys.OrderBy(k => k));
        foreach ((string key, JsonNode? values) in theirs)
        {
            float[] expected = values!.AsArray().Select(n => (float)(double)n!).ToArray();
            float[] actual = ours[key];
            Assert.True(expected.Any(v => v != 0), $"{key} was not updated by PyTorch.");
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 + 1e-5 * Math.Abs(expected[i]), $"{key}[{i}]: {actual[i]} here, {expected[i]} in PyTorch.");
        }
    }
}
