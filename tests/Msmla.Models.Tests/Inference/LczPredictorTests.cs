using System;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models;
using Msmla.Models.Inference;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Msmla.Tests.Shared;

namespace Msmla.Models.Tests.Inference;

public class LczPredictorTests
{
    private static readonly PredictionOptions Cpu = new() { Device = ComputeDevice.Cpu };

    [Theory]
    [InlineData(LczArchitecture.Msmla18)]
    [InlineData(LczArchitecture.Sen2LczNet)]
    [InlineData(LczArchitecture.Sen2LczNetMf)]
    public void Probabilities_are_the_softmax_of_logits_and_probability_models_are_not_softmaxed_twice(LczArchitecture architecture)
    {
        using LczModel model = LczModels.Create(architecture, new LczModelOptions { Seed = 1 });
        ModelTestData.RandomizeBatchNorm(model);
        using var scope = NewDisposeScope();
        Tensor x = ModelTestData.Input(7, 10, 32);
        PredictionResult result = model.Predict(x, Cpu with { BatchSize = 3 });
        model.eval();
        Tensor output;
        using (no_grad()) output = model.call(x);
        Tensor expected = architecture == LczArchitecture.Sen2LczNetMf ? output : F.softmax(output, 1);
        float[] e = ModelTestData.ToArray(expected);
        Assert.Equal(7, result.Count);
        Assert.Equal(17, result.Classes);
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - result.Probabilities[i]) < 1e-5, $"value {i}: {result.Probabilities[i]} vs {e[i]}");
        for (int i = 0; i < 7; i++)
        {
            ReadOnlySpan<float> row = result.ProbabilitiesOf(i);
            Assert.Equal(1.0, row.ToArray().Sum(), 4);
            int best = Enumerable.Range(0, 17).OrderByDescending(c => e[i * 17 + c]).First();
            Assert.Equal(best, result.Labels[i]);
        }
        Assert.Equal(result.Probabilities[17 + 4], result.ToMatrix()[1, 4]);
    }

    [Fact]
    public void Tensor_span_and_patch_source_overloads_agree_and_batch_size_does_not_matter()
    {
        using LczModel model = LczModels.CreateMsmla18(new LczModelOptions { Seed = 2 });
        ModelTestData.RandomizeBatchNorm(model);
        using var scope = NewDisposeScope();
        Tensor x = ModelTestData.Input(11, 10, 32);
        float[] data = ModelTestData.ToArray(x);
        int[] labels = Enumerable.Range(0, 11).Select(i => i % 17).ToArray();

        using var small = new LczPredictor(model, Cpu with { BatchSize = 4 });
        using var large = new LczPredictor(model, Cpu);
        PredictionResult fromTensor = large.Predict(x);
        PredictionResult fromSpan = small.Predict(data, 11, 32, 32);
        var progress = new System.Collections.Generic.List<long>();
        PredictionResult fromSource = small.Predict(new InMemoryPatchSource(data, labels, 10, 32, 17), new SynchronousProgress(progress));
        for (int i = 0; i < fromTensor.Probabilities.Length; i++)
        {
            Assert.True(Math.Abs(fromTensor.Probabilities[i] - fromSpan.Probabilities[i]) < 1e-6);
            Assert.True(Math.Abs(fromTensor.Probabilities[i] - fromSource.Probabilities[i]) < 1e-6);
        }
        Assert.Equal(fromTensor.Labels, fromSource.Labels);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => (long)i), fromSource.SourceIndices);
        Assert.Equal(labels, fromSource.TrueLabels);
        Assert.Null(fromTensor.SourceIndices);
        Assert.Equal(new long[] { 4, 8, 11 }, progress);
    }

    [Theory]
    [InlineData(LczArchitecture.Msmla18)]
    [InlineData(LczArchitecture.Sen2LczNetMf)]
    public void Test_time_augmentation_is_the_mean_over_the_eight_manually_transformed_patches(LczArchitecture architecture)
    {
        const int n = 32;
        using LczModel model = LczModels.Create(architecture, new LczModelOptions { Seed = 3 });
        ModelTestData.RandomizeBatchNorm(model);
        model.eval();
        using var scope = NewDisposeScope();
        Tensor x = ModelTestData.Input(2, 10, n);
        PredictionResult tta = model.Predict(x, Cpu with { TestTimeAugmentation = true });
        PredictionResult plain = model.Predict(x, Cpu);

        var expected = new double[2 * 17];
        for (int p = 0; p < 2; p++)
        {
            float[] patch = ModelTestData.ToArray(x[p]);
            foreach (float[] transformed in TestTimeAugmentationTests.ManualDihedral(patch, 10, n))
            {
                using Tensor t = tensor(transformed, new long[] { 1, 10, n, n });
                Tensor output;
                using (no_grad()) output = model.call(t);
                float[] prob = ModelTestData.ToArray(model.OutputKind == ModelOutputKind.Logits ? F.softmax(output, 1) : output);
                for (int c = 0; c < 17; c++) expected[p * 17 + c] += prob[c] / 8.0;
            }
        }
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - tta.Probabilities[i]) < 1e-5, $"value {i}: {tta.Probabilities[i]} vs {expected[i]}");
        double difference = Enumerable.Range(0, expected.Length).Max(i => Math.Abs(tta.Probabilities[i] - plain.Probabilities[i]));
        Assert.True(difference > 1e-4, "An ordinary model is not invariant, so TTA should change its probabilities.");
    }

    [Fact]
    public void Test_time_augmentation_leaves_a_flip_and_rotation_invariant_model_unchanged()
    {
        // Sen2LCZ-Net with every 3x3 kernel averaged over the 8 symmetries is equivariant (2x2 pooling of even
        // maps commutes with them) and ends in global pooling, so it is invariant.
        using LczModel model = LczModels.CreateSen2LczNet(new LczModelOptions { Seed = 4 });
        ModelTestData.RandomizeBatchNorm(model);
        using (no_grad())
        {
            foreach ((string name, Parameter p) in model.named_parameters())
            {
                if (p.dim() != 4) continue;
                using Tensor sum = zeros_like(p);
                for (int t = 0; t < 8; t++) sum.add_(TestTimeAugmentation.Apply(p, t));
                p.copy_(sum / 8);
            }
        }
        using var scope = NewDisposeScope();
        Tensor x = ModelTestData.Input(3, 10, 32);
        PredictionResult tta = model.Predict(x, Cpu with { TestTimeAugmentation = true });
        PredictionResult plain = model.Predict(x, Cpu);
        for (int i = 0; i < tta.Probabilities.Length; i++) Assert.True(Math.Abs(tta.Probabilities[i] - plain.Probabilities[i]) < 1e-5);
    }

    [Fact]
    public void Memory_stays_flat_over_many_batches()
    {
        using LczModel model = LczModels.CreateSen2LczNetMf(new LczModelOptions { Seed = 5 });
        using var predictor = new LczPredictor(model, Cpu with { BatchSize = 16, TestTimeAugmentation = true });
        float[] data = new float[64 * 10 * 32 * 32];
        for (int i = 0; i < data.Length; i++) data[i] = (i % 97) / 97f;
        predictor.Predict(data, 64, 32, 32);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int round = 0; round < 3; round++) predictor.Predict(data, 64, 32, 32);
        long after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.Equal(before, after);
    }

    [Fact]
    public void Bad_input_fails_clearly()
    {
        using LczModel model = LczModels.CreateMsmla18();
        using var predictor = new LczPredictor(model, Cpu);
        using var scope = NewDisposeScope();
        var shape = Assert.Throws<ArgumentException>(() => predictor.Predict(zeros(2, 4, 32, 32)));
        Assert.Contains("[N, 10, H, W]", shape.Message, StringComparison.Ordinal);
        var length = Assert.Throws<ArgumentException>(() => predictor.Predict(new float[100], 2, 32, 32));
        Assert.Contains("100 values are not 2 patches of 10x32x32", length.Message, StringComparison.Ordinal);
        var channels = Assert.Throws<ArgumentException>(() => predictor.Predict(new InMemoryPatchSource(new float[3 * 32 * 32], new[] { 0 }, 3, 32, 17)));
        Assert.Contains("3 channels", channels.Message, StringComparison.Ordinal);
        var nonSquare = Assert.Throws<ArgumentException>(() => model.Predict(zeros(1, 10, 32, 40), Cpu with { TestTimeAugmentation = true }));
        Assert.Contains("square", nonSquare.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LczPredictor(model, Cpu with { BatchSize = 0 }));
        predictor.Dispose();
        Assert.Throws<ObjectDisposedException>(() => predictor.Predict(zeros(1, 10, 32, 32)));
    }

    [SkippableFact]
    public void Asking_for_CUDA_without_a_GPU_fails_clearly()
    {
        Requirement.NoCudaDevice(cuda.is_available());
        using LczModel model = LczModels.CreateMsmla18();
        var error = Assert.Throws<InvalidOperationException>(() => new LczPredictor(model, new PredictionOptions { Device = ComputeDevice.Cuda }));
        Assert.Contains("CUDA", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Runs_on_CUDA_with_the_CPU_results()
    {
        Requirement.CudaDevice(cuda.is_available());
        using LczModel model = LczModels.CreateMsmla18(new LczModelOptions { Seed = 6 });
        using var scope = NewDisposeScope();
        Tensor x = ModelTestData.Input(5, 10, 32);
        PredictionResult gpu = model.Predict(x, new PredictionOptions { Device = ComputeDevice.Cuda });
        PredictionResult cpu = model.Predict(x, Cpu);
        for (int i = 0; i < cpu.Probabilities.Length; i++) Assert.True(Math.Abs(cpu.Probabilities[i] - gpu.Probabilities[i]) < 1e-4);
    }

    private sealed class SynchronousProgress : IProgress<long>
    {
        private readonly System.Collections.Generic.List<long> _values;

        public SynchronousProgress(System.Collections.Generic.List<long> values) => _values = values;

        public void Report(long value) => _values.Add(value);
    }
}
