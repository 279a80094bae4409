using System;
using System.Globalization;
using System.Linq;
using Msmla.Models.Training;
using Msmla.Tests.Shared;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// The optimizers the recipes use, step by step against PyTorch's own (python3-torch) and, for Nadam, against Keras'
/// formula written out in the script: the same start, the same gradient sequence, the same hyperparameters, in float64
/// so that only the algorithm can differ.
/// </summary>
public sealed class OptimizerFactoryTests
{
    private const int Steps = 6;

    private const string Script = """
        import sys, torch
        kind, lr, b1, b2, eps, wd, mdecay, amsgrad, momentum, nesterov = sys.argv[1:11]
        lr, b1, b2, eps, wd, mdecay, momentum = map(float, (lr, b1, b2, eps, wd, mdecay, momentum))
        amsgrad, nesterov = amsgrad == "1", nesterov == "1"
        w = torch.nn.Parameter(torch.arange(12, dtype=torch.float64).reshape(3, 4) / 7 - 0.5)
        if kind == "Adam":
            opt = torch.optim.Adam([w], lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd, amsgrad=amsgrad)
        elif kind == "Nadam":
            # Keras' Nadam, written out: PyTorch 1.13's NAdam departs from its own documented algorithm (fixed in 2.x),
            # so the reference is the formula of the Keras optimizer and of PyTorch's documentation.
            import math
            assert wd == 0, "the written-out Nadam has no weight decay"
            x = w.detach().flatten().tolist(); m = [0.0] * len(x); v = [0.0] * len(x); product = 1.0
            for k in range(STEPS):
                t = k + 1
                g = (torch.sin(torch.arange(12, dtype=torch.float64).reshape(3, 4) * (k + 1) * 0.37) * (1 + k)).flatten().tolist()
                mu, mu_next = b1 * (1 - 0.5 * 0.96 ** (t * mdecay)), b1 * (1 - 0.5 * 0.96 ** ((t + 1) * mdecay))
                product_t = product * mu
                for i in range(len(x)):
                    m[i] = b1 * m[i] + (1 - b1) * g[i]
                    v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2
                    m_bar = mu_next * m[i] / (1 - product_t * mu_next) + (1 - mu) * g[i] / (1 - product_t)
                    x[i] -= lr * m_bar / (math.sqrt(v[i] / (1 - b2 ** t)) + eps)
                product = product_t
            print(" ".join(repr(value) for value in x))
            sys.exit(0)
        elif kind == "AdamW":
            opt = torch.optim.AdamW([w], lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd, amsgrad=amsgrad)
        else:
            opt = torch.optim.SGD([w], lr=lr, momentum=momentum, weight_decay=wd, nesterov=nesterov)
        for k in range(STEPS):
            w.grad = torch.sin(torch.arange(12, dtype=torch.float64).reshape(3, 4) * (k + 1) * 0.37) * (1 + k)
            opt.step()
        print(" ".join(repr(v) for v in w.detach().flatten().tolist()))
        """;

    public static TheoryData<string> Optimizers => new() { "keras-adam", "keras-nadam", "adamw", "sgd-nesterov" };

    [SkippableTheory]
    [MemberData(nameof(Optimizers))]
    public void Steps_equal_PyTorchs_optimizer(string name)
    {
        string python = PythonPeer.Require("torch");
        OptimizerOptions options = name switch
        {
            "keras-adam" => OptimizerOptions.KerasAdam(0.002),
            "keras-nadam" => OptimizerOptions.KerasNadam(0.002),
            "adamw" => OptimizerOptions.AdamW(0.001, 0.05),
            _ => OptimizerOptions.Sgd(0.01, 0.9, nesterov: true) with { WeightDecay = 1e-3 },
        };
        var w = new Parameter(arange(12, ScalarType.Float64).reshape(3, 4) / 7 - 0.5);
        using (var optimizer = OptimizerFactory.Create(options, new[] { w }))
        {
            for (int k = 0; k < Steps; k++)
            {
                using var scope = NewDisposeScope();
                using (no_grad())
                {
                    Tensor gradient = sin(arange(12, ScalarType.Float64).reshape(3, 4) * ((k + 1) * 0.37)) * (1 + k);
                    w.grad = gradient.MoveToOuterDisposeScope();
                }
                optimizer.step();
            }
        }
        double[] ours = w.detach().data<double>().ToArray();

        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        // The script takes every hyperparameter; those a kind does not have are passed as PyTorch's defaults (unused).
        var adam = options as AdamFamilyOptions;
        var sgd = options as SgdOptions;
        bool amsGrad = options is AdamOptions { AmsGrad: true } or AdamWOptions { AmsGrad: true };
        string output = PythonPeer.Run(python, Script.Replace("STEPS", Steps.ToString(CultureInfo.InvariantCulture)),
            options.Kind, F(options.LearningRate), F(adam?.Beta1 ?? 0.9), F(adam?.Beta2 ?? 0.999), F(adam?.Epsilon ?? 1e-8), F(options.WeightDecay),
            F((options as NadamOptions)?.MomentumDecay ?? 0.004), amsGrad ? "1" : "0", F(sgd?.Momentum ?? 0), sgd?.Nesterov == true ? "1" : "0");
        double[] theirs = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        Assert.Equal(theirs.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++)
            Assert.True(Math.Abs(ours[i] - theirs[i]) <= 1e-12, $"{name}: weight {i} is {ours[i]:R} here and {theirs[i]:R} in PyTorch");
        // The steps moved the weights: a test of nothing would also agree.
        Assert.True(Math.Abs(ours[5] - (5 / 7.0 - 0.5)) > 1e-4, $"{name} did not move the weights");
    }
}
