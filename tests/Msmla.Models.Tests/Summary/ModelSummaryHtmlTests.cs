using System.Globalization;
using System.Linq;
using Msmla.Models;
using Msmla.Models.Summary;
using Msmla.Tests.Shared;

namespace Msmla.Models.Tests.Summary;

/// <summary>The HTML a notebook shows for a <see cref="ModelSummary"/>, read back with Python's HTML parser.</summary>
public class ModelSummaryHtmlTests
{
    [SkippableFact]
    public void The_layer_table_adds_up_to_the_published_msmla18_counts()
    {
        using LczModel model = LczModels.CreateMsmla18();
        ModelSummary summary = model.Summary();
        Assert.Equal(new[] { "text/html" }, NotebookConvention.PreferredMimeTypes(typeof(ModelSummary)));

        var tables = HtmlTables.Read(NotebookConvention.Format(summary, "text/html"));
        Assert.Equal(2, tables.Count);
        Assert.Equal("Model: MSMLA-18, input (None, 10, 32, 32)", tables[0].Caption);
        Assert.Equal(new[] { "Layer", "Type", "Output Shape", "Param #" }, tables[0].Header);
        Assert.Equal(new[] { "stem.conv5x5", "Conv2d", "(None, 16, 32, 32)", (5 * 5 * 10 * 16 + 16).ToString("N0", CultureInfo.InvariantCulture) }, tables[0].Rows[0]);
        // The published MSMLA-18 counts (the seed's code): 181,867 in Keras' total, 180,747 trainable.
        long sum = tables[0].Rows.Sum(r => long.Parse(r[3], NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.Equal(181_867, sum);
        string Total(string label) => tables[1].Rows.Single(r => r[0] == label)[1];
        Assert.Equal("181,867", Total("Total params (Keras)"));
        Assert.Equal("180,747", Total("Trainable params"));
        Assert.Equal("1,120", Total("Non-trainable params (BatchNorm running mean and variance)"));
        Assert.Equal("(None, 17) logits", Total("Output"));
    }
}
