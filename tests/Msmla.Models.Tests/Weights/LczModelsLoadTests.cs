using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Msmla.Core.Lcz;
using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;
using Msmla.Models.Weights;
using Msmla.Tests.Shared;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Weights;

/// <summary>The native format: TorchSharp weights plus the JSON sidecar, through LczModels.Save and LczModels.Load.</summary>
public sealed class LczModelsLoadTests
{
    public LczModelsLoadTests() => TorchRuntime.EnsureLoaded();

    /// <summary>A model whose BatchNorm statistics and step counters moved away from their initial values.</summary>
    private static LczModel Trained(LczArchitecture architecture, LczModelOptions? options = null)
    {
        LczModel model = LczModels.Create(architecture, options ?? new LczModelOptions { Seed = 11 });
        model.train();
        using (no_grad())
        {
            for (int i = 0; i < 2; i++)
            {
                using var scope = NewDisposeScope();
                model.call(rand(2, model.Options.Bands, model.Options.PatchSize, model.Options.PatchSize) * 0.4);
            }
        }
        model.eval();
        return model;
    }

    private static string Sha256Sum(string path)
    {
        ProcessOutcome outcome = TestProcess.Run(TestProcess.StartInfo(Requirement.Tool("sha256sum", "coreutils"), new[] { path }), TestProcess.ShortTimeout);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        return outcome.StandardOutput.Split(' ')[0];
    }

    private static void EditSidecar(string weights, Action<JsonObject> edit)
    {
        string sidecar = LczModelFileInfo.SidecarPath(weights);
        JsonObject json = JsonNode.Parse(File.ReadAllText(sidecar))!.AsObject();
        edit(json);
        File.WriteAllText(sidecar, json.ToJsonString());
    }

    [Theory]
    [InlineData(LczArchitecture.Msmla18)]
    [InlineData(LczArchitecture.Msmla50)]
    [InlineData(LczArchitecture.Sen2LczNet)]
    [InlineData(LczArchitecture.Sen2LczNetMf)]
    [InlineData(LczArchitecture.RosentreterCnn)]
    [InlineData(LczArchitecture.LczNet)]
    public void Load_rebuilds_the_saved_model_with_identical_state_and_outputs(LczArchitecture architecture)
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        var options = new LczModelOptions { Seed = 5, Bands = architecture == LczArchitecture.Msmla18 ? 13 : 10, Classes = 17 };
        using LczModel model = Trained(architecture, options);
        string path = dir.File("model.bin");
        LczModelFileInfo saved = LczModels.Save(model, path);
        Assert.Equal(new[] { "model.bin", "model.bin.json" }, Directory.GetFiles(dir.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));

        using LczModel loaded = LczModels.Load(path);
        Assert.Equal(architecture, loaded.Architecture);
        Assert.Equal(model.Options, loaded.Options);
        Assert.False(loaded.training);
        var expected = model.state_dict();
        Assert.Equal(expected.Keys.OrderBy(k => k), loaded.state_dict().Keys.OrderBy(k => k));
        Assert.Equal(saved.TensorCount, expected.Count);
        foreach (var (key, tensor) in loaded.state_dict())
            Assert.True(tensor.equal(expected[key]).all().item<bool>(), key);

        float[] input = WeightsTestData.Patches(2, options.Bands, 32, seed: 1, out long[] shape);
        Assert.Equal(WeightsTestData.Forward(model, input, shape), WeightsTestData.Forward(loaded, input, shape));
    }

    [Fact]
    public void A_channels_last_model_saves_and_loads_with_the_same_state_and_outputs()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = LczModels.CreateMsmla18(new LczModelOptions { Seed = 8 });
        ModelTestData.RandomizeBatchNorm(model);
        model.UseChannelsLast();
        model.eval();
        Assert.False(model.parameters().First(p => p.dim() == 4).is_contiguous());
        string path = dir.File("channels-last.dat");
        LczModels.Save(model, path);
        Assert.Equal(new[] { "channels-last.dat", "channels-last.dat.json" },
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));

        using LczModel loaded = LczModels.Load(path);
        Assert.False(loaded.IsChannelsLast);
        var expected = model.state_dict();
        foreach (var (key, tensor) in loaded.state_dict())
            Assert.True(tensor.equal(expected[key]).all().item<bool>(), key);

        // The same weights in the two layouts: libtorch sums in another order, so outputs agree to float32 rounding.
        float[] input = WeightsTestData.Patches(4, 10, 32, seed: 3, out long[] shape);
        float[] channelsLast = WeightsTestData.Forward(model, input, shape);
        float[] standard = WeightsTestData.Forward(loaded, input, shape);
        Assert.True(WeightsTestData.MaxAbsDifference(channelsLast, standard) < 1e-5, $"max |difference| {WeightsTestData.MaxAbsDifference(channelsLast, standard)}");
        Assert.True(channelsLast.Max() - channelsLast.Min() > 1e-3, "outputs should vary");
    }

    [Fact]
    public void The_sidecar_records_what_rebuilds_and_feeds_the_model_and_identifies_the_weights()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = Trained(LczArchitecture.Sen2LczNetMf);
        string path = dir.File("mf.weights");
        LczModels.Save(model, path);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(path + ".json"));
        JsonElement root = json.RootElement;
        Assert.Equal("msmla-lcz-model", root.GetProperty("format").GetString());
        Assert.Equal(2, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal("Sen2LczNetMf", root.GetProperty("architecture").GetString());
        Assert.Equal("Sen2LCZ-Net-MF", root.GetProperty("modelName").GetString());
        Assert.Equal(10, root.GetProperty("options").GetProperty("bands").GetInt32());
        Assert.Equal(new[] { 4, 4, 4, 4 }, root.GetProperty("options").GetProperty("stageDepths").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(LczClasses.Codes, root.GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
        JsonElement input = root.GetProperty("input");
        Assert.Equal(model.Info.BandOrder, input.GetProperty("bands").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Sentinel2", input.GetProperty("modality").GetString());
        Assert.Equal(10000, input.GetProperty("scaling").GetProperty("divisor").GetDouble());
        Assert.Equal("None", input.GetProperty("normalization").GetProperty("kind").GetString());
        Assert.Equal(32, input.GetProperty("patchSize").GetInt32());
        Assert.False(root.TryGetProperty("bandOrder", out _));
        Assert.Equal("Probabilities", root.GetProperty("outputKind").GetString());
        Assert.Equal("0.107.0", root.GetProperty("torchSharpVersion").GetString());
        Assert.Equal(typeof(LczModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion,
            root.GetProperty("msmlaVersion").GetString());
        Assert.Equal("mf.weights", root.GetProperty("weightsFile").GetString());
        Assert.Equal(new FileInfo(path).Length, root.GetProperty("weightsBytes").GetInt64());
        Assert.Equal(Sha256Sum(path), root.GetProperty("weightsSha256").GetString());

        LczModelFileInfo info = LczModels.ReadFileInfo(path);
        Assert.Equal(model.Options, info.Options);
        Assert.Equal(model.Info.DefaultInput, info.Input);
        Assert.Equal(InputScaling.So2SatReflectance, info.Input.Scaling);
    }

    [Fact]
    public void Metadata_round_trips_through_the_sidecar_and_is_absent_when_not_given()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = LczModels.CreateRosentreterCnn(new LczModelOptions { Classes = 3, Seed = 2 });
        string with = dir.File("with.dat");
        var metadata = new System.Collections.Generic.Dictionary<string, string>
        {
            ["dataset"] = "So2Sat LCZ42 v2, culture-10",
            ["region"] = "Seoul",
        };
        LczModelFileInfo saved = LczModels.Save(model, with, metadata: metadata);
        Assert.Equal("Seoul", saved.GetMetadata("region"));

        using (JsonDocument json = JsonDocument.Parse(File.ReadAllText(with + ".json")))
        {
            JsonElement written = json.RootElement.GetProperty("metadata");
            Assert.Equal(new[] { "dataset", "region" }, written.EnumerateObject().Select(p => p.Name));
            Assert.Equal("Seoul", written.GetProperty("region").GetString());
            Assert.Equal("So2Sat LCZ42 v2, culture-10", written.GetProperty("dataset").GetString());
        }
        LczModelFileInfo read = LczModels.ReadFileInfo(with);
        Assert.Equal(metadata.OrderBy(e => e.Key, StringComparer.Ordinal), read.Metadata!.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal("Seoul", read.GetMetadata("region"));
        Assert.Null(read.GetMetadata("missing"));

        string without = dir.File("without.dat");
        LczModels.Save(model, without);
        using (JsonDocument json = JsonDocument.Parse(File.ReadAllText(without + ".json")))
            Assert.False(json.RootElement.TryGetProperty("metadata", out _));
        Assert.Null(LczModels.ReadFileInfo(without).Metadata);
        Assert.Null(LczModels.ReadFileInfo(without).GetMetadata("region"));

        Assert.Throws<ArgumentException>(() => LczModels.Save(model, without, metadata: new System.Collections.Generic.Dictionary<string, string> { [" "] = "x" }));
        Assert.Throws<ArgumentException>(() => LczModels.Save(model, without, metadata: new System.Collections.Generic.Dictionary<string, string> { ["k"] = null! }));
    }

    [Theory]
    [InlineData(null, NormalizationKind.None)]
    [InlineData("none", NormalizationKind.None)]
    [InlineData("so2sat-stats", NormalizationKind.So2SatStatistics)]
    [InlineData("s2-baseline", NormalizationKind.Sentinel2BaselineOffset)]
    public void A_version_1_sidecar_loads_with_the_input_pipeline_it_implies(string? normalization, NormalizationKind expected)
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = Trained(LczArchitecture.Sen2LczNetMf);
        string path = dir.File("old.dat");
        LczModels.Save(model, path);
        // Format version 1 as the previous release wrote it: band order and input scaling at the top, the normalisation by
        // name in the metadata, no input pipeline.
        EditSidecar(path, j =>
        {
            j["formatVersion"] = 1;
            Assert.True(j.Remove("input"));
            j["bandOrder"] = new JsonArray("B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12");
            j["inputScaling"] = new JsonObject { ["description"] = "reflectance as stored in So2Sat LCZ42 (DN / 10000)", ["divisor"] = 10000, ["offset"] = 0 };
            if (normalization != null) j["metadata"] = new JsonObject { ["normalization"] = normalization };
        });

        LczModelFileInfo info = LczModels.ReadFileInfo(path);
        Assert.Equal(1, info.FormatVersion);
        Assert.Equal(new[] { "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12" }, info.Input.Bands);
        Assert.Equal(SensorModality.Sentinel2, info.Input.Modality);
        Assert.Equal(10000, info.Input.Scaling.Divisor);
        Assert.Equal(32, info.Input.PatchSize);
        Assert.Equal(expected, info.Input.Normalization.Kind);
        if (expected == NormalizationKind.So2SatStatistics)
        {
            // The published So2Sat v2 statistics (So2Sat LCZ42 documentation), written out per band.
            Assert.Equal(new[] { 0.12376, 0.10928, 0.10109, 0.11424, 0.15927, 0.18147, 0.17457, 0.19502, 0.15428, 0.10905 }, info.Input.Normalization.Mean);
            Assert.Equal(new[] { 0.03959, 0.04778, 0.06637, 0.06359, 0.07744, 0.09102, 0.09218, 0.10165, 0.09992, 0.08781 }, info.Input.Normalization.Std);
        }
        if (expected == NormalizationKind.Sentinel2BaselineOffset)
        {
            Assert.Equal(1000, info.Input.Normalization.Offset);
            Assert.Equal(10000, info.Input.Normalization.Divisor);
        }
        using LczModel loaded = LczModels.Load(path);
        foreach (var (key, tensor) in loaded.state_dict())
            Assert.True(tensor.equal(model.state_dict()[key]).all().item<bool>(), key);

        EditSidecar(path, j => j["metadata"] = new JsonObject { ["normalization"] = "per-scene-zscore" });
        Assert.Contains("per-scene-zscore", Assert.Throws<WeightFileException>(() => LczModels.ReadFileInfo(path)).Message);
    }

    [Fact]
    public void Records_the_input_pipeline_it_is_given_and_refuses_one_that_does_not_fit()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = Trained(LczArchitecture.Sen2LczNetMf);
        string path = dir.File("reordered.dat");
        string[] reversed = { "B12", "B11", "B8A", "B8", "B7", "B6", "B5", "B4", "B3", "B2" };
        var input = new InputPipeline { Bands = reversed, PatchSize = 32 }.WithNormalization(NormalizationOptions.So2SatStatistics);
        LczModels.Save(model, path, input);

        LczModelFileInfo info = LczModels.ReadFileInfo(path);
        Assert.Equal(input, info.Input);
        Assert.Equal(reversed, info.BandOrder);
        Assert.Equal(0.10905, info.Input.Normalization.Mean![0]);   // B12's mean comes first
        Assert.Equal(0.08781, info.Input.Normalization.Std![0]);

        var wrong = new InputPipeline { Bands = reversed[..9], PatchSize = 32 };
        Assert.Contains("10 channels", Assert.Throws<ArgumentException>(() => LczModels.Save(model, dir.File("wrong.dat"), wrong)).Message);
        EditSidecar(path, j => j["input"]!["bands"] = new JsonArray("B2", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B11", "B12"));
        Assert.Contains("repeats the band 'B2'", Assert.Throws<WeightFileException>(() => LczModels.ReadFileInfo(path)).Message);
    }

    [Fact]
    public void Saves_given_class_names_and_refuses_ones_that_do_not_fit()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = LczModels.CreateRosentreterCnn(new LczModelOptions { Classes = 3, Seed = 1 });
        string path = dir.File("cnn.bin");
        Assert.Equal(new[] { "0", "1", "2" }, LczModels.Save(model, path).Classes);
        Assert.Equal(new[] { "urban", "forest", "water" }, LczModels.Save(model, path, classNames: new[] { "urban", "forest", "water" }).Classes);
        Assert.Equal(new[] { "urban", "forest", "water" }, LczModels.ReadFileInfo(path).Classes);
        Assert.Throws<ArgumentException>(() => LczModels.Save(model, path, classNames: new[] { "a", "b" }));
        Assert.Throws<ArgumentException>(() => LczModels.Save(model, path, classNames: new[] { "a", "a", "b" }));
        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);

        // A sidecar edited to repeat a name (a CSV would get p_a,p_a) is refused on reading as Save refuses it.
        EditSidecar(path, j => j["classes"] = new JsonArray("urban", "urban", "water"));
        var repeated = Assert.Throws<WeightFileException>(() => LczModels.ReadFileInfo(path));
        Assert.Contains(path + ".json", repeated.Message);
        Assert.Contains("class names are empty or repeat (urban, urban, water)", repeated.Message);
        EditSidecar(path, j => j["classes"] = new JsonArray("urban", " ", "water"));
        Assert.Contains("empty or repeat", Assert.Throws<WeightFileException>(() => LczModels.Load(path)).Message);
    }

    [Fact]
    public void Refuses_a_missing_corrupt_foreign_or_newer_sidecar()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = Trained(LczArchitecture.RosentreterCnn);
        string path = dir.File("cnn.bin");
        string sidecar = path + ".json";

        var e = Assert.Throws<WeightFileException>(() => LczModels.Load(path));
        Assert.Equal(sidecar, e.FilePath);
        Assert.Contains("sidecar does not exist", e.Message);

        LczModels.Save(model, path);
        string good = File.ReadAllText(sidecar);
        File.WriteAllText(sidecar, good[..(good.Length / 2)]);
        e = Assert.Throws<WeightFileException>(() => LczModels.Load(path));
        Assert.Equal(sidecar, e.FilePath);
        Assert.Contains("not valid JSON", e.Message);

        File.WriteAllText(sidecar, "{\"format\": \"msmla-lcz-model\", \"formatVersion\": 2}");
        Assert.Contains("not valid JSON of the expected layout", Assert.Throws<WeightFileException>(() => LczModels.Load(path)).Message);

        File.WriteAllText(sidecar, good);
        EditSidecar(path, j => j["format"] = "other-tool");
        Assert.Contains("not an Msmla model sidecar", Assert.Throws<WeightFileException>(() => LczModels.Load(path)).Message);

        File.WriteAllText(sidecar, good);
        EditSidecar(path, j => j["formatVersion"] = 3);
        Assert.Contains("format version 3", Assert.Throws<WeightFileException>(() => LczModels.Load(path)).Message);

        File.WriteAllText(sidecar, good);
        EditSidecar(path, j => j["options"]!["bands"] = 0);
        e = Assert.Throws<WeightFileException>(() => LczModels.Load(path));
        Assert.Contains("bands for a model of 0", e.Message);

        File.WriteAllText(sidecar, good);
        using LczModel reloaded = LczModels.Load(path);
        Assert.Equal(LczArchitecture.RosentreterCnn, reloaded.Architecture);
    }

    [Fact]
    public void Refuses_missing_truncated_and_changed_weights()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = Trained(LczArchitecture.Sen2LczNetMf);
        string path = dir.File("mf.bin");
        LczModels.Save(model, path);
        byte[] bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        var e = Assert.Throws<WeightFileException>(() => LczModels.Load(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated", e.Message);

        byte[] changed = (byte[])bytes.Clone();
        changed[^3] ^= 0x40;
        File.WriteAllBytes(path, changed);
        Assert.Contains("SHA-256 differs", Assert.Throws<WeightFileException>(() => LczModels.Load(path)).Message);

        File.Delete(path);
        Assert.Contains("weights file does not exist", Assert.Throws<WeightFileException>(() => LczModels.Load(path)).Message);
    }

    [Fact]
    public void Refuses_weights_that_do_not_fit_the_sidecars_architecture_or_options()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = Trained(LczArchitecture.Sen2LczNetMf);
        string path = dir.File("mf.bin");
        LczModels.Save(model, path);
        string good = File.ReadAllText(path + ".json");

        // The fingerprint still matches: the sidecar now describes another architecture than the weights hold.
        EditSidecar(path, j =>
        {
            j["architecture"] = "Sen2LczNet";
            j["modelName"] = "Sen2LCZ-Net";
        });
        var e = Assert.Throws<WeightFileException>(() => LczModels.Load(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("do not fit the Sen2LCZ-Net that the options describe, so no model is built", e.Message);
        Assert.Contains("the weights hold 'fusion1.weight', which these options have no place for", e.Message);

        File.WriteAllText(path + ".json", good);
        EditSidecar(path, j =>
        {
            j["options"]!["bands"] = 13;
            j["input"]!["bands"] = new JsonArray(Enumerable.Range(1, 13).Select(i => (JsonNode)JsonValue.Create($"b{i}")!).ToArray());
        });
        e = Assert.Throws<WeightFileException>(() => LczModels.Load(path));
        Assert.Contains("'block1.conv1.weight' is [16, 13, 3, 3] for these options but [16, 10, 3, 3] in the weights", e.Message);
    }

    [Fact]
    public void Compares_the_recorded_shapes_with_the_sidecars_options_before_building_the_model()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = Trained(LczArchitecture.Msmla18);
        string path = dir.File("msmla.dat");
        LczModels.Save(model, path);
        string good = File.ReadAllText(path + ".json");

        // Edited options ask for a 6000-channel stage (6.7 GB for MSMLA-18): refused from the shapes alone.
        EditSidecar(path, j => j["options"]!["stageWidths"] = new JsonArray(16, 32, 6000));
        var e = Assert.Throws<WeightFileException>(() => LczModels.Load(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("the weights do not fit the MSMLA-18 that the options describe, so no model is built", e.Message);
        Assert.Contains("'stage3.block0.conv1.weight' is [6000, 32, 1, 1] for these options but [64, 32, 1, 1] in the weights", e.Message);

        File.WriteAllText(path + ".json", good);
        EditSidecar(path, j => j["options"]!["stageDepths"] = new JsonArray(2, 2, 5000));
        Assert.Contains("the options ask for 5,004 blocks (StageDepths [2, 2, 5000]); a weights file may describe at most 1,024",
            Assert.Throws<WeightFileException>(() => LczModels.Load(path)).Message);

        File.WriteAllText(path + ".json", good);
        EditSidecar(path, j => j["options"]!["stageDepths"] = new JsonArray(2, 2, 200));
        Assert.Contains("the options ask for 204 blocks (StageDepths [2, 2, 200]) but the weights hold only 165 tensors",
            Assert.Throws<WeightFileException>(() => LczModels.Load(path)).Message);

        File.WriteAllText(path + ".json", good);
        EditSidecar(path, j => j["options"]!["stageDepths"] = new JsonArray(2, 2, 3));
        Assert.Contains("'stage3.block2.conv1.weight' [64, 64, 3, 3] is missing from the weights", Assert.Throws<WeightFileException>(() => LczModels.Load(path)).Message);
    }

    [Fact]
    public void Refuses_NaN_weights_on_load_unless_allowed_and_folded_models_on_save()
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        using LczModel model = Trained(LczArchitecture.RosentreterCnn);
        using (no_grad()) model.state_dict()["fc2.bias"][4] = float.NaN;
        string path = dir.File("nan.bin");
        LczModels.Save(model, path);
        var e = Assert.Throws<WeightFileException>(() => LczModels.Load(path));
        Assert.Contains("'fc2.bias' (1 of 17 values)", e.Message);
        using LczModel inspected = LczModels.Load(path, allowNonFinite: true);
        Assert.True(inspected.state_dict()["fc2.bias"][4].isnan().item<bool>());

        using LczModel folded = Trained(LczArchitecture.Sen2LczNet);
        folded.FoldBatchNorm();
        Assert.Contains("folded", Assert.Throws<InvalidOperationException>(() => LczModels.Save(folded, dir.File("folded.bin"))).Message);
        Assert.Throws<InvalidOperationException>(() => PyTorchWeights.Save(folded, dir.File("folded.pt")));
        Assert.False(File.Exists(dir.File("folded.bin")));
    }
}
