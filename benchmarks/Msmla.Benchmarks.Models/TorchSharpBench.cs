using System;
using System.Diagnostics;
using Msmla.Core.Runtime;
using Msmla.Models;
using Msmla.Models.Inference;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Benchmarks.Models;

/// <summary>Times Msmla's models: a training step (forward, backward, Adam) and the prediction path.</summary>
internal static class TorchSharpBench
{
    /// <summary>Whether <see cref="Clock"/> reads process CPU time instead of wall time.</summary>
    public static bool CpuClock { get; set; }

    /// <summary>Seconds on the chosen clock.</summary>
    public static double Clock()
    {
        if (!CpuClock) return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        using Process process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Seconds for <paramref name="steps"/> Adam steps on one fixed batch, after <paramref name="warmup"/> untimed steps.</summary>
    /// <remarks>
    /// With <paramref name="mixed"/> the step is the trainer's bfloat16 mixed-precision step (<see cref="Msmla.Models.Training.TrainingPrecision.BFloat16Mixed"/>):
    /// forward and backward on the bfloat16 working copy, gradients to the float32 master weights, Adam on those, weights back.
    /// </remarks>
    public static double Train(LczArchitecture architecture, LczModelOptions options, int batch, int warmup, int steps, bool channelsLast, bool mixed = false)
    {
        using var setup = new TrainingSetup(architecture, options, batch, channelsLast);
        using Msmla.Models.Training.BFloat16WorkingCopy? copy = mixed ? setup.WorkingCopy() : null;

        void Step()
        {
            using var scope = NewDisposeScope();
            setup.Optimizer.zero_grad();
            copy?.ZeroGradients();
            setup.Loss(copy).backward();
            copy?.GradientsToMaster();
            setup.Optimizer.step();
            copy?.AfterStep();
        }

        for (int i = 0; i < warmup; i++) Step();
        double start = Clock();
        for (int i = 0; i < steps; i++) Step();
        return Clock() - start;
    }

    /// <summary>
    /// The fastest time of each phase of a training step over <paramref name="steps"/> steps (after <paramref name="warmup"/>):
    /// zero_grad, forward with the loss, backward, Adam step, in seconds.
    /// </summary>
    public static StepPhases TrainPhases(LczArchitecture architecture, LczModelOptions options, int batch, int warmup, int steps, bool channelsLast)
    {
        using var setup = new TrainingSetup(architecture, options, batch, channelsLast);
        var best = new StepPhases(double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue);
        for (int i = 0; i < warmup + steps; i++)
        {
            using var scope = NewDisposeScope();
            double t0 = Clock();
            setup.Optimizer.zero_grad();
            double t1 = Clock();
            Tensor loss = setup.Loss();
            double t2 = Clock();
            loss.backward();
            double t3 = Clock();
            setup.Optimizer.step();
            double t4 = Clock();
            if (i >= warmup) best = best.Min(new StepPhases(t1 - t0, t2 - t1, t3 - t2, t4 - t3));
        }
        return best;
    }

    /// <summary>Seconds for <see cref="LczPredictor.Predict(Tensor, System.Threading.CancellationToken)"/> over <paramref name="batches"/> batches.</summary>
    public static double Infer(LczArchitecture architecture, LczModelOptions options, int batch, int warmup, int batches, bool fold, bool channelsLast,
        InferencePrecision precision = InferencePrecision.Float32)
    {
        using LczModel model = LczModels.Create(architecture, options);
        var predictionOptions = new PredictionOptions
        {
            Device = ComputeDevice.Cpu, BatchSize = batch, FoldBatchNorm = fold, ChannelsLast = channelsLast, Precision = precision,
        };
        using var predictor = new LczPredictor(model, predictionOptions);
        using Tensor data = randn(batch * (long)batches, options.Bands, options.PatchSize, options.PatchSize);
        if (warmup > 0)
        {
            using Tensor head = data.narrow(0, 0, batch * (long)warmup);
            predictor.Predict(head);
        }
        double start = Clock();
        predictor.Predict(data);
        return Clock() - start;
    }

    /// <summary>A model in training mode (channels-last when asked), Adam at lr 1e-3, and one fixed random batch.</summary>
    private sealed class TrainingSetup : IDisposable
    {
        private readonly LczModel _model;
        private readonly Tensor _x;
        private readonly Tensor _y;
        private readonly bool _probabilities;

        public TrainingSetup(LczArchitecture architecture, LczModelOptions options, int batch, bool channelsLast)
        {
            _model = LczModels.Create(architecture, options);
            _model.train();
            if (channelsLast) _model.UseChannelsLast();
            Optimizer = optim.Adam(_model.parameters(), lr: 1e-3);
            _x = randn(batch, options.Bands, options.PatchSize, options.PatchSize);
            _y = randint(0, options.Classes, new long[] { batch });
            _probabilities = _model.OutputKind == ModelOutputKind.Probabilities;
        }

        public optim.Optimizer Optimizer { get; }

        /// <summary>The trainer's bfloat16 working copy of this model.</summary>
        public Msmla.Models.Training.BFloat16WorkingCopy WorkingCopy() => Msmla.Models.Training.BFloat16WorkingCopy.Create(_model, CPU);

        /// <summary>Forward and loss on the batch (cross-entropy, or the negative log of the clamped probabilities); through the working copy when given.</summary>
        public Tensor Loss(Msmla.Models.Training.BFloat16WorkingCopy? copy = null)
        {
            Tensor output = copy?.Forward(_x) ?? _model.call(_x);
            return _probabilities ? F.nll_loss(output.clamp_min(1e-7).log(), _y) : F.cross_entropy(output, _y);
        }

        public void Dispose()
        {
            Optimizer.Dispose();
            _x.Dispose();
            _y.Dispose();
            _model.Dispose();
        }
    }
}
