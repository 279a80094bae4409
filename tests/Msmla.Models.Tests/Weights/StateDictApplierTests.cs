using System.Collections.Generic;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models.Weights;
using static TorchSharp.torch;

namespace Msmla.Models.Tests.Weights;

public sealed class StateDictApplierTests
{
    private const string File = "/data/weights.pt";

    public StateDictApplierTests() => TorchRuntime.EnsureLoaded();

    private static Dictionary<string, Tensor> CopyOf(TinyNet net) =>
        net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    private static bool SameState(TinyNet a, Dictionary<string, Tensor> b) =>
        a.state_dict().All(kv => kv.Value.equal(b[kv.Key]).all().item<bool>());

    [Fact]
    public void Copies_every_tensor_including_running_statistics_and_the_step_counter()
    {
        manual_seed(1);
        using var source = new TinyNet().Exercise(5);
        using var target = new TinyNet();
        target.eval();
        var state = CopyOf(source);
        WeightLoadReport report = StateDictApplier.Apply(target, state, File, WeightLoadOptions.Default);
        Assert.True(SameState(target, state));
        Assert.Equal(9, report.LoadedKeys.Count);
        Assert.Empty(report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);
        Assert.Equal(5L, target.state_dict()["bn.num_batches_tracked"].item<long>());
        using var x = randn(2, 3, 5, 5);
        Assert.True(source.call(x).allclose(target.call(x), rtol: 0, atol: 0));
    }

    [Fact]
    public void Strict_refuses_missing_and_unexpected_keys_listing_them_and_leaves_the_model_alone()
    {
        using var target = new TinyNet();
        var before = CopyOf(target);
        using var other = new TinyNet();
        var state = CopyOf(other);
        state.Remove("fc.weight");
        state["head.weight"] = zeros(3);
        var e = Assert.Throws<WeightFileException>(() => StateDictApplier.Apply(target, state, File, WeightLoadOptions.Default));
        Assert.Equal(File, e.FilePath);
        Assert.Contains("missing 1 key(s) the model needs: fc.weight", e.Message);
        Assert.Contains("1 unexpected key(s) the model does not have: head.weight", e.Message);
        Assert.True(SameState(target, before));
    }

    [Fact]
    public void Non_strict_loads_the_common_keys_and_reports_the_rest()
    {
        using var target = new TinyNet();
        using var other = new TinyNet();
        var state = CopyOf(other);
        state.Remove("fc.weight");
        state["head.weight"] = zeros(3);
        var report = StateDictApplier.Apply(target, state, File, new WeightLoadOptions { Strict = false });
        Assert.Equal(new[] { "fc.weight" }, report.MissingKeys);
        Assert.Equal(new[] { "head.weight" }, report.UnexpectedKeys);
        Assert.True(target.state_dict()["conv.weight"].equal(state["conv.weight"]).all().item<bool>());
        Assert.False(target.state_dict()["fc.weight"].equal(other.state_dict()["fc.weight"]).all().item<bool>());
    }

    [Fact]
    public void Refuses_wrong_shapes_even_when_not_strict_naming_both_shapes()
    {
        using var target = new TinyNet(channels: 4);
        using var wider = new TinyNet(channels: 6);
        var before = CopyOf(target);
        foreach (bool strict in new[] { true, false })
        {
            var e = Assert.Throws<WeightFileException>(() =>
                StateDictApplier.Apply(target, CopyOf(wider), File, new WeightLoadOptions { Strict = strict }));
            Assert.Contains("'conv.weight' is [6, 3, 3, 3] in the file but [4, 3, 3, 3] in the model", e.Message);
            Assert.Contains("'fc.weight' is [5, 6] in the file but [5, 4] in the model", e.Message);
        }
        Assert.True(SameState(target, before));
    }

    [Fact]
    public void Refuses_NaN_and_infinity_unless_allowed()
    {
        using var target = new TinyNet();
        var before = CopyOf(target);
        var state = CopyOf(new TinyNet());
        state["conv.weight"].view(-1)[3] = float.NaN;
        state["bn.running_var"][1] = float.PositiveInfinity;
        var e = Assert.Throws<WeightFileException>(() => StateDictApplier.Apply(target, state, File, WeightLoadOptions.Default));
        Assert.Contains("'conv.weight' (1 of 108 values)", e.Message);
        Assert.Contains("'bn.running_var' (1 of 4 values)", e.Message);
        Assert.True(SameState(target, before));

        var report = StateDictApplier.Apply(target, state, File, new WeightLoadOptions { AllowNonFinite = true });
        Assert.Equal(new[] { "conv.weight", "bn.running_var" }.OrderBy(k => k), report.NonFiniteKeys.OrderBy(k => k));
        Assert.True(target.state_dict()["conv.weight"].isnan().any().item<bool>());
    }

    [Fact]
    public void Converts_other_float_precisions_and_tolerates_a_missing_step_counter()
    {
        using var target = new TinyNet();
        using var source = new TinyNet().Exercise();
        var state = source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.dtype == ScalarType.Float32 ? kv.Value.to_type(ScalarType.Float64) : kv.Value.clone());
        state.Remove("bn.num_batches_tracked");
        var report = StateDictApplier.Apply(target, state, File, WeightLoadOptions.Default);
        Assert.Equal(new[] { "bn.num_batches_tracked" }, report.MissingKeys);
        Assert.Equal(ScalarType.Float32, target.state_dict()["conv.weight"].dtype);
        Assert.True(target.state_dict()["bn.running_mean"].equal(source.state_dict()["bn.running_mean"]).all().item<bool>());
    }

    [Fact]
    public void Refuses_integer_values_for_float_tensors()
    {
        using var target = new TinyNet();
        var state = CopyOf(new TinyNet());
        state["fc.bias"] = zeros(5, dtype: ScalarType.Int64);
        var e = Assert.Throws<WeightFileException>(() => StateDictApplier.Apply(target, state, File, WeightLoadOptions.Default));
        Assert.Contains("'fc.bias' is Int64 in the file but Float32 in the model", e.Message);
    }
}
