using System;
using System.Linq;
using Msmla.Models.Weights;

namespace Msmla.Models.Tests.Weights;

public sealed class KerasLayerOrderTests
{
    private static KerasLayerWeights Dense(string name) =>
        new(name, KerasLayerKind.Dense, new[] { new KerasWeight(name + "/kernel:0", "kernel", new long[] { 1, 1 }, new[] { 0f }) });

    [Theory]
    [InlineData("dense_12", "dense", 12L)]
    [InlineData("dense", "dense", 0L)]
    [InlineData("dense_1", "dense", 1L)]
    [InlineData("batch_normalization_3", "batch_normalization", 3L)]
    [InlineData("dense_x", "dense", null)]
    [InlineData("dense_", "dense", null)]
    [InlineData("fc17", "dense", null)]
    [InlineData("conv2d_transpose_1", "conv2d", null)]
    public void Reads_Keras_automatic_numbers(string name, string stem, long? expected) =>
        Assert.Equal(expected, KerasLayerOrder.AutomaticNumber(name, stem));

    [Fact]
    public void Sorts_automatically_named_layers_into_creation_order()
    {
        // The released Sen2LCZ-Net-MF file lists its heads as dense_4, dense_1, dense_2, dense_5.
        var layers = new[] { "dense_4", "dense_1", "dense_2", "dense_5" }.Select(Dense).ToList();
        Assert.Equal(new[] { "dense_1", "dense_2", "dense_4", "dense_5" }, KerasLayerOrder.CreationOrder(layers, l => l.Name, KerasLayerKind.Dense).Select(l => l.Name));
        var tfKeras = new[] { "dense_10", "dense_2", "dense" }.Select(Dense).ToList();
        Assert.Equal(new[] { "dense", "dense_2", "dense_10" }, KerasLayerOrder.CreationOrder(tfKeras, l => l.Name, KerasLayerKind.Dense).Select(l => l.Name));
    }

    [Fact]
    public void Keeps_the_file_order_when_a_layer_has_a_custom_name()
    {
        var layers = new[] { "dense_4", "head", "dense_1" }.Select(Dense).ToList();
        Assert.Equal(new[] { "dense_4", "head", "dense_1" }, KerasLayerOrder.CreationOrder(layers, l => l.Name, KerasLayerKind.Dense).Select(l => l.Name));
    }
}
