using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Msmla.Models.Tests.Architectures;
using Msmla.Models.Training;
using Msmla.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// One training step of a model in PyTorch (training_step.py beside this file, on the PyTorch twins of
/// Architectures/lcz_pytorch.py), from the model's current state and a batch: the reference for the trainer's step.
/// </summary>
internal static class PyTorchTrainingStep
{
    /// <summary>
    /// What PyTorch computed: the loss of every step, the gradient of every parameter in the last step, and every
    /// parameter and buffer after it.
    /// </summary>
    public sealed record Result(double[] Losses, Dictionary<string, TensorFile.Entry> Gradients, Dictionary<string, TensorFile.Entry> State);

    /// <summary>The directory of training_step.py.</summary>
    public static string ScriptDirectory { get; } = Path.Combine(TestPaths.RepositoryRoot, "tests", "Msmla.Models.Tests", "Training");

    /// <summary>
    /// Runs the steps in float64 from <paramref name="model"/>'s state (every entry of its state dict, float64 and int64)
    /// on the whole batch <paramref name="x"/> [N, bands, size, size] (float32 values) with 0-based
    /// <paramref name="labels"/>: one step per rate of <paramref name="learningRates"/> (default: one step with the
    /// optimizer's rate).
    /// </summary>
    public static Result Run(string python, LczModel model, float[] x, int[] labels, OptimizerOptions optimizer, LossOptions loss,
        IReadOnlyList<double>? learningRates = null)
    {
        using var work = TestPaths.CreateTemporaryDirectory();
        string inputs = work.File("inputs.bin"), results = work.File("results.bin"), casePath = work.File("case.json");
        int size = model.Options.PatchSize;
        using (Tensor input = tensor(x, new long[] { labels.Length, model.Options.Bands, size, size }))
        using (Tensor y = tensor(labels.Select(l => (long)l).ToArray()))
        {
            var tensors = model.state_dict().Select(kv => (kv.Key, kv.Value)).Append(("input.x", input)).Append(("input.y", y)).ToList();
            TensorFile.Write(inputs, tensors);
        }
        var caseJson = new JsonObject
        {
            ["architecture"] = model.Architecture.ToString(),
            ["outputKind"] = model.OutputKind.ToString(),
            ["options"] = JsonSerializer.SerializeToNode(model.Options),
            ["optimizer"] = new JsonObject
            {
                ["Kind"] = optimizer.Kind,
                ["LearningRate"] = optimizer.LearningRate,
                ["Beta1"] = (optimizer as AdamFamilyOptions)?.Beta1,
                ["Beta2"] = (optimizer as AdamFamilyOptions)?.Beta2,
                ["Epsilon"] = (optimizer as AdamFamilyOptions)?.Epsilon,
                ["WeightDecay"] = optimizer.WeightDecay,
                ["MomentumDecay"] = (optimizer as NadamOptions)?.MomentumDecay,
                ["AmsGrad"] = optimizer switch { AdamOptions adam => adam.AmsGrad, AdamWOptions adamW => adamW.AmsGrad, _ => false },
                ["Momentum"] = (optimizer as SgdOptions)?.Momentum,
                ["Nesterov"] = (optimizer as SgdOptions)?.Nesterov,
            },
            ["loss"] = new JsonObject
            {
                ["classWeights"] = loss.ClassWeights == null ? null : new JsonArray(loss.ClassWeights.Select(w => (JsonNode)(double)w).ToArray()),
                ["reduction"] = loss.WeightReduction.ToString(),
            },
            ["learningRates"] = learningRates == null ? null : new JsonArray(learningRates.Select(r => (JsonNode)r).ToArray()),
        };
        if (loss.LabelSmoothing != 0) throw new ArgumentException("The PyTorch step has no label smoothing.", nameof(loss));
        File.WriteAllText(casePath, caseJson.ToJsonString());

        string script = File.ReadAllText(Path.Combine(ScriptDirectory, "training_step.py"));
        PythonPeer.Run(python, script, casePath, inputs, results, PyTorchParityFixture.TwinsDirectory);

        Dictionary<string, TensorFile.Entry> all = TensorFile.Read(results);
        return new Result(
            all["loss"].Values,
            all.Where(kv => kv.Key.StartsWith("grad.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["grad.".Length..], kv => kv.Value),
            all.Where(kv => kv.Key.StartsWith("state.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["state.".Length..], kv => kv.Value));
    }
}
