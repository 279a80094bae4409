using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;
using Msmla.Data.Statistics;
using Msmla.Data.Synthetic;
using Msmla.Data.Transforms;
using Msmla.Models;
using Msmla.Models.Inference;
using Msmla.Models.Training;
using Msmla.Models.Weights;

namespace Msmla.Benchmarks.Models;

/// <summary>
/// What bfloat16 does to results. Every architecture is trained like `msmla demo` (the synthetic sample of Msmla.Data,
/// 32 x 32 x 10, MSMLA's described recipe, BatchNorm momentum 0.9) once in float32 and once in bfloat16 mixed precision,
/// with the same seed; on 2,000 held-out patches the float32-trained model's bfloat16 labels are compared with its float32
/// labels, and both models' held-out accuracy is reported. The released Sen2LCZ-Net-MF weights (../shared/assets) are
/// compared the same way on the sample's raw patches, which they were not trained on.
/// </summary>
internal static class AgreementBench
{
    private const int Training = 1024, Validation = 256, HeldOut = 2000, Epochs = 3;

    public static string Run(BenchmarkSettings settings)
    {
        var sample = new SyntheticLczOptions { Seed = 42, PatchSize = settings.PatchSize, Bands = settings.Bands };
        ArrayPatchSource rawTraining = SyntheticLczSample.CreateSource(sample, Training);
        ArrayPatchSource rawValidation = SyntheticLczSample.CreateSource(sample, Validation, firstIndex: Training);
        ArrayPatchSource rawHeldOut = SyntheticLczSample.CreateSource(sample, HeldOut, firstIndex: 100_000);
        NormalizationOptions normalization = BandStatistics.Compute(rawTraining).ToNormalization();
        IPatchSource training = rawTraining.Normalize(normalization), validation = rawValidation.Normalize(normalization), heldOut = rawHeldOut.Normalize(normalization);
        int[] truth = rawHeldOut.Labels!.ToArray();

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Trained like `msmla demo` ({Training:N0} training and {Validation} validation patches of the synthetic sample, {Epochs} epochs, batch 32), " +
            $"{HeldOut:N0} held-out patches:");
        text.AppendLine();
        text.AppendLine("| Model | float32-trained: OA in float32 | same model, OA in bfloat16 | bfloat16 labels = float32 labels | bf16-mixed-trained: OA | training time f32 / mixed |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (LczArchitecture architecture in settings.Architectures)
        {
            (LczModel single, double singleSeconds) = Train(architecture, settings, TrainingPrecision.Float32, training, validation);
            (LczModel mixed, double mixedSeconds) = Train(architecture, settings, TrainingPrecision.BFloat16Mixed, training, validation);
            using (single)
            using (mixed)
            {
                int[] f32 = Labels(single, heldOut, InferencePrecision.Float32, settings.Threads);
                int[] bf16 = Labels(single, heldOut, InferencePrecision.BFloat16, settings.Threads);
                int[] mixedLabels = Labels(mixed, heldOut, InferencePrecision.Float32, settings.Threads);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {single.Info.Name} | {Accuracy(f32, truth):F4} | {Accuracy(bf16, truth):F4} | {Agreement(f32, bf16)} | {Accuracy(mixedLabels, truth):F4} | " +
                    $"{singleSeconds:F0} s / {mixedSeconds:F0} s |");
            }
            Console.Error.WriteLine($"agreement: {architecture} done");
        }

        string keras = Path.Combine(Machine.RepositoryRoot(), "..", "shared", "assets", "sen2lcz-net-mf.keras-weights.h5");
        text.AppendLine();
        if (File.Exists(keras) && settings.Bands == 10 && settings.PatchSize == 32)
        {
            using LczModel released = LczModels.CreateSen2LczNetMf();
            KerasWeights.Import(released, keras);
            PredictionResult f32 = Predict(released, rawHeldOut, InferencePrecision.Float32, settings.Threads);
            PredictionResult bf16 = Predict(released, rawHeldOut, InferencePrecision.BFloat16, settings.Threads);
            int clear = Enumerable.Range(0, f32.Count).Count(i => Margin(f32, i) > 0.05);
            int clearSame = Enumerable.Range(0, f32.Count).Count(i => Margin(f32, i) > 0.05 && f32.Labels[i] == bf16.Labels[i]);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"The released Sen2LCZ-Net-MF weights on the sample's raw patches (not So2Sat's; the network was not trained on them): bfloat16 labels = float32 labels on " +
                $"{Agreement(f32.LabelsToArray(), bf16.LabelsToArray())}; on the {clear:N0} patches whose float32 top two probabilities are more than 0.05 apart, on {clearSame:N0} " +
                $"({100.0 * clearSame / Math.Max(1, clear):F2} %).");
        }
        else
        {
            text.AppendLine("The released Sen2LCZ-Net-MF weights were not found at ../shared/assets: not compared.");
        }
        return text.ToString();
    }

    private static (LczModel Model, double Seconds) Train(LczArchitecture architecture, BenchmarkSettings settings, TrainingPrecision precision,
        IPatchSource training, IPatchSource validation)
    {
        LczModel model = LczModels.Create(architecture, new LczModelOptions
        {
            Bands = settings.Bands, PatchSize = settings.PatchSize, Seed = 1, BatchNormMomentum = 0.9,
        });
        TrainerOptions options = TrainingRecipes.MsmlaAsDescribed().Trainer with
        {
            Epochs = Epochs, BatchSize = 32, Seed = 1, Device = ComputeDevice.Cpu, Checkpoint = null, EarlyStopping = null,
            Threads = TorchThreads.Fixed(settings.Threads), Precision = precision,
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        new LczTrainer(model, options).Fit(training, validation);
        return (model, clock.Elapsed.TotalSeconds);
    }

    private static PredictionResult Predict(LczModel model, IPatchSource data, InferencePrecision precision, int threads)
    {
        using var predictor = new LczPredictor(model, new PredictionOptions { Device = ComputeDevice.Cpu, Precision = precision, Threads = TorchThreads.Fixed(threads) });
        return predictor.Predict(data);
    }

    private static int[] Labels(LczModel model, IPatchSource data, InferencePrecision precision, int threads) =>
        Predict(model, data, precision, threads).LabelsToArray();

    private static double Accuracy(int[] labels, int[] truth) => labels.Zip(truth, (a, b) => a == b ? 1.0 : 0.0).Average();

    private static string Agreement(int[] a, int[] b)
    {
        int same = a.Zip(b, (x, y) => x == y ? 1 : 0).Sum();
        return string.Create(CultureInfo.InvariantCulture, $"{same:N0} / {a.Length:N0} ({100.0 * same / a.Length:F2} %)");
    }

    private static double Margin(PredictionResult result, int index)
    {
        float[] row = result.ProbabilitiesOf(index).ToArray();
        Array.Sort(row);
        return row[^1] - row[^2];
    }
}
