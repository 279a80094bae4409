using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Msmla.Data.Scenes;
using Msmla.Data.Tests.Support;

namespace Msmla.Data.Tests.Scenes;

/// <summary>
/// GeoTIFFs written by GDAL in every supported layout read back exactly as GDAL reads them (bit for bit,
/// NaN and infinities included), with GDAL's geotransform, EPSG code, nodata and band descriptions.
/// </summary>
public sealed class GeoTiffRasterLayoutTests : IClassFixture<GdalLayoutFixture>
{
    private readonly GdalLayoutFixture _fixture;

    public GeoTiffRasterLayoutTests(GdalLayoutFixture fixture)
    {
        _fixture = fixture;
    }

    public static IEnumerable<object[]> Cases => GdalLayoutCase.All.Select(c => new object[] { c.Name });

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Values_and_metadata_equal_GDALs(string name)
    {
        GdalLayoutCase layout = GdalLayoutCase.All.Single(c => c.Name == name);
        string path = _fixture.Require(layout);
        float[] expected = _fixture.Reference(layout);
        JsonElement meta = _fixture.Metadata(layout);

        using GeoTiffRaster raster = GeoTiffRaster.Open(path);
        Assert.Equal((layout.Width, layout.Height, layout.Bands), (raster.Width, raster.Height, raster.BandCount));
        Assert.Equal(layout.Type switch
        {
            "Byte" => RasterSampleType.UInt8,
            "UInt16" => RasterSampleType.UInt16,
            "Int16" => RasterSampleType.Int16,
            _ => RasterSampleType.Float32,
        }, raster.SampleType);
        GeoTiffLayout stored = raster.Layout;
        Assert.Equal(layout.Tiled, stored.IsTiled);
        Assert.Equal(layout.BandSeparate, stored.IsBandSeparate);
        Assert.Equal(layout.Compress switch { "NONE" => GeoTiffCompression.None, "LZW" => GeoTiffCompression.Lzw, _ => GeoTiffCompression.Deflate }, stored.Compression);
        Assert.Equal(layout.Compress == "NONE" ? 1 : layout.Predictor, stored.Predictor);
        Assert.Equal(layout.BigTiff, stored.IsBigTiff);
        Assert.Equal(layout.BigEndian, stored.IsBigEndian);
        Assert.Equal(layout.Tiled ? (16, 16) : (layout.Width, Math.Min(layout.StripRows, layout.Height)), (stored.BlockWidth, stored.BlockHeight));

        Assert.Equal(meta.GetProperty("gt").EnumerateArray().Select(e => e.GetDouble()).ToArray(), raster.GeoReferencing.Transform.ToGdal());
        Assert.Equal(meta.GetProperty("epsg").GetInt32(), raster.EpsgCode);
        Assert.Equal(double.Parse(meta.GetProperty("nodata").GetString()!, CultureInfo.InvariantCulture), raster.NoData);
        Assert.Equal(meta.GetProperty("desc").EnumerateArray().Select(e => e.GetString()).ToArray(), raster.BandDescriptions.ToArray());

        // Row blocks of varying height across tile and strip edges, bands in another order.
        int[] order = Enumerable.Range(0, layout.Bands).Reverse().ToArray();
        int[] heights = { 1, 5, 16, 23, 7, 64 };
        int plane = layout.Width * layout.Height;
        for (int row = 0, k = 0; row < layout.Height; k++)
        {
            int rows = Math.Min(heights[k % heights.Length], layout.Height - row);
            var block2 = new float[order.Length * rows * layout.Width];
            raster.ReadRows(row, rows, order, block2);
            for (int i = 0; i < order.Length; i++)
                AssertBits(expected.AsSpan(order[i] * plane + row * layout.Width, rows * layout.Width), block2.AsSpan(i * rows * layout.Width, rows * layout.Width), $"{name}: band {order[i]}, rows {row}..{row + rows - 1}");
            row += rows;
        }

        // One band, all rows, after the cache holds the last row of blocks.
        int last = layout.Bands - 1;
        var single = new float[plane];
        raster.ReadRows(0, layout.Height, new[] { last }, single);
        AssertBits(expected.AsSpan(last * plane, plane), single, $"{name}: band {last}, all rows");
    }

    private static void AssertBits(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: value {i} is {actual[i].ToString("R", CultureInfo.InvariantCulture)}, GDAL reads {expected[i].ToString("R", CultureInfo.InvariantCulture)}.");
    }
}
