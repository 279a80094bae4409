using System;
using System.IO;
using System.Text.Json;
using Msmla.Data.Scenes;
using Msmla.Data.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Scenes;

/// <summary>
/// Files the reader cannot use (written by GDAL with unsupported codecs and types, without georeferencing,
/// truncated or scrambled, or crafted byte by byte with impossible sizes) are refused with a
/// <see cref="SceneDataException"/> naming the file, the item and the problem, without large allocations.
/// </summary>
public sealed class GeoTiffRasterRefusalTests : IClassFixture<GeoTiffRasterRefusalTests.Files>
{
    private readonly Files _files;

    public GeoTiffRasterRefusalTests(Files files)
    {
        _files = files;
    }

    [SkippableTheory]
    [InlineData("jpeg", "JPEG compression (7) is not supported")]
    [InlineData("zstd", "ZSTD compression (50000) is not supported")]
    [InlineData("lzma", "LZMA compression (34925) is not supported")]
    [InlineData("lerc", "LERC compression (34887) is not supported")]
    [InlineData("packbits", "PackBits compression (32773) is not supported")]
    public void Unsupported_compressions_are_named(string name, string problem)
    {
        string path = _files.Require(name);
        var e = Assert.Throws<SceneDataException>(() => GeoTiffRaster.Open(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal("tag Compression (259)", e.Item);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [SkippableTheory]
    [InlineData("cint16", "32-bit complex integer samples (SampleFormat 5, BitsPerSample 32)")]
    [InlineData("cfloat32", "64-bit complex floating-point samples (SampleFormat 6, BitsPerSample 64)")]
    [InlineData("float64", "64-bit floating-point samples (SampleFormat 3, BitsPerSample 64)")]
    [InlineData("uint32", "32-bit unsigned integer samples (SampleFormat 1, BitsPerSample 32)")]
    [InlineData("int8", "8-bit signed integer samples (SampleFormat 2, BitsPerSample 8)")]
    [InlineData("bit1", "1-bit unsigned integer samples (SampleFormat 1, BitsPerSample 1)")]
    public void Unsupported_sample_types_are_named(string name, string problem)
    {
        string path = _files.Require(name);
        var e = Assert.Throws<SceneDataException>(() => GeoTiffRaster.Open(path));
        Assert.Equal("sample type", e.Item);
        Assert.Contains(problem, e.Message);
        Assert.Contains("not supported", e.Message);
    }

    [SkippableTheory]
    [InlineData("nogeo", "georeferencing", "has no georeferencing")]
    [InlineData("nocrs", "tag GeoKeyDirectory (34735)", "no coordinate reference system")]
    [InlineData("gcps", "georeferencing", "3 ground control points")]
    public void Files_without_a_geotransform_and_CRS_are_refused(string name, string item, string problem)
    {
        string path = _files.Require(name);
        var e = Assert.Throws<SceneDataException>(() => GeoTiffRaster.Open(path));
        Assert.Equal(item, e.Item);
        Assert.Contains(problem, e.Message);
    }

    [SkippableFact]
    public void A_truncated_file_is_refused_naming_the_first_tile_past_the_end()
    {
        string path = _files.Require("truncated");
        var e = Assert.Throws<SceneDataException>(() => GeoTiffRaster.Open(path));
        Assert.StartsWith("tile ", e.Item);
        Assert.Contains("run past the end of the file", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [SkippableFact]
    public void A_scrambled_tile_fails_when_read_naming_the_tile_and_the_other_rows_still_read()
    {
        string path = _files.Require("scrambled");
        using GeoTiffRaster raster = GeoTiffRaster.Open(path);
        var rows = new float[16 * raster.Width];
        var e = Assert.Throws<SceneDataException>(() => raster.ReadRows(0, 16, rows));
        Assert.Equal("tile 0 (row 0, column 0)", e.Item);
        Assert.Contains("corrupt", e.Message);
        raster.ReadRows(16, 16, rows); // the second row of tiles is intact
        Assert.All(rows, v => Assert.Equal(9f, v));
    }

    [SkippableFact]
    public void A_file_that_is_not_a_TIFF_is_refused()
    {
        string path = _files.Require("png");
        var e = Assert.Throws<SceneDataException>(() => GeoTiffRaster.Open(path));
        Assert.Contains("is not a TIFF file", e.Message);
        Assert.Contains("0x89 0x50", e.Message);
    }

    [Fact]
    public void Crafted_huge_dimensions_are_refused_before_anything_is_allocated()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("huge.tif");
        CraftedTiff.Tiled(int.MaxValue, int.MaxValue, 16, 16).Write(path);
        SceneDataException e = RefusedWithinMemory(path);
        Assert.Equal("tag TileOffsets (324)", e.Item);
        Assert.Contains("holds 1 offsets", e.Message);
        Assert.Contains("2147483647 x 2147483647", e.Message);
    }

    [Fact]
    public void A_crafted_tile_larger_than_the_limit_is_refused()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("tile.tif");
        CraftedTiff.Tiled(65536, 65536, 65536, 65536).Write(path);
        SceneDataException e = RefusedWithinMemory(path);
        Assert.Contains("decodes to 8589934592 bytes, more than the 268435456-byte limit", e.Message);
    }

    [Fact]
    public void A_crafted_compressed_strip_of_the_whole_image_is_refused()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("strip.tif");
        new CraftedTiff()
            .Entry(256, CraftedTiff.Long, 1, 100000)
            .Entry(257, CraftedTiff.Long, 1, 100000)
            .Entry(258, CraftedTiff.Short, 1, 16)
            .Entry(259, CraftedTiff.Short, 1, 5)
            .Entry(273, CraftedTiff.Long, 1, 8)
            .Entry(277, CraftedTiff.Short, 1, 1)
            .Entry(278, CraftedTiff.Long, 1, 100000)
            .Entry(279, CraftedTiff.Long, 1, 16)
            .Write(path);
        SceneDataException e = RefusedWithinMemory(path);
        Assert.Contains("one strip of 100000 x 100000 pixels x 1 samples decodes to 20000000000 bytes", e.Message);
    }

    [Fact]
    public void A_crafted_tag_count_beyond_the_file_is_refused()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("count.tif");
        CraftedTiff.Tiled(64, 64, 16, 16, tiles: 0x4000000).Write(path);
        SceneDataException e = RefusedWithinMemory(path);
        Assert.Equal("tag TileOffsets (324)", e.Item);
        Assert.Contains("run past the end of the file", e.Message);
    }

    [Fact]
    public void Crafted_directories_outside_the_file_are_refused()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        string offset = directory.File("offset.tif");
        CraftedTiff.Tiled(64, 64, 64, 64).Write(offset, ifdOffset: 0x7FFFFFF0);
        Assert.Contains("first image file directory offset 2147483632 lies outside the file", RefusedWithinMemory(offset).Message);
        string entries = directory.File("entries.tif");
        CraftedTiff.Tiled(64, 64, 64, 64).Write(entries, claimedEntries: 60000);
        Assert.Contains("(60000 entries at offset 8) runs past the end of the file", RefusedWithinMemory(entries).Message);
    }

    private static SceneDataException RefusedWithinMemory(string path)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<SceneDataException>(() => GeoTiffRaster.Open(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16L << 20, $"Refusing {path} allocated {allocated} bytes.");
        Assert.Equal(path, e.FilePath);
        return e;
    }

    /// <summary>Files GDAL writes that the reader must refuse.</summary>
    public sealed class Files : IDisposable
    {
        private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();
        private readonly object _lock = new();
        private JsonElement? _written;

        public string Require(string name)
        {
            GdalPython.Require();
            lock (_lock)
            {
                _written ??= JsonDocument.Parse(GdalPython.Run(Script, _directory.Path)).RootElement;
            }
            Requirement.Peer(_written.Value.TryGetProperty(name, out JsonElement made) && made.GetBoolean(),
                $"This GDAL cannot write the '{name}' test file (its GTiff driver lacks the codec).", "python3-gdal");
            return _directory.File(name + ".tif");
        }

        public void Dispose() => _directory.Dispose();

        private const string Script = """
out = sys.argv[1]
gt = (399960.0, 10.0, 0.0, 5500020.0, 0.0, -10.0)
srs = osr.SpatialReference(); srs.ImportFromEPSG(32633)
made = {}
def write(name, dtype=gdal.GDT_Byte, opts=(), georef=True, crs=True, value=1, size=(40, 32)):
    try:
        ds = gdal.GetDriverByName('GTiff').Create(os.path.join(out, name + '.tif'), size[0], size[1], 1, dtype, list(opts))
        if georef: ds.SetGeoTransform(gt)
        if georef and crs: ds.SetProjection(srs.ExportToWkt())
        ds.GetRasterBand(1).Fill(value)
        ds = None
        made[name] = True
    except RuntimeError:
        made[name] = False
    return os.path.join(out, name + '.tif')
for name, codec in [('jpeg', 'JPEG'), ('zstd', 'ZSTD'), ('lzma', 'LZMA'), ('lerc', 'LERC'), ('packbits', 'PACKBITS')]:
    write(name, opts=['COMPRESS=' + codec])
write('cint16', gdal.GDT_CInt16)
write('cfloat32', gdal.GDT_CFloat32)
write('float64', gdal.GDT_Float64)
write('uint32', gdal.GDT_UInt32)
write('int8', opts=['PIXELTYPE=SIGNEDBYTE'])
write('bit1', opts=['NBITS=1'])
write('nogeo', georef=False)
write('nocrs', crs=False)
ds = gdal.GetDriverByName('GTiff').Create(os.path.join(out, 'gcps.tif'), 40, 32, 1, gdal.GDT_Byte)
ds.SetGCPs([gdal.GCP(399960.0 + 10 * i, 5500020.0 - 7 * i, 0, 3 * i, 2 * i) for i in range(3)], srs.ExportToWkt())
ds = None
made['gcps'] = True
path = write('truncated', gdal.GDT_UInt16, ['TILED=YES', 'BLOCKXSIZE=16', 'BLOCKYSIZE=16', 'COMPRESS=DEFLATE'], size=(200, 160))
ds = gdal.Open(path, gdal.GA_Update); ds.GetRasterBand(1).WriteArray(np.random.default_rng(1).integers(0, 60000, (160, 200)).astype(np.uint16)); ds = None
with open(path, 'r+b') as f: f.truncate(int(os.path.getsize(path) * 0.6))
path = write('scrambled', gdal.GDT_Byte, ['TILED=YES', 'BLOCKXSIZE=16', 'BLOCKYSIZE=16', 'COMPRESS=DEFLATE'], value=9, size=(16, 32))
ds = gdal.Open(path)
offset = int(ds.GetRasterBand(1).GetMetadataItem('BLOCK_OFFSET_0_0', 'TIFF'))
ds = None
with open(path, 'r+b') as f:
    f.seek(offset + 2); f.write(bytes(range(200, 210)))
gdal.GetDriverByName('PNG').CreateCopy(os.path.join(out, 'png.tif'), gdal.Open(os.path.join(out, 'nogeo.tif')))
made['png'] = True
print(json.dumps(made))
""";
    }
}
