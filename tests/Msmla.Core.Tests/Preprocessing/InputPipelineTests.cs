using System;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;

namespace Msmla.Core.Tests.Preprocessing;

public class InputPipelineTests
{
    private static readonly string[] s_sentinel2 = { "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12" };

    [Fact]
    public void A_source_describes_its_pipeline_and_the_sensor_follows_the_names()
    {
        var info = new PatchSourceInfo(5, 2, 32, 32, 17, new[] { "B4", "B3" }) { Normalization = NormalizationOptions.So2SatStatistics };
        InputPipeline input = InputPipeline.FromSource(info);
        Assert.Equal(new[] { "B4", "B3" }, input.Bands);
        Assert.Equal(SensorModality.Sentinel2, input.Modality);
        Assert.Equal(InputScaling.So2SatReflectance, input.Scaling);
        Assert.Equal(32, input.PatchSize);
        Assert.Equal(new[] { 0.10109, 0.10928 }, input.Normalization.Mean);

        Assert.Equal(SensorModality.Both, InputPipeline.FromSource(info with { ChannelNames = new[] { "B2", "VV_real" }, Normalization = null }).Modality);
        Assert.Equal(SensorModality.Other, InputPipeline.FromSource(info with { ChannelNames = new[] { "B2", "height" }, Normalization = null }).Modality);
        Assert.Equal(SensorModality.Sentinel1, InputPipeline.FromSource(info with { ChannelNames = new[] { "x", "y" }, Normalization = null, Modality = SensorModality.Sentinel1 }).Modality);
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => InputPipeline.FromSource(info with { Width = 16 })).Message);
    }

    [Fact]
    public void Differences_name_bands_order_count_size_and_prior_normalisation()
    {
        InputPipeline input = new InputPipeline { Bands = s_sentinel2, PatchSize = 32 };
        Assert.Empty(input.Differences(new PatchSourceInfo(1, 10, 32, 32, 17, s_sentinel2)));
        string[] reversed = (string[])s_sentinel2.Clone();
        Array.Reverse(reversed);
        Assert.Contains("in this order", Assert.Single(input.Differences(new PatchSourceInfo(1, 10, 32, 32, 17, reversed))));
        Assert.Contains("takes 10 channels", Assert.Single(input.Differences(new PatchSourceInfo(1, 9, 32, 32, 17, s_sentinel2[..9]))));
        Assert.Contains("32 x 32 patches but the data have 48 x 48", Assert.Single(input.Differences(new PatchSourceInfo(1, 10, 48, 48, 17, s_sentinel2))));
        Assert.Contains("already normalised", Assert.Single(input.Differences(
            new PatchSourceInfo(1, 10, 32, 32, 17, s_sentinel2) { Normalization = NormalizationOptions.So2SatStatistics })));
    }

    [Fact]
    public void Bands_and_normalisation_can_be_replaced_and_are_validated()
    {
        InputPipeline input = new InputPipeline { Bands = s_sentinel2, PatchSize = 32 }.WithNormalization(NormalizationOptions.So2SatStatistics);
        InputPipeline two = input.WithBands(new[] { "B12", "B2" });
        Assert.Equal(new[] { 0.10905, 0.12376 }, two.Normalization.Mean);
        Assert.NotEqual(input, two);
        Assert.Equal(input, input with { Bands = (string[])s_sentinel2.Clone() });
        Assert.Contains("no entry", Assert.Throws<ArgumentException>(() => input.WithBands(new[] { "VV_real" })).Message);
        Assert.Contains("repeats the band 'B2'", Assert.Throws<ArgumentException>(() => new InputPipeline { Bands = new[] { "B2", "b2" }, PatchSize = 8 }.Validate()).Message);
        Assert.Throws<ArgumentException>(() => new InputPipeline { Bands = s_sentinel2, PatchSize = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new InputPipeline { Bands = Array.Empty<string>(), PatchSize = 8 }.Validate());
    }
}
