using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Msmla.Data.Scenes;
using Msmla.Data.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Scenes;

/// <summary>
/// Georeferencing read from files GDAL wrote (PixelIsPoint, rotated grids stored as ModelTransformation,
/// south-up, geographic and user-defined CRSs) equals GDAL's geotransform and EPSG code, and the
/// pixel-to-world arithmetic equals gdal.ApplyGeoTransform.
/// </summary>
public sealed class GeoTiffRasterGeoreferencingTests : IClassFixture<GeoTiffRasterGeoreferencingTests.Files>
{
    private readonly Files _files;

    public GeoTiffRasterGeoreferencingTests(Files files)
    {
        _files = files;
    }

    [SkippableTheory]
    [InlineData("area", GeoRasterType.PixelIsArea, false)]
    [InlineData("point", GeoRasterType.PixelIsPoint, false)]
    [InlineData("rotated", GeoRasterType.PixelIsArea, true)]
    [InlineData("rotated-point", GeoRasterType.PixelIsPoint, true)]
    [InlineData("south-up", GeoRasterType.PixelIsArea, false)]
    [InlineData("geographic", GeoRasterType.PixelIsArea, false)]
    [InlineData("custom", GeoRasterType.PixelIsArea, false)]
    public void Geotransform_and_EPSG_code_equal_GDALs(string name, GeoRasterType rasterType, bool rotated)
    {
        JsonElement meta = _files.Metadata(name);
        using GeoTiffRaster raster = GeoTiffRaster.Open(_files.Require(name));
        double[] gdal = meta.GetProperty("gt").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(gdal, raster.GeoReferencing.Transform.ToGdal());
        Assert.Equal(rasterType, raster.GeoReferencing.RasterType);
        Assert.Equal(rasterType == GeoRasterType.PixelIsPoint ? "Point" : "Area", meta.GetProperty("area_or_point").GetString());
        Assert.Equal(rotated, raster.GeoReferencing.Transform.IsRotated);
        JsonElement epsg = meta.GetProperty("epsg");
        Assert.Equal(epsg.ValueKind == JsonValueKind.Null ? null : epsg.GetInt32(), raster.EpsgCode);
    }

    [SkippableFact]
    public void A_user_defined_CRS_has_no_EPSG_code_and_keeps_its_keys_and_parameters()
    {
        using GeoTiffRaster raster = GeoTiffRaster.Open(_files.Require("custom"));
        GeoKeyDirectory keys = raster.GeoReferencing.Keys;
        Assert.Null(keys.EpsgCode);
        Assert.Equal(GeoKeyIds.UserDefined, keys.GetShort(GeoKeyIds.ProjectedType));
        Assert.True(keys.HasCrs);
        Assert.StartsWith("user-defined CRS", keys.DescribeCrs());
        // Lambert azimuthal equal area with the fixture's own origin: 47.3 N, 8.1 E, false easting 1000 m.
        double[] parameters = keys.DoubleParams.ToArray();
        Assert.Contains(47.3, parameters);
        Assert.Contains(8.1, parameters);
        Assert.Contains(1000.0, parameters);
        Assert.Equal(keys.Directory[3], keys.Keys.Count);
    }

    [SkippableTheory]
    [InlineData("rotated")]
    [InlineData("south-up")]
    [InlineData("point")]
    public void Pixel_to_world_translate_and_scale_agree_with_gdal_ApplyGeoTransform(string name)
    {
        JsonElement meta = _files.Metadata(name);
        using GeoTiffRaster raster = GeoTiffRaster.Open(_files.Require(name));
        GeoTransform t = raster.GeoReferencing.Transform;
        foreach (JsonElement point in meta.GetProperty("points").EnumerateArray())
        {
            double[] p = point.EnumerateArray().Select(e => e.GetDouble()).ToArray(); // column, row, x, y
            (double x, double y) = t.PixelToWorld(p[0], p[1]);
            Assert.Equal(p[2], x, 1e-6);
            Assert.Equal(p[3], y, 1e-6);
            // A window starting at (column, row) has its origin there.
            GeoTransform window = t.Translate(p[0], p[1]);
            Assert.Equal(p[2], window.OriginX, 1e-6);
            Assert.Equal(p[3], window.OriginY, 1e-6);
            // A grid 10 times coarser reaches the same point at a tenth of the pixel coordinates.
            (double cx, double cy) = t.Scale(10).PixelToWorld(p[0] / 10, p[1] / 10);
            Assert.Equal(p[2], cx, 1e-6);
            Assert.Equal(p[3], cy, 1e-6);
        }
    }

    /// <summary>Files written by GDAL with the georeferencing cases, and GDAL's reading of them.</summary>
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
            return _directory.File(name + ".tif");
        }

        public JsonElement Metadata(string name)
        {
            Require(name);
            return JsonDocument.Parse(File.ReadAllText(_directory.File(name + ".json"))).RootElement;
        }

        public void Dispose() => _directory.Dispose();

        private const string Script = """
out = sys.argv[1]
def srs_of(code=None, proj4=None):
    s = osr.SpatialReference()
    if code: s.ImportFromEPSG(code)
    else: s.ImportFromProj4(proj4)
    return s.ExportToWkt()
utm = srs_of(32633)
cases = {
    'area': ((440720.0, 60.0, 0.0, 3751320.0, 0.0, -60.0), srs_of(26711), None),
    'point': ((440720.0, 60.0, 0.0, 3751320.0, 0.0, -60.0), srs_of(26711), 'Point'),
    'rotated': ((500000.0, 8.660254037844387, 5.0, 5000000.0, 5.0, -8.660254037844387), utm, None),
    'rotated-point': ((500000.0, 8.660254037844387, 5.0, 5000000.0, 5.0, -8.660254037844387), utm, 'Point'),
    'south-up': ((500000.0, 10.0, 0.0, 4000000.0, 0.0, 10.0), utm, None),
    'geographic': ((8.0, 0.0001, 0.0, 47.5, 0.0, -0.0001), srs_of(4326), None),
    'custom': ((-5000.0, 25.0, 0.0, 8000.0, 0.0, -25.0), srs_of(proj4='+proj=laea +lat_0=47.3 +lon_0=8.1 +x_0=1000 +y_0=0 +ellps=GRS80 +units=m +no_defs'), None),
}
for name, (gt, wkt, aop) in cases.items():
    path = os.path.join(out, name + '.tif')
    ds = gdal.GetDriverByName('GTiff').Create(path, 30, 20, 1, gdal.GDT_Byte)
    ds.SetGeoTransform(gt)
    ds.SetProjection(wkt)
    if aop: ds.SetMetadataItem('AREA_OR_POINT', aop)
    ds.GetRasterBand(1).Fill(1)
    ds = None
    ds = gdal.Open(path)
    s = osr.SpatialReference(wkt=ds.GetProjection())
    code = s.GetAuthorityCode(None)
    g = ds.GetGeoTransform()
    points = [[c, r] + list(gdal.ApplyGeoTransform(g, c, r)) for c, r in [(0, 0), (3.5, 7.25), (30, 20), (17, 2)]]
    json.dump({'gt': list(g), 'epsg': int(code) if code else None, 'area_or_point': ds.GetMetadataItem('AREA_OR_POINT'), 'points': points},
              open(os.path.join(out, name + '.json'), 'w'))
""";
    }
}
