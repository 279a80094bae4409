using System.Diagnostics;
using Msmla.Core.Data;
using Msmla.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Benchmarks.Training;

/// <summary>
/// The least a training epoch can do: the same batches from the same source, forward, cross-entropy (or the negative log
/// of the probabilities), backward and an Adam step, each step in a dispose scope. No metrics, no progress, no checks.
/// </summary>
internal sealed class BareLoop : System.IDisposable
{
    private readonly LczModel _model;
    private readonly Adam _optimizer;

    public BareLoop(LczModel model, double learningRate)
    {
        _model = model;
        _optimizer = optim.Adam(model.parameters(), learningRate, 0.9, 0.999, 1e-7);
    }

    /// <summary>Runs one epoch and returns its wall time in seconds.</summary>
    public double Epoch(IPatchSource source, BatchOptions options, int epoch)
    {
        var clock = Stopwatch.StartNew();
        _model.train();
        foreach (PatchBatch batch in source.ReadBatches(options, epoch))
        {
            using (batch)
            using (var scope = NewDisposeScope())
            {
                Tensor x = batch.ToTensor();
                Tensor y = batch.LabelsToTensor();
                Tensor output = _model.call(x);
                Tensor loss = _model.OutputKind == ModelOutputKind.Logits
                    ? F.cross_entropy(output, y)
                    : F.nll_loss(output.clamp(1e-7, 1 - 1e-7).log(), y);
                _optimizer.zero_grad();
                loss.backward();
                _optimizer.step();
            }
        }
        return clock.Elapsed.TotalSeconds;
    }

    public void Dispose() => _optimizer.Dispose();
}
