using System;
using System.Linq;
using Msmla.Models;
using Msmla.Models.Summary;

namespace Msmla.Models.Tests.Summary;

public class ModelSummaryTests
{
    [Theory]
    [InlineData(LczArchitecture.Msmla18, 180_747, 1_120, "181,867")]
    [InlineData(LczArchitecture.Msmla50, 801_297, 7_616, "808,913")]
    [InlineData(LczArchitecture.Sen2LczNetMf, 791_428, 1_920, "793,348")]
    [InlineData(LczArchitecture.RosentreterCnn, 234_625, 480, "235,105")]
    public void Totals_equal_the_published_counts_and_the_sum_of_the_rows(LczArchitecture architecture, long trainable, long statistics, string kerasText)
    {
        using LczModel model = LczModels.Create(architecture);
        ModelSummary summary = model.Summary();
        Assert.Equal(trainable, summary.Counts.Trainable);
        Assert.Equal(statistics, summary.Counts.BatchNormStatistics);
        Assert.Equal(summary.Counts.KerasTotal, summary.Rows.Sum(r => r.KerasParameters));
        Assert.Equal(trainable, summary.Rows.Sum(r => r.TrainableParameters));
        string text = summary.ToString();
        Assert.Contains("Total params (Keras): " + kerasText, text, StringComparison.Ordinal);
        Assert.Contains("Trainable params: " + trainable.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Equal(new long[] { 1, 17 }, summary.OutputShape);
        Assert.True(model.training, "The summary restores training mode.");
    }

    [Fact]
    public void Rows_list_layers_in_call_order_with_shapes_and_parameters()
    {
        using LczModel model = LczModels.CreateMsmla18();
        ModelSummary summary = model.Summary(48);
        ModelSummaryRow first = summary.Rows[0];
        Assert.Equal("stem.conv5x5", first.Name);
        Assert.Equal("Conv2d", first.Type);
        Assert.Equal(new long[] { 1, 16, 48, 48 }, first.OutputShape);
        Assert.Equal(5 * 5 * 10 * 16 + 16, first.KerasParameters);
        ModelSummaryRow bn = summary.Rows.Single(r => r.Name == "stage2.block0.bn1");
        Assert.Equal(new long[] { 1, 32, 24, 24 }, bn.OutputShape);
        Assert.Equal(64, bn.TrainableParameters);
        Assert.Equal(64, bn.BatchNormStatistics);
        Assert.Equal("fc", summary.Rows[^1].Name);
        Assert.Equal(new long[] { 1, 17 }, summary.Rows[^1].OutputShape);
        Assert.Equal(240 * 17 + 17, summary.Rows[^1].KerasParameters);
        int stemCbam = summary.Rows.ToList().FindIndex(r => r.Name == "stem.cbam.spatial.conv");
        int firstBlock = summary.Rows.ToList().FindIndex(r => r.Name == "stage1.block0.conv1");
        Assert.True(stemCbam < firstBlock);
        Assert.Equal(new long[] { 1, 10, 48, 48 }, summary.InputShape);
        Assert.Contains("stage3.block1.se.fc2", summary.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Folded_BatchNorm_layers_are_listed_as_not_run()
    {
        using LczModel model = LczModels.CreateRosentreterCnn();
        model.eval();
        model.FoldBatchNorm();
        ModelSummary summary = model.Summary();
        Assert.Null(summary.Rows.Single(r => r.Name == "stage1.bn").OutputShape);
        Assert.Equal(new long[] { 1, 16, 32, 32 }, summary.Rows.Single(r => r.Name == "stage1.conv").OutputShape);
        Assert.Contains("(not run)", summary.ToString(), StringComparison.Ordinal);
    }
}
