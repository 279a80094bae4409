using System;
using System.Linq;
using System.Runtime.InteropServices;
using Msmla.Data.Hdf5;
using Msmla.Data.Pipeline;

namespace Msmla.Data.Tests.Pipeline;

public sealed class PatchConverterTests
{
    [Fact]
    public void Channels_last_rows_become_channels_first_patches_with_chosen_channels()
    {
        // 2 patches of 2x3 pixels with 4 channels; value = 1000 r + 100 c + pixel.
        const int rows = 2, pixels = 6, channels = 4;
        var nhwc = new double[rows * pixels * channels];
        for (int r = 0; r < rows; r++)
            for (int p = 0; p < pixels; p++)
                for (int c = 0; c < channels; c++) nhwc[(r * pixels + p) * channels + c] = 1000 * r + 100 * c + p + 0.5;
        // Take channels 3 and 1 into target channels 0 and 2 of 3-channel patches (target channel 1 is left alone).
        var target = Enumerable.Repeat(-1f, rows * 3 * pixels).ToArray();
        PatchConverter.ToNchw(StorageType.Float64, MemoryMarshal.AsBytes(nhwc.AsSpan()), rows, pixels, channels, new[] { 3, 1 }, new[] { 0, 2 }, target, 3 * pixels);
        for (int r = 0; r < rows; r++)
        {
            for (int p = 0; p < pixels; p++)
            {
                Assert.Equal(1000 * r + 300 + p + 0.5f, target[r * 18 + 0 * pixels + p]);
                Assert.Equal(-1f, target[r * 18 + 1 * pixels + p]);
                Assert.Equal(1000 * r + 100 + p + 0.5f, target[r * 18 + 2 * pixels + p]);
            }
        }
    }

    [Theory]
    [InlineData("Float32")]
    [InlineData("Int16")]
    [InlineData("UInt16")]
    [InlineData("UInt8")]
    [InlineData("Int64")]
    public void Other_element_types_convert_too(string typeName)
    {
        StorageType type = Enum.Parse<StorageType>(typeName);
        const int pixels = 4, channels = 2;
        double[] values = { 1, 2, 3, 4, 5, 6, 7, 8 };
        byte[] raw = type switch
        {
            StorageType.Float32 => MemoryMarshal.AsBytes(values.Select(v => (float)v).ToArray().AsSpan()).ToArray(),
            StorageType.Int16 => MemoryMarshal.AsBytes(values.Select(v => (short)v).ToArray().AsSpan()).ToArray(),
            StorageType.UInt16 => MemoryMarshal.AsBytes(values.Select(v => (ushort)v).ToArray().AsSpan()).ToArray(),
            StorageType.UInt8 => values.Select(v => (byte)v).ToArray(),
            _ => MemoryMarshal.AsBytes(values.Select(v => (long)v).ToArray().AsSpan()).ToArray(),
        };
        var target = new float[8];
        PatchConverter.ToNchw(type, raw, 1, pixels, channels, new[] { 0, 1 }, new[] { 0, 1 }, target, 8);
        Assert.Equal(new float[] { 1, 3, 5, 7, 2, 4, 6, 8 }, target);
    }

    [Theory]
    [InlineData("Float64", 5 * 7, 13)]
    [InlineData("Float32", 5 * 7, 13)]
    [InlineData("Float64", 32 * 32, 10)]
    [InlineData("Float64", 8, 1)]
    [InlineData("Float32", 48 * 48, 70)]
    public void The_vector_path_and_its_tail_give_the_plain_result(string typeName, int pixels, int channels)
    {
        StorageType type = Enum.Parse<StorageType>(typeName);
        const int rows = 3;
        var values = new double[rows * pixels * channels];
        for (int i = 0; i < values.Length; i++) values[i] = Math.Sin(i) * 1e3 + i * 1e-3;
        byte[] raw = type == StorageType.Float64
            ? MemoryMarshal.AsBytes(values.AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(values.Select(v => (float)v).ToArray().AsSpan()).ToArray();
        int[] sourceIndex = Enumerable.Range(0, channels).Where(c => c % 3 != 1).Reverse().ToArray();
        int[] targetIndex = Enumerable.Range(0, sourceIndex.Length).ToArray();
        int targetPatch = sourceIndex.Length * pixels;
        var target = new float[rows * targetPatch];
        PatchConverter.ToNchw(type, raw, rows, pixels, channels, sourceIndex, targetIndex, target, targetPatch);
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < sourceIndex.Length; k++)
                for (int p = 0; p < pixels; p++)
                    Assert.Equal((float)values[(r * pixels + p) * channels + sourceIndex[k]], target[r * targetPatch + k * pixels + p]);
    }

    [Theory]
    [InlineData("Float64", 35, 3)]
    [InlineData("Float64", 35, 33)]
    [InlineData("Float32", 35, 3)]
    [InlineData("Float32", 35, 33)]
    [InlineData("Float64", 64, 10)]
    public void Non_finite_values_are_detected_on_the_way_in_blocks_and_tails(string typeName, int pixels, int badAt)
    {
        StorageType type = Enum.Parse<StorageType>(typeName);
        const int channels = 3;
        double[] values = Enumerable.Range(0, pixels * channels).Select(i => i * 0.5).ToArray();
        byte[] Raw(double[] v) => type == StorageType.Float64
            ? MemoryMarshal.AsBytes(v.AsSpan()).ToArray()
            : MemoryMarshal.AsBytes(v.Select(x => (float)x).ToArray().AsSpan()).ToArray();
        var target = new float[pixels * channels];
        int[] all = { 0, 1, 2 };
        Assert.True(PatchConverter.ToNchw(type, Raw(values), 1, pixels, channels, all, all, target, pixels * channels));
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300 })
        {
            double[] withBad = (double[])values.Clone();
            withBad[badAt] = bad;
            Assert.False(PatchConverter.ToNchw(type, Raw(withBad), 1, pixels, channels, all, all, target, pixels * channels), $"{bad} at {badAt}");
        }
        Assert.True(PatchConverter.ToNchw(StorageType.Int32, MemoryMarshal.AsBytes(new int[pixels * channels].AsSpan()), 1, pixels, channels, all, all, target, pixels * channels));
    }

    [Fact]
    public void Out_of_range_channels_are_rejected()
    {
        var raw = new byte[4 * 8];
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchConverter.ToNchw(StorageType.Float64, raw, 1, 2, 2, new[] { 2 }, new[] { 0 }, new float[4], 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => PatchConverter.ToNchw(StorageType.Float64, raw, 1, 2, 2, new[] { 0 }, new[] { 2 }, new float[4], 4));
    }
}
