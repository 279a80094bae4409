using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models.Training;
using Msmla.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// Learning rates at given steps and epochs against references run in Python: PyTorch's own schedulers (StepLR,
/// CosineAnnealingLR) and Keras' formulas and ReduceLROnPlateau rule, transcribed from Keras' source; the trainer's
/// use of the rates against PyTorch's SGD steps.
/// </summary>
[Collection(TrainerCollection.Name)]
public sealed class LearningRateScheduleTests
{
    /// <summary>Keras' InverseTimeDecay with decay_steps 1 (Keras 2's optimizer "decay"): lr / (1 + decay * step) for each step.</summary>
    private const string KerasInverseTimeDecay = """
        import sys
        lr, decay = float(sys.argv[1]), float(sys.argv[2])
        for step in sys.argv[3].split(","):
            print(repr(lr / (1 + decay * int(step) / 1)))
        """;

    [SkippableFact]
    public void Keras_inverse_time_decay_is_lr_over_one_plus_decay_times_step()
    {
        long[] steps = { 0, 1, 31, 1000, 123456 };
        double[] expected = Python(KerasInverseTimeDecay, "0.002", "0.004", string.Join(",", steps));
        var schedule = new LearningRateSchedule(LearningRateScheduleOptions.KerasInverseTimeDecay(0.004), 0.002, 100);
        for (int i = 0; i < steps.Length; i++) AssertClose(expected[i], schedule.LearningRateAt(steps[i], epoch: 7), 1e-15, $"step {steps[i]}");
    }

    [SkippableFact]
    public void Step_decay_follows_PyTorchs_StepLR()
    {
        // torch.optim.lr_scheduler.StepLR(step_size=5, gamma=0.5), stepped once per epoch: the rate of epochs 0 to 52.
        double[] expected = PythonWithTorch("""
            import torch
            opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.002)
            scheduler = torch.optim.lr_scheduler.StepLR(opt, step_size=5, gamma=0.5)
            for epoch in range(53):
                print(repr(opt.param_groups[0]["lr"]))
                opt.step()
                scheduler.step()
            """);
        var schedule = new LearningRateSchedule(LearningRateScheduleOptions.StepDecay(0.5, 5), 0.002, 100);
        for (int epoch = 0; epoch < expected.Length; epoch++) AssertClose(expected[epoch], schedule.LearningRateAt(epoch * 100L, epoch), 1e-15, $"epoch {epoch}");
        Assert.Equal(53, expected.Length);
    }

    [SkippableFact]
    public void Cosine_follows_PyTorchs_CosineAnnealingLR_over_its_period_and_Keras_CosineDecay_after()
    {
        // Over the period: torch.optim.lr_scheduler.CosineAnnealingLR (T_max 10, eta_min 1e-5) stepped per epoch, and with
        // T_max 20 from 1.0. After it, PyTorch's curve rises again while Keras' CosineDecay (alpha = eta_min / lr) holds the
        // minimum, as the schedule does: step = min(step, decay_steps).
        double[] expected = PythonWithTorch("""
            import math, torch
            def torch_rates(lr, t_max, eta_min, epochs):
                opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)
                scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=t_max, eta_min=eta_min)
                rates = []
                for _ in range(epochs):
                    rates.append(opt.param_groups[0]["lr"])
                    opt.step()
                    scheduler.step()
                return rates
            def keras_cosine_decay(lr, decay_steps, alpha, step):
                step = min(step, decay_steps)
                cosine = 0.5 * (1 + math.cos(math.pi * step / decay_steps))
                return lr * ((1 - alpha) * cosine + alpha)
            for r in torch_rates(1e-3, 10, 1e-5, 11): print(repr(r))
            for e in range(41): print(repr(keras_cosine_decay(1e-3, 10, 1e-5 / 1e-3, e)))
            for r in torch_rates(1.0, 20, 0.0, 21): print(repr(r))
            """);
        var schedule = new LearningRateSchedule(LearningRateScheduleOptions.Cosine(epochs: 10, minLearningRate: 1e-5), 1e-3, 100);
        // Without a period the run's epoch count (20) is the period.
        var whole = new LearningRateSchedule(LearningRateScheduleOptions.Cosine(), 1.0, 20);
        Assert.Equal(11 + 41 + 21, expected.Length);
        // PyTorch's scheduler updates the rate recursively: it drifts from the closed form by a few units of 1e-16.
        for (int e = 0; e <= 10; e++) AssertClose(expected[e], schedule.LearningRateAt(0, e), 1e-12, $"PyTorch, epoch {e}");
        for (int e = 0; e <= 40; e++) AssertClose(expected[11 + e], schedule.LearningRateAt(0, e), 1e-14, $"Keras, epoch {e}");
        for (int e = 0; e <= 20; e++) AssertClose(expected[52 + e], whole.LearningRateAt(0, e), 1e-12, $"PyTorch T_max 20, epoch {e}");
    }

    [SkippableFact]
    public void The_trainer_records_the_scheduled_rate_of_the_last_update_of_each_epoch()
    {
        var training = TinyTraining.Training();
        const double lr = 0.01, decay = 0.05;
        using LczModel model = TinyTraining.Model();
        TrainerOptions options = TinyTraining.Options(3) with { Schedule = LearningRateScheduleOptions.KerasInverseTimeDecay(decay) };
        TrainingHistory history = new LczTrainer(model, options).Fit(training);
        // 9 batches per epoch: the last update of epoch e is step 9 e - 1.
        double[] expected = Python(KerasInverseTimeDecay, Text(lr), Text(decay), "8,17,26");
        for (int e = 1; e <= 3; e++) AssertClose(expected[e - 1], history.Epochs[e - 1].LearningRate, 1e-15, $"epoch {e}");
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Each_updates_learning_rate_reaches_the_optimizer(bool channelsLast)
    {
        // One full batch per epoch, SGD without momentum, no dropout, in float64 (TrainerStep): the trainer with a step
        // decay halving every epoch against PyTorch's SGD stepped with lr, then lr / 2 on the same batch.
        string python = PythonPeer.Require("torch", "numpy");
        var training = TinyTraining.Training();
        OptimizerOptions sgd = OptimizerOptions.Sgd(0.5, momentum: 0);
        var loss = new LossOptions();
        using LczModel model = TinyTraining.Model(dropout: 0);
        model.to(ScalarType.Float64);
        float[] x = training.Data.ToArray();
        int[] labels = training.Labels!.ToArray();
        Dictionary<string, double[]> before = TrainerStep.State(model);

        PyTorchTrainingStep.Result theirs = PyTorchTrainingStep.Run(python, model, x, labels, sgd, loss, learningRates: new[] { 0.5, 0.25 });
        TrainerStep.Result ours = TrainerStep.Run(model, x, labels, sgd, loss, epochs: 2, LearningRateScheduleOptions.StepDecay(0.5, 1), channelsLast);

        Assert.Equal(channelsLast, model.IsChannelsLast);
        TrainerStep.AssertEqual($"two SGD steps with rates 0.5 and 0.25 (channels-last {channelsLast})", theirs, ours, before, sgd.LearningRate);
    }

    /// <summary>Runs a script with Debian's python3 and reads one number per line.</summary>
    private static double[] Python(string script, params string[] arguments) => Numbers(PythonPeer.Run(PythonPeer.Require(), script, arguments));

    /// <summary>Runs a script with Debian's python3-torch and reads one number per line.</summary>
    private static double[] PythonWithTorch(string script) => Numbers(PythonPeer.Run(PythonPeer.Require("torch"), script));

    private static double[] Numbers(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static void AssertClose(double expected, double actual, double relative, string where) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"{where}: {actual:R} here, {expected:R} in the reference");

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Join(IEnumerable<double> values) => string.Join(",", values.Select(Text));
}
