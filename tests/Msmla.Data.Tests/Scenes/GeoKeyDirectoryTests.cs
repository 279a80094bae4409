using System;
using Msmla.Data.Scenes;

namespace Msmla.Data.Tests.Scenes;

/// <summary>
/// The GeoKey directory against the layout of GeoTIFF 1.1 section 7.1.3, worked out by hand: header, keys
/// stored inline, in GeoDoubleParams and in GeoAsciiParams, malformed directories, and CRS comparison.
/// </summary>
public sealed class GeoKeyDirectoryTests
{
    // A user-defined projected CRS in the shape GDAL writes: model type, raster type, citation (ASCII),
    // user-defined ProjectedCSType, a projection parameter in the doubles.
    private static readonly ushort[] UserDefined =
    {
        1, 1, 1, 5,
        1024, 0, 1, 1,
        1025, 0, 1, 1,
        1026, 34737, 14, 0,
        3072, 0, 1, 32767,
        3081, 34736, 1, 1,
    };

    [Fact]
    public void Keys_are_read_from_their_locations()
    {
        var keys = new GeoKeyDirectory(UserDefined, new[] { 8.1, 47.3 }, "my projection|");
        Assert.Equal(5, keys.Keys.Count);
        Assert.Equal(new GeoKey(1026, 34737, 14, 0), keys.Keys[2]);
        Assert.Equal((ushort)1, keys.ModelType);
        Assert.Equal("my projection", keys.GetAscii(GeoKeyIds.Citation));
        Assert.Equal(new[] { 47.3 }, keys.GetDoubles(3081));
        Assert.Equal(GeoKeyIds.UserDefined, keys.GetShort(GeoKeyIds.ProjectedType));
        Assert.Null(keys.EpsgCode);
        Assert.Equal("user-defined CRS 'my projection'", keys.DescribeCrs());
        Assert.Equal(GeoRasterType.PixelIsArea, keys.RasterType);
    }

    [Fact]
    public void EPSG_codes_come_from_the_projected_or_the_geographic_key()
    {
        Assert.Equal(new ushort[] { 1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 32633 }, GeoKeyDirectory.ForProjected(32633).Directory);
        Assert.Equal(32633, GeoKeyDirectory.ForProjected(32633).EpsgCode);
        Assert.Equal(4326, GeoKeyDirectory.ForGeographic(4326).EpsgCode);
        // Projected with a user-defined projection on a coded datum: no EPSG code for the whole CRS.
        var projected = new GeoKeyDirectory(new ushort[] { 1, 1, 0, 3, 1024, 0, 1, 1, 2048, 0, 1, 4326, 3072, 0, 1, 32767 });
        Assert.Null(projected.EpsgCode);
        var point = new GeoKeyDirectory(new ushort[] { 1, 1, 0, 2, 1025, 0, 1, 2, 3072, 0, 1, 26711 });
        Assert.Equal(GeoRasterType.PixelIsPoint, point.RasterType);
        Assert.Equal(26711, point.EpsgCode);
        Assert.Throws<ArgumentOutOfRangeException>(() => GeoKeyDirectory.ForProjected(32767));
    }

    [Theory]
    [InlineData(new ushort[] { 2, 1, 0, 0 }, "version 2 is not 1")]
    [InlineData(new ushort[] { 1, 1, 0, 2, 1024, 0, 1, 1 }, "announces 2 keys but holds 1")]
    [InlineData(new ushort[] { 1, 1, 0, 1, 3081, 34736, 2, 1 }, "GeoKey 3081 refers to 2 values from index 1 of tag 34736, past its end")]
    [InlineData(new ushort[] { 1, 1, 0, 1, 1026, 34737, 20, 0 }, "GeoKey 1026 refers to 20 values")]
    [InlineData(new ushort[] { 1, 1, 0, 1, 1024, 0, 2, 1 }, "stored in its entry but has count 2")]
    [InlineData(new ushort[] { 1, 1 }, "header of 4 values")]
    public void Malformed_directories_are_refused_saying_how(ushort[] directory, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => new GeoKeyDirectory(directory, new[] { 1.0, 2.0 }, "short|"));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void The_same_CRS_ignores_citations_and_raster_type_but_not_parameters()
    {
        var a = new GeoKeyDirectory(UserDefined, new[] { 8.1, 47.3 }, "my projection|");
        var renamed = new GeoKeyDirectory(UserDefined, new[] { 8.1, 47.3 }, "other name   |");
        var moved = new GeoKeyDirectory(UserDefined, new[] { 8.1, 47.4 }, "my projection|");
        Assert.True(a.SameCrs(renamed));
        Assert.NotEqual(a, renamed);
        Assert.False(a.SameCrs(moved));
        Assert.Equal(a, new GeoKeyDirectory(UserDefined, new[] { 8.1, 47.3 }, "my projection|"));
        Assert.Equal(a.GetHashCode(), new GeoKeyDirectory(UserDefined, new[] { 8.1, 47.3 }, "my projection|").GetHashCode());
        var point = new GeoKeyDirectory(new ushort[] { 1, 1, 0, 2, 1025, 0, 1, 2, 3072, 0, 1, 32633 });
        Assert.True(GeoKeyDirectory.ForProjected(32633).SameCrs(point));
        Assert.False(GeoKeyDirectory.ForProjected(32633).SameCrs(GeoKeyDirectory.ForProjected(32634)));
        Assert.False(GeoKeyDirectory.ForProjected(32633).SameCrs(a));
    }

    [Fact]
    public void Grids_agree_to_a_millionth_of_a_pixel()
    {
        var geo = GeoReferencing.ForProjected(new GeoTransform(399960, 10, 0, 5500020, 0, -10), 32633);
        var grid = new RasterGrid(100, 80, geo);
        Assert.Null(grid.DescribeDifference(grid with { GeoReferencing = geo.Translate(1e-7, 0) }));
        Assert.Equal("geotransform (399960.0001, 10, 0, 5500020, 0, -10) against (399960, 10, 0, 5500020, 0, -10)",
            (grid with { GeoReferencing = geo.Translate(1e-5, 0) }).DescribeDifference(grid));
        Assert.Equal("width 100 against 101; height 80 against 79", grid.DescribeDifference(new RasterGrid(101, 79, geo)));
        Assert.Equal("CRS EPSG:32633 against EPSG:32634",
            grid.DescribeDifference(grid with { GeoReferencing = GeoReferencing.ForProjected(geo.Transform, 32634) }));
    }
}
