using System;
using Msmla.Core.Preprocessing;

namespace Msmla.Core.Tests.Preprocessing;

public class NormalizationOptionsTests
{
    private static readonly string[] s_reversed = { "B12", "B11", "B8A", "B8", "B7", "B6", "B5", "B4", "B3", "B2" };

    [Fact]
    public void So2Sat_statistics_resolve_by_band_name_in_any_order_with_every_number_written_out()
    {
        NormalizationOptions resolved = NormalizationOptions.So2SatStatistics.ResolveFor(s_reversed);
        Assert.Equal(NormalizationKind.So2SatStatistics, resolved.Kind);
        Assert.Equal(s_reversed, resolved.Bands);
        // So2Sat LCZ42 v2 training statistics of B12 and B2 (the dataset's published table).
        Assert.Equal((0.10905, 0.08781), (resolved.Mean![0], resolved.Std![0]));
        Assert.Equal((0.12376, 0.03959), (resolved.Mean[9], resolved.Std[9]));
        (double[] shift, double[] scale) = resolved.Resolve(s_reversed);
        (double[] shift0, double[] scale0) = NormalizationOptions.So2SatStatistics.Resolve(s_reversed);
        Assert.Equal(shift0, shift);
        Assert.Equal(scale0, scale);
        Assert.Equal(1 / 0.08781, scale[0]);
        // Resolved numbers serve a selection of their bands too.
        Assert.Equal(new[] { 0.12376 }, resolved.Resolve(new[] { "b2" }).Shift);
        Assert.Contains("'VV_real' has no entry", Assert.Throws<ArgumentException>(() => resolved.Resolve(new[] { "VV_real" })).Message);
    }

    [Fact]
    public void The_affine_kinds_write_out_their_offset_and_divisor()
    {
        NormalizationOptions baseline = NormalizationOptions.Sentinel2BaselineOffset.ResolveFor(new[] { "B2" });
        Assert.Equal((1000.0, 10000.0), (baseline.Offset, baseline.Divisor));
        // (DN - 1000) / 10000 of DN 3000 is 0.2.
        (double[] shift, double[] scale) = baseline.Resolve(new[] { "B2", "B3" });
        Assert.Equal(0.2, (3000 - shift[1]) * scale[1], 12);
        Assert.Equal(NormalizationOptions.DivideBy(5000, 0), NormalizationOptions.DivideBy(5000).ResolveFor(new[] { "B2" }));
        Assert.Throws<ArgumentException>(() => new NormalizationOptions { Kind = NormalizationKind.DivideByConstant }.Resolve(new[] { "B2" }));
        Assert.Throws<ArgumentException>(() => NormalizationOptions.DivideBy(0).Resolve(new[] { "B2" }));
    }

    [Fact]
    public void Composition_equals_applying_both_steps()
    {
        string[] bands = { "a", "b" };
        NormalizationOptions first = NormalizationOptions.MeanStd(new[] { 1.0, 2.0 }, new[] { 2.0, 4.0 });
        NormalizationOptions then = NormalizationOptions.DivideBy(5, offset: 3);
        NormalizationOptions both = NormalizationOptions.Compose(first, then, bands);
        (double[] shift, double[] scale) = both.Resolve(bands);
        foreach (double x in new[] { -7.5, 0, 11 })
        {
            // By hand: ((x - 1) / 2 - 3) / 5 and ((x - 2) / 4 - 3) / 5.
            Assert.Equal(((x - 1) / 2 - 3) / 5, (x - shift[0]) * scale[0], 12);
            Assert.Equal(((x - 2) / 4 - 3) / 5, (x - shift[1]) * scale[1], 12);
        }
        Assert.Same(first, NormalizationOptions.Compose(first, NormalizationOptions.None, bands));
        Assert.Same(then, NormalizationOptions.Compose(NormalizationOptions.None, then, bands));
    }

    [Fact]
    public void Equality_compares_numbers_and_names_parse()
    {
        Assert.Equal(NormalizationOptions.MeanStd(new[] { 1.0 }, new[] { 2.0 }, new[] { "B2" }), NormalizationOptions.MeanStd(new[] { 1.0 }, new[] { 2.0 }, new[] { "b2" }));
        Assert.NotEqual(NormalizationOptions.MeanStd(new[] { 1.0 }, new[] { 2.0 }), NormalizationOptions.MeanStd(new[] { 1.0 }, new[] { 2.5 }));
        Assert.True(NormalizationOptions.TryParse("s2-baseline", out NormalizationOptions? parsed));
        Assert.Equal(NormalizationOptions.Sentinel2BaselineOffset, parsed);
        Assert.False(NormalizationOptions.TryParse("zscore", out _));
        foreach (string name in NormalizationOptions.Names)
        {
            Assert.True(NormalizationOptions.TryParse(name, out NormalizationOptions? options));
            Assert.Equal(name, options!.Name);
        }
    }
}
