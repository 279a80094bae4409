using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;
using Msmla.Data.Classification;
using Msmla.Models.Inference;
using Msmla.Models.Weights;
using Msmla.Tests.Shared;

namespace Msmla.Models.Pretrained.Tests;

/// <summary>
/// The pretrained Sen2LCZ-Net-MF: the weights it carries are the released file (compared with the shared copy and
/// coreutils' sha256sum), its predictions are those of the Keras import of that file, and, from an So2Sat LCZ42-layout file
/// written by h5py, those of an independent NumPy forward pass of the Keras model on the values as stored
/// (tests/Msmla.Models.Tests/Weights/Python/keras_models.py), which checks the input pipeline too.
/// </summary>
public sealed class LczPretrainedTests
{
    private const string WeightFile = "sen2lcz-net-mf.keras-weights.h5";

    public LczPretrainedTests() => TorchRuntime.EnsureLoaded();

    [SkippableFact]
    public void The_embedded_weights_are_the_released_file()
    {
        string shared = TestPaths.RequireSharedAsset(WeightFile);
        string sha256sum = Requirement.Tool("sha256sum", "coreutils");
        ProcessOutcome outcome = TestProcess.Run(TestProcess.StartInfo(sha256sum, new[] { shared }), TestProcess.ShortTimeout);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        string expected = outcome.StandardOutput.Split(' ')[0];

        PretrainedWeights weights = LczPretrained.Sen2LczNetMfWeights;
        Assert.True(weights.IsAvailable, "this build carries the weights (the shared file was there when it was built)");
        Assert.Equal(expected, weights.Sha256);
        using Stream embedded = typeof(LczPretrained).Assembly.GetManifestResourceStream("Msmla.Models.Pretrained.sen2lcz-net-mf.keras-weights.h5")!;
        Assert.Equal(expected, Convert.ToHexString(SHA256.HashData(embedded)).ToLowerInvariant());
    }

    [SkippableFact]
    public void Predictions_are_those_of_the_Keras_import_of_the_shared_file()
    {
        string shared = TestPaths.RequireSharedAsset(WeightFile);
        using LczModel imported = LczModels.CreateSen2LczNetMf();
        KerasWeights.Import(imported, shared);
        imported.eval();
        using LczModel pretrained = LczPretrained.Sen2LczNetMfWeights.CreateModel();
        Assert.False(pretrained.training);
        Assert.Equal(LczArchitecture.Sen2LczNetMf, pretrained.Architecture);

        float[] input = Patches(48, seed: 13);
        var options = new PredictionOptions { Device = ComputeDevice.Cpu };
        PredictionResult expected = imported.Predict(input, 48, 32, 32, options);
        PredictionResult actual = pretrained.Predict(input, 48, 32, 32, options);
        Assert.Equal(expected.Probabilities.ToArray(), actual.Probabilities.ToArray());
        Assert.True(actual.Labels.Distinct().Count() >= 3, "the patches cover several predicted classes");
    }

    /// <summary>
    /// <c>LczPretrained.Sen2LczNetMf()</c> on a raw So2Sat LCZ42-layout file (sen2 N x 32 x 32 x 10 float64 reflectance,
    /// label one-hot, written by h5py) gives the probabilities of the NumPy Keras reference run on the stored values.
    /// </summary>
    [SkippableFact]
    public void The_classifier_reads_So2Sat_sen2_as_stored_and_matches_the_numpy_reference()
    {
        string shared = TestPaths.RequireSharedAsset(WeightFile);
        string python = PythonPeer.Require("h5py", "numpy");
        using var directory = TestPaths.CreateTemporaryDirectory();
        string data = directory.File("testing.h5"), reference = directory.File("reference.npy");
        string scripts = Path.Combine(TestPaths.RepositoryRoot, "tests", "Msmla.Models.Tests", "Weights", "Python");
        PythonPeer.Run(python, """
            import sys
            sys.path.insert(0, sys.argv[1])
            import h5py, numpy as np
            import keras_models
            rng = np.random.default_rng(2024)
            n = 40
            # Reflectance-like values with per-band levels, so that the band order matters.
            level = np.array([0.12, 0.11, 0.10, 0.11, 0.16, 0.18, 0.17, 0.20, 0.15, 0.11])
            sen2 = np.clip(level + rng.normal(0, 0.06, size=(n, 32, 32, 10)) * (1 + np.arange(10) / 5), 0, 1.2)
            labels = np.eye(17)[rng.integers(0, 17, size=n)]
            with h5py.File(sys.argv[2], "w") as f:
                f["sen1"] = np.zeros((n, 32, 32, 8))
                f["sen2"] = sen2
                f["label"] = labels
            y = keras_models.MODELS["sen2lcz_mf"](keras_models.FileWeights(sys.argv[3]), sen2)
            np.save(sys.argv[4], y)
            """, scripts, data, shared, reference);
        double[] expected = ReadNpyFloat64(reference, out int rows, out int columns);
        Assert.Equal((40, 17), (rows, columns));

        using LczClassifier classifier = LczPretrained.Sen2LczNetMf(new LczClassifierOptions { Prediction = new PredictionOptions { Device = ComputeDevice.Cpu } });
        Assert.Equal(LczPretrained.Sen2LczNetMfWeights.Input, classifier.Input);
        PredictionResult result = classifier.PredictFile(data);
        Assert.Equal(40, result.Count);
        float[] actual = result.Probabilities.ToArray();
        double largest = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(largest <= 1e-5, $"largest probability difference {largest:g}");
        int[] expectedLabels = Enumerable.Range(0, 40).Select(n => ArgMax(expected.AsSpan(n * 17, 17))).ToArray();
        Assert.Equal(expectedLabels, result.Labels.ToArray());
    }

    /// <summary>The input pipeline is So2Sat's sen2 as the shared document describes it: ten bands in file order, reflectance, no normalisation.</summary>
    [SkippableFact]
    public void The_input_pipeline_is_So2Sat_sen2_as_stored()
    {
        string document = File.ReadAllText(TestPaths.RequireSharedDocument("so2sat.md"));
        const string marker = "`sen2` bands in order: ";
        int start = document.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, "so2sat.md names the sen2 band order");
        string[] documented = document[(start + marker.Length)..].Split(',').Take(10).Select(b => b.Trim()).ToArray();
        InputPipeline input = LczPretrained.Sen2LczNetMfWeights.Input;
        Assert.Equal(documented, input.Bands);
        Assert.Equal(10_000, input.Scaling.Divisor);
        Assert.Equal(NormalizationKind.None, input.Normalization.Kind);
        Assert.Equal(32, input.PatchSize);
    }

    [SkippableFact]
    public void Licence_and_citation_are_carried_and_match_the_shared_assets_readme()
    {
        string readme = File.ReadAllText(TestPaths.RequireSharedAsset("README.md"));
        PretrainedWeights weights = LczPretrained.Sen2LczNetMfWeights;
        Assert.Contains("MIT licence (Copyright (c) 2021 ChunpingQiu)", readme, StringComparison.Ordinal);
        Assert.Equal("MIT", weights.LicenseExpression);
        Assert.Contains("Copyright (c) 2021 ChunpingQiu", weights.License, StringComparison.Ordinal);
        Assert.Contains("Permission is hereby granted, free of charge", weights.License, StringComparison.Ordinal);
        Assert.Contains("ChunpingQiu/benchmark-on-So2SatLCZ42-dataset-a-simple-tour", readme, StringComparison.Ordinal);
        Assert.Contains("ChunpingQiu/benchmark-on-So2SatLCZ42-dataset-a-simple-tour", weights.Source, StringComparison.Ordinal);
        Assert.StartsWith("Qiu, C.", weights.Citation, StringComparison.Ordinal);
        Assert.Same(weights, LczPretrained.Find("SEN2LCZ-NET-MF"));
        Assert.Null(LczPretrained.Find("sen2lcz-net"));
    }

    private static float[] Patches(int count, int seed)
    {
        // Each patch and band has its own reflectance level (0.02 to 0.42), so the patches look like different surfaces.
        var random = new Random(seed);
        const int pixels = 32 * 32;
        var values = new float[count * 10 * pixels];
        for (int plane = 0; plane < count * 10; plane++)
        {
            double level = 0.02 + 0.4 * random.NextDouble();
            for (int i = 0; i < pixels; i++) values[plane * pixels + i] = (float)(level * (0.8 + 0.4 * random.NextDouble()));
        }
        return values;
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>A 2-D little-endian float64 .npy (NumPy format 1.0, C order).</summary>
    private static double[] ReadNpyFloat64(string path, out int rows, out int columns)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = BitConverter.ToUInt16(bytes, 8);
        string header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("'descr': '<f8'", header, StringComparison.Ordinal);
        Assert.Contains("'fortran_order': False", header, StringComparison.Ordinal);
        string shape = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        string[] dims = shape[..shape.IndexOf(')', StringComparison.Ordinal)].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        rows = int.Parse(dims[0], System.Globalization.CultureInfo.InvariantCulture);
        columns = int.Parse(dims[1], System.Globalization.CultureInfo.InvariantCulture);
        var values = new double[rows * columns];
        Buffer.BlockCopy(bytes, 10 + headerLength, values, 0, values.Length * sizeof(double));
        return values;
    }
}
