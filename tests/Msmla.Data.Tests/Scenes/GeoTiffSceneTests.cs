using System;
using System.IO;
using System.Linq;
using Msmla.Data.Scenes;
using Msmla.Data.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Scenes;

/// <summary>
/// Scenes of one multi-band file or one file per band (named by GDAL band descriptions or by the caller),
/// read band by band in the order asked and compared with GDAL's ReadAsArray of each file; files or scenes
/// on different grids and missing names are refused naming the difference.
/// </summary>
public sealed class GeoTiffSceneTests : IClassFixture<GeoTiffSceneTests.Files>
{
    private const int Width = 53, Height = 41;
    private static readonly string[] Names = { "B2", "B3", "B4", "B8" };
    private readonly Files _files;

    public GeoTiffSceneTests(Files files)
    {
        _files = files;
    }

    [SkippableFact]
    public void A_multi_band_file_gives_its_described_bands_in_the_order_asked()
    {
        using GeoTiffScene scene = GeoTiffScene.Open(_files.Require("multi.tif"));
        Assert.Equal(Names, scene.BandNames);
        Assert.Equal((Width, Height, 32633), (scene.Width, scene.Height, scene.GeoReferencing.EpsgCode));
        SceneBandSelection bands = scene.SelectBands("b8", "B2", "B4");
        Assert.Equal(new[] { "b8", "B2", "B4" }, bands.Names);
        Assert.Equal(new double?[] { 0, 0, 0 }, bands.NoData);
        var block = new float[3 * 9 * Width];
        scene.ReadRows(4, 9, bands, block);
        float[] gdal = _files.Reference("multi");
        AssertRows(gdal, 3, block, 0, 4, 9);
        AssertRows(gdal, 0, block, 1, 4, 9);
        AssertRows(gdal, 2, block, 2, 4, 9);
    }

    [SkippableFact]
    public void One_file_per_band_named_by_the_caller_reads_each_file()
    {
        SceneBandSource[] sources = Names.Select(n => new SceneBandSource(n, _files.Require($"unnamed-{n}.tif"))).ToArray();
        using GeoTiffScene scene = GeoTiffScene.Open(sources);
        Assert.Equal(4, scene.Files.Count);
        Assert.Equal(Names, scene.BandNames);
        SceneBandSelection bands = scene.SelectBands(Names.Reverse());
        var all = new float[4 * Height * Width];
        scene.ReadRows(0, Height, bands, all);
        for (int i = 0; i < 4; i++) AssertRows(_files.Reference($"unnamed-{Names[3 - i]}"), 0, all, i, 0, Height);
    }

    [SkippableFact]
    public void One_file_per_band_named_by_descriptions_needs_no_mapping()
    {
        using GeoTiffScene scene = GeoTiffScene.Open(Names.Select(n => _files.Require($"named-{n}.tif")));
        Assert.Equal(Names, scene.BandNames);
        var b3 = new float[Height * Width];
        scene.ReadRows(0, Height, scene.SelectBands("B3"), b3);
        AssertRows(_files.Reference("named-B3"), 0, b3, 0, 0, Height);
    }

    [SkippableFact]
    public void Bands_of_a_multi_band_file_without_descriptions_can_be_named_by_index()
    {
        string path = _files.Require("multi-unnamed.tif");
        using GeoTiffScene scene = GeoTiffScene.Open(new[] { new SceneBandSource("B8", path, 3), new SceneBandSource("B2", path, 0) });
        Assert.Single(scene.Files);
        var rows = new float[2 * 2 * Width];
        scene.ReadRows(Height - 2, 2, scene.SelectBands("B2", "B8"), rows);
        AssertRows(_files.Reference("multi-unnamed"), 0, rows, 0, Height - 2, 2);
        AssertRows(_files.Reference("multi-unnamed"), 3, rows, 1, Height - 2, 2);
    }

    [SkippableFact]
    public void Unnamed_files_and_missing_bands_are_refused_with_the_names_there_are()
    {
        string unnamed = _files.Require("unnamed-B2.tif");
        var none = Assert.Throws<SceneDataException>(() => GeoTiffScene.Open(unnamed));
        Assert.Contains("no band of the scene's 1 file(s) has a name", none.Message);
        Assert.Contains("SceneBandSource", none.Message);

        using GeoTiffScene scene = GeoTiffScene.Open(new[] { _files.Require("named-B2.tif"), _files.Require("named-B3.tif"), unnamed });
        var missing = Assert.Throws<SceneDataException>(() => scene.SelectBands("B2", "B8A", "B11"));
        Assert.Equal("bands 'B8A', 'B11'", missing.Item);
        Assert.Contains("are not in the scene, which has B2, B3; 1 band(s) have no name", missing.Message);

        var outside = Assert.Throws<SceneDataException>(() => GeoTiffScene.Open(new[] { new SceneBandSource("B2", unnamed, 1) }));
        Assert.Equal("band 1", outside.Item);
        Assert.Contains("does not exist (the file has 1 band(s), 0 to 0); it was given as band 'B2'", outside.Message);
    }

    [SkippableFact]
    public void Repeated_band_names_are_refused()
    {
        var files = Assert.Throws<SceneDataException>(() => GeoTiffScene.Open(new[] { _files.Require("named-B2.tif"), _files.Require("multi.tif") }));
        Assert.Contains("is named 'B2', like band 0 of", files.Message);
        var mapping = Assert.Throws<ArgumentException>(() => GeoTiffScene.Open(new[]
        {
            new SceneBandSource("B2", _files.Require("unnamed-B2.tif")), new SceneBandSource("b2", _files.Require("unnamed-B3.tif")),
        }));
        Assert.Contains("'B2' is given 2 times", mapping.Message);
    }

    [SkippableTheory]
    [InlineData("wider.tif", "width 54 against 53")]
    [InlineData("shifted.tif", "geotransform (399970, 10, 0, 5500020, 0, -10) against (399960, 10, 0, 5500020, 0, -10)")]
    [InlineData("utm34.tif", "CRS EPSG:32634 against EPSG:32633")]
    [InlineData("custom.tif", "CRS user-defined CRS")]
    public void Files_on_another_grid_are_refused_naming_the_difference(string other, string difference)
    {
        string otherPath = _files.Require(other);
        var e = Assert.Throws<SceneDataException>(() => GeoTiffScene.Open(new[]
        {
            new SceneBandSource("B2", _files.Require("unnamed-B2.tif")), new SceneBandSource("B3", otherPath),
        }));
        Assert.Equal(otherPath, e.FilePath);
        Assert.Contains("is not on the grid of", e.Message);
        Assert.Contains(difference, e.Message);
    }

    [SkippableFact]
    public void Scenes_are_checked_for_one_grid_before_multi_temporal_use()
    {
        using GeoTiffScene first = GeoTiffScene.Open(_files.Require("multi.tif"));
        using GeoTiffScene second = GeoTiffScene.Open(Names.Select(n => _files.Require($"named-{n}.tif")));
        GeoTiffScene.RequireSameGrid(new[] { first, second });
        using GeoTiffScene shifted = GeoTiffScene.Open(new[] { new SceneBandSource("B2", _files.Require("shifted.tif")) });
        var e = Assert.Throws<SceneDataException>(() => GeoTiffScene.RequireSameGrid(new[] { first, second, shifted }));
        Assert.Equal(shifted.Files[0].Path, e.FilePath);
        Assert.Contains("geotransform", e.Message);
        Assert.Null(first.Grid.DescribeDifference(second.Grid));
        Assert.False(first.Grid.IsSameAs(shifted.Grid));
    }

    private static void AssertRows(float[] gdal, int gdalBand, float[] actual, int actualBand, int firstRow, int rows)
    {
        ReadOnlySpan<float> expected = gdal.AsSpan(gdalBand * Width * Height + firstRow * Width, rows * Width);
        Assert.True(expected.SequenceEqual(actual.AsSpan(actualBand * rows * Width, rows * Width)),
            $"Band {actualBand} differs from GDAL's band {gdalBand + 1} in rows {firstRow}..{firstRow + rows - 1}.");
    }

    /// <summary>Files written by GDAL: one 4-band file, per-band files with and without descriptions, and files on other grids.</summary>
    public sealed class Files : IDisposable
    {
        private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();
        private readonly object _lock = new();
        private bool _written;

        public string Require(string name)
        {
            GdalPython.Require();
            lock (_lock)
            {
                if (!_written) GdalPython.Run(Script, _directory.Path);
                _written = true;
            }
            return _directory.File(name);
        }

        /// <summary>GDAL's reading of a file (without .tif), float32 [band][row][column].</summary>
        public float[] Reference(string name) => RawArrays.Floats(Require(name + ".f32"));

        public void Dispose() => _directory.Dispose();

        private const string Script = """
out = sys.argv[1]
w, h = 53, 41
gt = (399960.0, 10.0, 0.0, 5500020.0, 0.0, -10.0)
def srs(code=None, proj4=None):
    s = osr.SpatialReference()
    if code: s.ImportFromEPSG(code)
    else: s.ImportFromProj4(proj4)
    return s.ExportToWkt()
rng = np.random.default_rng(7)
names = ['B2', 'B3', 'B4', 'B8']
data = rng.integers(0, 10000, size=(4, h, w)).astype(np.uint16)
def write(name, bands, descriptions, geotransform=gt, wkt=srs(32633), width=w, opts=('TILED=YES', 'BLOCKXSIZE=16', 'BLOCKYSIZE=16', 'COMPRESS=DEFLATE', 'PREDICTOR=2')):
    path = os.path.join(out, name + '.tif')
    ds = gdal.GetDriverByName('GTiff').Create(path, width, h, len(bands), gdal.GDT_UInt16, list(opts))
    ds.SetGeoTransform(geotransform)
    ds.SetProjection(wkt)
    for i, b in enumerate(bands):
        band = ds.GetRasterBand(i + 1)
        band.WriteArray(np.resize(b, (h, width)))
        band.SetNoDataValue(0)
        if descriptions: band.SetDescription(descriptions[i])
    ds = None
    gdal.Open(path).ReadAsArray().astype(np.float32).tofile(os.path.join(out, name + '.f32'))
write('multi', list(data), names, opts=('TILED=YES', 'BLOCKXSIZE=16', 'BLOCKYSIZE=16', 'COMPRESS=LZW', 'PREDICTOR=2'))
write('multi-unnamed', list(data), None, opts=('INTERLEAVE=BAND',))
for i, n in enumerate(names):
    write('unnamed-' + n, [data[i]], None)
    write('named-' + n, [data[i]], [n], opts=('COMPRESS=DEFLATE',))
write('wider', [data[0]], None, width=w + 1)
write('shifted', [data[0]], None, geotransform=(399970.0,) + gt[1:])
write('utm34', [data[0]], None, wkt=srs(32634))
write('custom', [data[0]], None, wkt=srs(proj4='+proj=laea +lat_0=47.3 +lon_0=8.1 +x_0=1000 +y_0=0 +ellps=GRS80 +units=m +no_defs'))
""";
    }
}
