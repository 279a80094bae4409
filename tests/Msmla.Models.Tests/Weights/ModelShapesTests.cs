using System;
using System.Linq;
using Msmla.Models.Weights;
using Msmla.Tests.Shared;

namespace Msmla.Models.Tests.Weights;

/// <summary>
/// The shapes built on the meta device are those of the real model: a saved model's recorded tensors match its own
/// options for every architecture, and differ as soon as an option that shapes a tensor differs.
/// </summary>
public sealed class ModelShapesTests
{
    [Theory]
    [InlineData(LczArchitecture.Msmla18)]
    [InlineData(LczArchitecture.Msmla50)]
    [InlineData(LczArchitecture.Sen2LczNet)]
    [InlineData(LczArchitecture.Sen2LczNetMf)]
    [InlineData(LczArchitecture.RosentreterCnn)]
    [InlineData(LczArchitecture.LczNet)]
    public void A_saved_model_fits_its_own_options_and_not_others(LczArchitecture architecture)
    {
        using var dir = TestPaths.CreateTemporaryDirectory();
        var options = new LczModelOptions { Bands = 13, Classes = 11, PatchSize = 48, Seed = 2 };
        using LczModel model = LczModels.Create(architecture, options);
        string path = dir.File("model.dat");
        TorchSharpWeights.Save(model, path);
        var recorded = TorchSharpStateDictFile.ReadEntries(path);
        Assert.Equal(model.state_dict().Select(kv => (kv.Key, string.Join(",", kv.Value.shape))),
            recorded.Select(e => (e.Key, string.Join(",", e.Shape))));

        Assert.Null(ModelShapes.Mismatch(architecture, model.Options, recorded));
        Assert.Contains("for these options but", ModelShapes.Mismatch(architecture, model.Options with { Bands = 12 }, recorded));
        Assert.Contains("for these options but", ModelShapes.Mismatch(architecture, model.Options with { Classes = 12 }, recorded));
        int[] wider = model.Options.StageWidths!.Select(w => w * 2).ToArray();
        Assert.NotNull(ModelShapes.Mismatch(architecture, model.Options with { StageWidths = wider }, recorded));
    }
}
