using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Core.Runtime;
using Msmla.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// One training step of <see cref="LczTrainer"/> itself, in float64, and its comparison with
/// <see cref="PyTorchTrainingStep"/>: the trainer runs one epoch of one batch (its own forward, loss, backward and
/// optimizer step) on a model converted to float64, whose forward pre-hook casts the trainer's float32 batch to float64
/// (the values are exact in both), so the trainer's code path is unchanged.
/// </summary>
internal static class TrainerStep
{
    /// <summary>
    /// The trainer's loss in every epoch (one step each), the gradient of every parameter in the last step, and every
    /// parameter and buffer after it.
    /// </summary>
    public sealed record Result(double[] Losses, Dictionary<string, double[]> Gradients, Dictionary<string, double[]> State);

    /// <summary>
    /// Trains <paramref name="model"/> (float64) for <paramref name="epochs"/> epochs of one batch, the whole of
    /// <paramref name="x"/> in order, and returns what it computed.
    /// </summary>
    public static Result Run(LczModel model, float[] x, int[] labels, OptimizerOptions optimizer, LossOptions loss, int epochs = 1,
        LearningRateScheduleOptions? schedule = null, bool? channelsLast = null)
    {
        TorchRuntime.EnsureLoaded();
        int size = model.Options.PatchSize;
        var options = new TrainerOptions
        {
            Epochs = epochs,
            BatchSize = labels.Length,
            Shuffle = false,
            Prefetch = 0,
            Device = ComputeDevice.Cpu,
            Optimizer = optimizer,
            Schedule = schedule ?? LearningRateScheduleOptions.Constant(),
            Loss = loss,
            ChannelsLast = channelsLast,
        };
        var source = new ArrayPatchSource(x, labels, model.Info.BandOrder, size, size, model.Options.Classes);
        TrainingHistory history;
        var toFloat64 = model.register_forward_pre_hook((_, input) => input.to_type(ScalarType.Float64));
        try
        {
            history = new LczTrainer(model, options).Fit(source);
        }
        finally
        {
            toFloat64.remove();
        }
        var gradients = new Dictionary<string, double[]>();
        foreach ((string name, TorchSharp.Modules.Parameter parameter) in model.named_parameters())
        {
            if (parameter.grad is Tensor grad) gradients[name] = Values(grad);
        }
        Assert.Equal(epochs, history.Epochs.Count);
        return new Result(history.Epochs.Select(e => e.TrainingLoss).ToArray(), gradients, State(model));
    }

    /// <summary>Every state-dict entry of <paramref name="model"/> as doubles (NCHW order).</summary>
    public static Dictionary<string, double[]> State(LczModel model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => Values(kv.Value));

    /// <summary>
    /// Asserts that the trainer's steps equal PyTorch's: every loss, every gradient, every parameter after the step and
    /// every buffer (BatchNorm's running_mean, running_var and num_batches_tracked); and that the step moved every
    /// parameter with a gradient and every BatchNorm statistic away from <paramref name="before"/>.
    /// </summary>
    /// <remarks>
    /// Allowed differences: float64 sums in other orders, by other kernels, differ by a few units of 1e-16 of their
    /// terms. The biases of convolutions followed by BatchNorm have a gradient of exactly 0 in theory (BatchNorm removes
    /// the mean): both sides hold rounding noise there, about 1e-16 of the largest gradient G, hence an absolute term of
    /// 1e-13 G for the gradients. Adam's first step moves a parameter by lr g / (|g| + eps): a gradient of noise moves it
    /// by up to lr / eps times that noise (1e5 for Keras' eps and lr 0.01), hence an absolute term of 1e-7 lr for the
    /// parameters. The BatchNorm statistics come from the forward pass alone. (Measured on MSMLA-18 and
    /// Sen2LCZ-Net-MF: the largest differences are 2 % of these bounds for the gradients and 8 % for the parameters, both
    /// at such biases.)
    /// </remarks>
    public static void AssertEqual(string name, PyTorchTrainingStep.Result theirs, Result ours, Dictionary<string, double[]> before, double learningRate)
    {
        Assert.Equal(theirs.Losses.Length, ours.Losses.Length);
        for (int step = 0; step < ours.Losses.Length; step++)
            Assert.True(Math.Abs(ours.Losses[step] - theirs.Losses[step]) <= 1e-12 * Math.Abs(theirs.Losses[step]),
                $"{name}: loss of step {step + 1} is {ours.Losses[step]:R} here, {theirs.Losses[step]:R} in PyTorch");

        Assert.Equal(Sorted(theirs.Gradients.Keys), Sorted(ours.Gradients.Keys));
        double largestGradient = theirs.Gradients.Values.Max(e => e.Values.Max(Math.Abs));
        AssertClose($"{name}: gradients", theirs.Gradients, ours.Gradients, 1e-10, 1e-13 * largestGradient);

        Assert.Equal(Sorted(theirs.State.Keys), Sorted(ours.State.Keys));
        var parameters = theirs.State.Where(kv => theirs.Gradients.ContainsKey(kv.Key)).ToDictionary();
        var buffers = theirs.State.Where(kv => !theirs.Gradients.ContainsKey(kv.Key)).ToDictionary();
        AssertClose($"{name}: parameters after the step", parameters, ours.State, 1e-12, 1e-7 * learningRate);
        AssertClose($"{name}: buffers after the step", buffers, ours.State, 1e-12, 0);

        // Nothing was compared if the step changed nothing.
        foreach ((string key, TensorFile.Entry gradient) in theirs.Gradients.Where(g => g.Value.Values.Max(Math.Abs) > 1e-6 * largestGradient))
            Assert.True(!before[key].SequenceEqual(ours.State[key]), $"{name}: the step left {key} unchanged");
        string[] statistics = buffers.Keys.Where(k => k.EndsWith("running_mean", StringComparison.Ordinal) || k.EndsWith("running_var", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(statistics);
        foreach (string key in statistics) Assert.True(!before[key].SequenceEqual(ours.State[key]), $"{name}: the step left {key} unchanged");
    }

    /// <summary>
    /// Every element of every tensor within <paramref name="relative"/> times the tensor's largest magnitude plus
    /// <paramref name="absolute"/>; the message names the worst element.
    /// </summary>
    private static void AssertClose(string what, Dictionary<string, TensorFile.Entry> expected, Dictionary<string, double[]> actual, double relative, double absolute)
    {
        Assert.NotEmpty(expected);
        double worst = 0;
        string worstAt = "";
        foreach ((string key, TensorFile.Entry entry) in expected)
        {
            double[] ours = actual[key];
            Assert.True(entry.Values.Length == ours.Length, $"{what}: {key} has {ours.Length} values here and {entry.Values.Length} in PyTorch");
            double allowed = relative * entry.Values.Max(Math.Abs) + absolute;
            for (int i = 0; i < ours.Length; i++)
            {
                double share = Math.Abs(ours[i] - entry.Values[i]) / allowed;
                if (!(share <= worst))
                {
                    worst = share;
                    worstAt = $"{key}[{i}] is {ours[i]:R} here and {entry.Values[i]:R} in PyTorch (allowed difference {allowed:G3})";
                }
            }
        }
        Assert.True(worst <= 1, $"{what}: the largest difference is {worst:G3} times the allowed one: {worstAt}");
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> keys) => keys.OrderBy(k => k, StringComparer.Ordinal);

    private static double[] Values(Tensor tensor)
    {
        using Tensor contiguous = tensor.detach().cpu().contiguous().to_type(ScalarType.Float64);
        return contiguous.data<double>().ToArray();
    }
}
