using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.So2Sat;
using Msmla.Data.Transforms;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.So2Sat;

/// <summary>The band order and the published per-band statistics against ../shared/docs/so2sat.md, the reference for them.</summary>
public sealed class So2SatBandsTests
{
    [SkippableFact]
    public void All_ten_means_and_standard_deviations_equal_the_so2sat_document()
    {
        (double[] mean, double[] std) = DocumentedStatistics();
        Assert.Equal(mean, So2SatBands.Sentinel2Mean);
        Assert.Equal(std, So2SatBands.Sentinel2Std);
    }

    [SkippableFact]
    public void The_so2sat_normalisation_standardises_every_band_with_the_documented_numbers()
    {
        (double[] mean, double[] std) = DocumentedStatistics();
        // One patch of 2 x 2 pixels per band, band b holding 0.05 (b + 1) + 0.01 i at pixel i.
        string[] bands = So2SatBands.Sentinel2.ToArray();
        float[] values = Enumerable.Range(0, 10 * 4).Select(k => (float)(0.05 * (k / 4 + 1) + 0.01 * (k % 4))).ToArray();
        var source = new ArrayPatchSource(values, new[] { 0 }, bands, 2, 2, 17);

        using PatchBatch batch = source.Normalize(NormalizationOptions.So2SatStatistics).ReadBatches(new BatchOptions { BatchSize = 1 }).Single();
        float[] normalised = batch.Data.ToArray();

        for (int k = 0; k < values.Length; k++)
        {
            int band = k / 4;
            double expected = (values[k] - mean[band]) / std[band];
            Assert.True(Math.Abs(normalised[k] - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)),
                $"{bands[band]} pixel {k % 4}: {normalised[k]} here, (x - {mean[band]}) / {std[band]} = {expected} from so2sat.md");
        }
    }

    [SkippableFact]
    public void The_band_order_is_the_documented_one()
    {
        string text = File.ReadAllText(TestPaths.RequireSharedDocument("so2sat.md"));
        string line = text.Split('\n').Single(l => l.Contains("`sen2` bands in order:", StringComparison.Ordinal));
        string list = line[(line.IndexOf("order:", StringComparison.Ordinal) + "order:".Length)..];
        string[] documented = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Take(10).ToArray();
        Assert.Equal(documented, So2SatBands.Sentinel2);
    }

    /// <summary>
    /// The two lines after "Per-band statistics of the version-2 training `sen2` (mean; std):": ten means ending with ";",
    /// then ten standard deviations ending with ".".
    /// </summary>
    private static (double[] Mean, double[] Std) DocumentedStatistics()
    {
        string[] lines = File.ReadAllText(TestPaths.RequireSharedDocument("so2sat.md")).Split('\n');
        int heading = Array.FindIndex(lines, l => l.Contains("Per-band statistics of the version-2 training", StringComparison.Ordinal));
        Assert.True(heading >= 0, "so2sat.md has no per-band statistics.");
        double[] Parse(string line, char end)
        {
            string trimmed = line.Trim();
            Assert.EndsWith(end.ToString(), trimmed);
            double[] values = trimmed.TrimEnd(end).Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(10, values.Length);
            return values;
        }
        return (Parse(lines[heading + 1], ';'), Parse(lines[heading + 2], '.'));
    }
}
