using System;
using System.Linq;
using System.Text.Json;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.So2Sat;
using Msmla.Data.Transforms;

namespace Msmla.Data.Tests.Transforms;

public sealed class NormalizedPatchSourceTests
{
    [Fact]
    public void So2Sat_statistics_are_taken_by_band_name()
    {
        // Values 0.2 everywhere in bands B4, B8A, B2 (a selection out of file order).
        var source = new ArrayPatchSource(Enumerable.Repeat(0.2f, 2 * 3 * 4).ToArray(), new[] { 0, 1 }, new[] { "B4", "B8A", "B2" }, 2, 2, 17);
        float[] result = Read(source.Normalize(NormalizationOptions.So2SatStatistics));
        double[] expectedPerBand = { (0.2 - 0.10109) / 0.06637, (0.2 - 0.19502) / 0.10165, (0.2 - 0.12376) / 0.03959 };
        for (int p = 0; p < 2; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int i = 0; i < 4; i++) Assert.Equal(expectedPerBand[c], result[p * 12 + c * 4 + i], 5);
            }
        }
    }

    [Fact]
    public void Constant_division_and_the_Sentinel2_baseline_offset()
    {
        var source = new ArrayPatchSource(new float[] { 1000, 11000, 2500, 0 }, null, new[] { "B4" }, 2, 2, 17);
        // float32 arithmetic: within a couple of units in the last place of the exact results.
        AssertClose(new[] { 0.0, 1, 0.15, -0.1 }, Read(source.Normalize(NormalizationOptions.Sentinel2BaselineOffset)));
        AssertClose(new[] { 0.2, 2.2, 0.5, 0 }, Read(source.Normalize(NormalizationOptions.DivideBy(5000))));
        Assert.Equal(new[] { 1000f, 11000f, 2500f, 0f }, Read(source.Normalize(NormalizationOptions.None)));
        // Steps compose: baseline offset, then standardise with mean 0.1 and std 0.5.
        float[] chained = Read(source.Normalize(NormalizationOptions.Sentinel2BaselineOffset).Normalize(NormalizationOptions.MeanStd(new[] { 0.1 }, new[] { 0.5 })));
        AssertClose(new[] { -0.2, 1.8, 0.1, -0.4 }, chained);
    }

    [Fact]
    public void Mean_std_with_band_names_selects_and_without_names_must_match_the_channels()
    {
        var source = new ArrayPatchSource(new float[] { 3, 3, 3, 3, 10, 10, 10, 10 }, null, new[] { "height", "B2" }, 2, 2, 17);
        var named = NormalizationOptions.MeanStd(new[] { 5.0, 1.0, 2.0 }, new[] { 2.0, 1.0, 0.5 }, new[] { "B2", "B3", "height" });
        Assert.Equal(new[] { 2f, 2f, 2f, 2f, 2.5f, 2.5f, 2.5f, 2.5f }, Read(source.Normalize(named)));
        Assert.Contains("3 entries but there are 2 channels", Assert.Throws<ArgumentException>(() => source.Normalize(NormalizationOptions.MeanStd(new[] { 1.0, 2, 3 }, new[] { 1.0, 1, 1 }))).Message);
        Assert.Contains("'height' has no entry in the So2Sat statistics", Assert.Throws<ArgumentException>(() => source.Normalize(NormalizationOptions.So2SatStatistics)).Message);
        Assert.Contains("must be positive", Assert.Throws<ArgumentException>(() => source.Normalize(NormalizationOptions.MeanStd(new[] { 1.0, 2 }, new[] { 1.0, 0 }))).Message);
        Assert.Throws<ArgumentException>(() => source.Normalize(NormalizationOptions.DivideBy(0)));
    }

    [Fact]
    public void Options_round_trip_through_json()
    {
        NormalizationOptions options = NormalizationOptions.MeanStd(So2SatBands.Sentinel2Mean, So2SatBands.Sentinel2Std, So2SatBands.Sentinel2);
        string json = JsonSerializer.Serialize(options);
        Assert.Contains("\"Kind\":\"MeanStd\"", json);
        NormalizationOptions back = JsonSerializer.Deserialize<NormalizationOptions>(json)!;
        Assert.Equal(options.Mean, back.Mean);
        Assert.Equal(options.Bands, back.Bands);
        Assert.Equal(NormalizationKind.DivideByConstant, JsonSerializer.Deserialize<NormalizationOptions>("{\"Kind\":\"DivideByConstant\",\"Divisor\":5000}")!.Kind);
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 3e-7 * Math.Max(1, Math.Abs(expected[i])), $"{i}: {actual[i]} vs {expected[i]}");
    }

    private static float[] Read(IPatchSource source)
    {
        using PatchBatch batch = source.ReadBatches(new BatchOptions { BatchSize = 100 }).Single();
        return batch.Data.ToArray();
    }
}
