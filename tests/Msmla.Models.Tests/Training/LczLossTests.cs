using System;
using System.Globalization;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Models.Training;
using Msmla.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>The loss against values worked out from the definitions here, and against PyTorch's own cross-entropy.</summary>
public sealed class LczLossTests
{
    private static readonly double[,] Logits = { { 1.0, 2.0, 0.0 }, { 0.5, -1.0, 2.0 }, { -0.3, 0.1, 0.2 } };
    private static readonly long[] Targets = { 1, 2, 0 };
    private static readonly float[] Weights = { 0.5f, 2f, 1f };

    [Fact]
    public void Logits_without_weights_is_the_mean_negative_log_softmax()
    {
        double expected = Enumerable.Range(0, 3).Average(i => -LogSoftmax(Row(Logits, i))[Targets[i]]);
        Assert.Equal(expected, Compute(ModelOutputKind.Logits, Logits, new LossOptions()), 6);
    }

    [Fact]
    public void Logits_with_class_weights_is_the_weighted_mean_by_the_weight_sum()
    {
        double numerator = 0, denominator = 0;
        for (int i = 0; i < 3; i++)
        {
            double w = Weights[Targets[i]];
            numerator += w * -LogSoftmax(Row(Logits, i))[Targets[i]];
            denominator += w;
        }
        Assert.Equal(numerator / denominator, Compute(ModelOutputKind.Logits, Logits, new LossOptions { ClassWeights = Weights }), 6);
    }

    [Fact]
    public void Keras_sample_weights_scale_each_loss_and_average_over_the_batch()
    {
        const double eps = 0.2;
        double sum = 0;
        for (int i = 0; i < 3; i++)
        {
            double[] logp = LogSoftmax(Row(Logits, i));
            double perSample = (1 - eps) * -logp[Targets[i]] + eps / 3 * -logp.Sum();
            sum += Weights[Targets[i]] * perSample;
        }
        var options = new LossOptions { ClassWeights = Weights, WeightReduction = ClassWeightReduction.KerasSampleWeights, LabelSmoothing = eps };
        Assert.Equal(sum / 3, Compute(ModelOutputKind.Logits, Logits, options), 6);
    }

    [Fact]
    public void Label_smoothing_with_weights_weights_the_smoothing_term_by_class_as_PyTorch()
    {
        const double eps = 0.1;
        double nll = 0, smooth = 0, denominator = 0;
        for (int i = 0; i < 3; i++)
        {
            double[] logp = LogSoftmax(Row(Logits, i));
            nll += Weights[Targets[i]] * -logp[Targets[i]];
            for (int c = 0; c < 3; c++) smooth += Weights[c] * -logp[c];
            denominator += Weights[Targets[i]];
        }
        double expected = (1 - eps) * nll / denominator + eps / 3 * smooth / denominator;
        Assert.Equal(expected, Compute(ModelOutputKind.Logits, Logits, new LossOptions { ClassWeights = Weights, LabelSmoothing = eps }), 6);
    }

    [Fact]
    public void Probabilities_are_renormalised_clamped_to_1e7_and_logged_as_Keras_does()
    {
        // Row 0 sums to 2 (renormalised to 0.1, 0.6, 0.3); row 1 gives its target 1e-9, clamped to 1e-7; row 2 is a plain distribution.
        double[,] p = { { 0.2, 1.2, 0.6 }, { 1e-9, 0.5, 0.5 - 1e-9 }, { 0.25, 0.25, 0.5 } };
        long[] targets = { 1, 0, 2 };
        double expected = (-Math.Log(0.6) - Math.Log(1e-7) - Math.Log(0.5)) / 3;
        Assert.Equal(expected, Compute(ModelOutputKind.Probabilities, p, new LossOptions(), targets), 5);
    }

    [Fact]
    public void Per_sample_loss_is_unweighted()
    {
        using var loss = new LczLoss(ModelOutputKind.Logits, 3, new LossOptions { ClassWeights = Weights });
        using Tensor output = tensor(Flatten(Logits), 3, 3);
        using Tensor target = tensor(Targets);
        using Tensor perSample = loss.PerSample(output, target);
        for (int i = 0; i < 3; i++)
            Assert.Equal(-LogSoftmax(Row(Logits, i))[Targets[i]], perSample[i].ToDouble(), 6);
    }

    [Fact]
    public void Wrong_shapes_and_weights_are_refused_with_clear_messages()
    {
        ArgumentException weights = Assert.Throws<ArgumentException>(() => new LczLoss(ModelOutputKind.Logits, 17, new LossOptions { ClassWeights = Weights }));
        Assert.Contains("3 weights but the model has 17 classes", weights.Message);
        using var loss = new LczLoss(ModelOutputKind.Logits, 3);
        using Tensor output = zeros(2, 4);
        using Tensor target = tensor(new long[] { 0, 1 });
        Assert.Contains("[N, 3]", Assert.Throws<ArgumentException>(() => loss.Compute(output, target)).Message);
        using Tensor right = zeros(2, 3);
        using Tensor intTarget = tensor(new[] { 0, 1 });
        Assert.Contains("int64", Assert.Throws<ArgumentException>(() => loss.Compute(right, intTarget)).Message);
    }

    [SkippableTheory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void Matches_PyTorch_cross_entropy_with_class_weights_on_a_fixed_batch(double smoothing)
    {
        string python = PythonPeer.Require("torch");
        const int n = 8, k = 17;
        var random = new SeededRandom(99);
        float[] logits = Enumerable.Range(0, n * k).Select(_ => (float)(random.NextGaussian() * 2)).ToArray();
        long[] targets = Enumerable.Range(0, n).Select(_ => random.NextInt64(k)).ToArray();
        float[] weights = Enumerable.Range(0, k).Select(_ => (float)(0.2 + random.NextDouble() * 3)).ToArray();

        // Probabilities as Sen2LCZ-Net-MF produces them: a mean of softmaxes (no value near the clamp).
        float[] probabilities;
        using (Tensor l = tensor(logits, n, k))
        using (Tensor p = (l.softmax(1) + (l * 0.5).softmax(1)) / 2)
            probabilities = p.data<float>().ToArray();

        string script = """
            import sys, json, torch
            import torch.nn.functional as F
            a = json.loads(sys.argv[1])
            n, k, eps = a["n"], a["k"], a["eps"]
            logits = torch.tensor(a["logits"], dtype=torch.float32).reshape(n, k)
            probs = torch.tensor(a["probs"], dtype=torch.float32).reshape(n, k)
            t = torch.tensor(a["targets"], dtype=torch.int64)
            w = torch.tensor(a["weights"], dtype=torch.float32)
            ce = F.cross_entropy(logits, t, weight=w, label_smoothing=eps)
            # log of renormalised probabilities; cross_entropy's log_softmax of a log-distribution is the identity.
            logp = torch.log((probs / probs.sum(1, keepdim=True)).clamp(1e-7, 1 - 1e-7))
            pe = F.cross_entropy(logp, t, weight=w, label_smoothing=eps)
            print(repr(float(ce)), repr(float(pe)))
            """;
        string arguments = System.Text.Json.JsonSerializer.Serialize(new { n, k, eps = smoothing, logits, probs = probabilities, targets, weights });
        double[] reference = PythonPeer.Run(python, script, arguments).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        var options = new LossOptions { ClassWeights = weights, LabelSmoothing = smoothing };
        using var logitLoss = new LczLoss(ModelOutputKind.Logits, k, options);
        using var probabilityLoss = new LczLoss(ModelOutputKind.Probabilities, k, options);
        using Tensor target = tensor(targets);
        using Tensor logitTensor = tensor(logits, n, k);
        using Tensor probabilityTensor = tensor(probabilities, n, k);
        using Tensor ours = logitLoss.Compute(logitTensor, target);
        using Tensor oursFromProbabilities = probabilityLoss.Compute(probabilityTensor, target);
        Assert.Equal(reference[0], ours.ToDouble(), 5);
        Assert.Equal(reference[1], oursFromProbabilities.ToDouble(), 5);
    }

    private static double Compute(ModelOutputKind kind, double[,] output, LossOptions options, long[]? targets = null)
    {
        int k = output.GetLength(1);
        using var loss = new LczLoss(kind, k, options);
        using Tensor o = tensor(Flatten(output), output.GetLength(0), k);
        using Tensor t = tensor(targets ?? Targets);
        using Tensor value = loss.Compute(o, t);
        return value.ToDouble();
    }

    private static float[] Flatten(double[,] values) => values.Cast<double>().Select(v => (float)v).ToArray();

    private static double[] Row(double[,] values, int row) => Enumerable.Range(0, values.GetLength(1)).Select(c => values[row, c]).ToArray();

    private static double[] LogSoftmax(double[] row)
    {
        double max = row.Max();
        double log = Math.Log(row.Sum(v => Math.Exp(v - max))) + max;
        return row.Select(v => v - log).ToArray();
    }
}
