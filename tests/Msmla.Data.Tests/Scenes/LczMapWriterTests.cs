using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using Msmla.Core.Lcz;
using Msmla.Data.Scenes;
using Msmla.Data.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Scenes;

/// <summary>
/// Maps written by <see cref="LczMapWriter"/>, checked by GDAL: gdalinfo -json (size, geotransform, EPSG,
/// nodata, colour table, band descriptions, overview sizes), GDAL's reading of every level against the
/// values written and against overviews computed independently in NumPy, and GDAL's COG validator.
/// </summary>
public sealed class LczMapWriterTests
{
    private static readonly GeoReferencing Utm = GeoReferencing.ForProjected(new GeoTransform(399960, 100, 0, 5500020, 0, -100), 32633);

    [SkippableFact]
    public void A_class_map_is_a_valid_COG_with_the_LCZ_palette_and_mode_overviews()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        const int width = 700, height = 530;
        byte[] labels = Labels(width, height, seed: 3);
        string path = directory.File("lcz.tif");
        LczMapWriter.WriteClasses(path, labels, width, height, Utm);

        JsonElement info = GdalInfo(path);
        Assert.Equal(new[] { width, height }, Ints(info.GetProperty("size")));
        Assert.Equal(Utm.Transform.ToGdal(), info.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        Assert.Equal(32633, info.GetProperty("stac").GetProperty("proj:epsg").GetInt32());
        JsonElement band = info.GetProperty("bands")[0];
        Assert.Equal("Byte", band.GetProperty("type").GetString());
        Assert.Equal("Palette", band.GetProperty("colorInterpretation").GetString());
        Assert.Equal(0.0, band.GetProperty("noDataValue").GetDouble());
        Assert.Equal(new[] { 256, 256 }, Ints(band.GetProperty("block")));
        Assert.Equal(new[] { new[] { 350, 265 }, new[] { 175, 133 } }, band.GetProperty("overviews").EnumerateArray().Select(o => Ints(o.GetProperty("size"))).ToArray());
        JsonElement[] colours = band.GetProperty("colorTable").GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(256, colours.Length);
        Assert.Equal(new[] { 255, 255, 255 }, Ints(colours[0]).Take(3));
        foreach (LczClass lcz in LczClasses.All)
            Assert.Equal(new[] { (int)lcz.Rgb.R, lcz.Rgb.G, lcz.Rgb.B }, Ints(colours[lcz.Label]).Take(3));

        JsonElement check = Check(path, "mode", labels);
        Assert.Equal(0, check.GetProperty("full_mismatches").GetInt32());
        Assert.Equal(new[] { 0, 0 }, check.GetProperty("overview_mismatches").EnumerateArray().Select(e => e.GetInt32()));
        AssertValidCog(check);
    }

    [SkippableFact]
    public void Percent_probabilities_of_17_classes_have_descriptions_and_mean_overviews()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        const int width = 300, height = 290;
        float[] probabilities = Probabilities(17, width, height, seed: 5);
        string path = directory.File("probabilities.tif");
        LczMapWriter.WriteProbabilities(path, probabilities, 17, width, height, Utm);

        JsonElement info = GdalInfo(path);
        JsonElement[] bands = info.GetProperty("bands").EnumerateArray().ToArray();
        Assert.Equal(LczMapWriter.ProbabilityBandNames, bands.Select(b => b.GetProperty("description").GetString()));
        Assert.Equal(new[] { "LCZ 1", "LCZ 10", "LCZ A", "LCZ G" }, new[] { 0, 9, 10, 16 }.Select(i => LczMapWriter.ProbabilityBandNames[i]));
        Assert.All(bands, b => Assert.Equal(255.0, b.GetProperty("noDataValue").GetDouble()));
        Assert.All(bands, b => Assert.Equal("Byte", b.GetProperty("type").GetString()));
        Assert.Equal(new[] { 150, 145 }, Ints(bands[0].GetProperty("overviews")[0].GetProperty("size")));

        JsonElement check = Check(path, "percent", probabilities);
        Assert.Equal(0, check.GetProperty("full_mismatches").GetInt32());
        Assert.Equal(new[] { 0 }, check.GetProperty("overview_mismatches").EnumerateArray().Select(e => e.GetInt32()));
        AssertValidCog(check);
    }

    [SkippableFact]
    public void Float_top_class_probabilities_keep_their_values_and_NaN_nodata()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        const int width = 520, height = 300;
        float[] probabilities = Probabilities(1, width, height, seed: 9);
        string path = directory.File("top.tif");
        LczMapWriter.WriteProbabilities(path, probabilities, 1, width, height, Utm, new MapWriteOptions { ProbabilityEncoding = ProbabilityEncoding.Float32 });

        JsonElement band = GdalInfo(path).GetProperty("bands")[0];
        Assert.Equal("Float32", band.GetProperty("type").GetString());
        Assert.Equal(LczMapWriter.TopProbabilityBandName, band.GetProperty("description").GetString());
        Assert.Equal("NaN", band.GetProperty("noDataValue").GetString());
        JsonElement check = Check(path, "float", probabilities);
        Assert.Equal(0, check.GetProperty("full_mismatches").GetInt32());
        // NumPy's mean and the writer's agree to the last bit of float32, or within one unit where the double sums round apart.
        Assert.True(check.GetProperty("overview_max_ulps")[0].GetDouble() <= 1, check.ToString());
        AssertValidCog(check);
    }

    [SkippableFact]
    public void Rotated_and_PixelIsPoint_georeferencing_is_written_back_as_GDAL_reads_it()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        byte[] labels = Labels(40, 30, seed: 1);
        var rotated = new GeoReferencing(new GeoTransform(500000, 86.60254037844386, 50, 5000000, 50, -86.60254037844386), GeoKeyDirectory.ForProjected(32633));
        var point = new GeoReferencing(new GeoTransform(440690, 60, 0, 3751350, 0, -60),
            new GeoKeyDirectory(new ushort[] { 1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 2, 3072, 0, 1, 26711 }));
        foreach ((string name, GeoReferencing geo, string areaOrPoint) in new[] { ("rotated", rotated, "Area"), ("point", point, "Point") })
        {
            string path = directory.File(name + ".tif");
            LczMapWriter.WriteClasses(path, labels, 40, 30, geo);
            JsonElement info = GdalInfo(path);
            Assert.Equal(geo.Transform.ToGdal(), info.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()).ToArray());
            Assert.Equal(geo.EpsgCode, info.GetProperty("stac").GetProperty("proj:epsg").GetInt32());
            Assert.Equal(areaOrPoint, info.GetProperty("metadata").GetProperty("").GetProperty("AREA_OR_POINT").GetString());
            using GeoTiffRaster back = GeoTiffRaster.Open(path);
            Assert.Equal(geo, back.GeoReferencing);
        }
    }

    [SkippableFact]
    public void A_user_defined_CRS_is_carried_through_unchanged()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        string scene = directory.File("scene.tif");
        GdalPython.Run("""
ds = gdal.GetDriverByName('GTiff').Create(sys.argv[1], 30, 20, 1, gdal.GDT_UInt16)
ds.SetGeoTransform((-5000.0, 10.0, 0.0, 8000.0, 0.0, -10.0))
s = osr.SpatialReference()
s.ImportFromProj4('+proj=laea +lat_0=47.3 +lon_0=8.1 +x_0=1000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs')
ds.SetProjection(s.ExportToWkt())
ds = None
""", scene);
        using GeoTiffRaster source = GeoTiffRaster.Open(scene);
        Assert.Null(source.EpsgCode);
        GeoReferencing map = source.GeoReferencing.Scale(10);
        string path = directory.File("map.tif");
        LczMapWriter.WriteClasses(path, Labels(3, 2, seed: 2), 3, 2, map);

        string before = GdalTools.Run("gdalsrsinfo", "-o", "wkt", scene);
        string after = GdalTools.Run("gdalsrsinfo", "-o", "wkt", path);
        Assert.Contains("Lambert Azimuthal Equal Area", before);
        Assert.Contains("BOUNDCRS", before); // the +towgs84 transformation is kept too
        Assert.Equal(before, after);
        using GeoTiffRaster back = GeoTiffRaster.Open(path);
        Assert.Equal(source.GeoReferencing.Keys, back.GeoReferencing.Keys);
        Assert.Equal(new GeoTransform(-5000, 100, 0, 8000, 0, -100), back.GeoReferencing.Transform);
    }

    [SkippableFact]
    public void Shards_of_map_rows_are_plain_tiled_files_that_GDAL_mosaics_into_the_map()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        const int width = 700, height = 530;
        byte[] labels = Labels(width, height, seed: 4);
        int[] starts = { 0, 200, 400, height };
        var shards = new string[3];
        for (int i = 0; i < 3; i++)
        {
            shards[i] = directory.File($"shard-{i}.tif");
            int rows = starts[i + 1] - starts[i];
            LczMapWriter.WriteClasses(shards[i], labels.AsSpan(starts[i] * width, rows * width), width, rows, Utm.Translate(0, starts[i]),
                new MapWriteOptions { CloudOptimized = false });
            JsonElement band = GdalInfo(shards[i]).GetProperty("bands")[0];
            Assert.False(band.TryGetProperty("overviews", out _));
            Assert.Equal(new[] { 256, 256 }, Ints(band.GetProperty("block")));
            using GeoTiffRaster shard = GeoTiffRaster.Open(shards[i]);
            Assert.Equal(Utm.Transform.Translate(0, starts[i]), shard.GeoReferencing.Transform);
            var values = new float[rows * width];
            shard.ReadRows(0, rows, values);
            Assert.True(values.Select(v => (byte)v).SequenceEqual(labels.Skip(starts[i] * width).Take(rows * width)));
        }
        string mosaic = directory.File("mosaic.vrt");
        GdalTools.Run("gdalbuildvrt", new[] { "-q", mosaic }.Concat(shards).ToArray());
        JsonElement check = Check(mosaic, "none", labels);
        Assert.Equal(0, check.GetProperty("full_mismatches").GetInt32());
        Assert.Equal(Utm.Transform.ToGdal(), GdalInfo(mosaic).GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()).ToArray());
    }

    [SkippableFact]
    public void A_forced_BigTIFF_with_512_pixel_tiles_is_still_a_valid_COG()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        const int width = 1100, height = 600;
        byte[] labels = Labels(width, height, seed: 6);
        string path = directory.File("big.tif");
        LczMapWriter.WriteClasses(path, labels, width, height, Utm, new MapWriteOptions { BigTiff = BigTiffMode.Always, TileSize = 512 });
        using (GeoTiffRaster raster = GeoTiffRaster.Open(path))
        {
            Assert.True(raster.Layout.IsBigTiff);
            Assert.Equal(512, raster.Layout.BlockWidth);
        }
        JsonElement band = GdalInfo(path).GetProperty("bands")[0];
        Assert.Equal(new[] { 512, 512 }, Ints(band.GetProperty("block")));
        Assert.Equal(new[] { new[] { 550, 300 }, new[] { 275, 150 } }, band.GetProperty("overviews").EnumerateArray().Select(o => Ints(o.GetProperty("size"))).ToArray());
        JsonElement check = Check(path, "mode", labels);
        Assert.Equal(0, check.GetProperty("full_mismatches").GetInt32());
        Assert.Equal(new[] { 0, 0 }, check.GetProperty("overview_mismatches").EnumerateArray().Select(e => e.GetInt32()));
        AssertValidCog(check);
        Assert.Equal(16, check.GetProperty("main_ifd_offset").GetInt32());
    }

    [Fact]
    public void Writes_are_atomic_refuse_to_overwrite_unless_told_and_leave_nothing_when_cancelled()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("map.tif");
        byte[] first = Labels(64, 48, seed: 1), second = Labels(64, 48, seed: 2);
        LczMapWriter.WriteClasses(path, first, 64, 48, Utm);
        byte[] written = File.ReadAllBytes(path);
        var exists = Assert.Throws<IOException>(() => LczMapWriter.WriteClasses(path, second, 64, 48, Utm));
        Assert.Contains("exists; set Overwrite", exists.Message);
        Assert.Equal(written, File.ReadAllBytes(path));

        LczMapWriter.WriteClasses(path, second, 64, 48, Utm, new MapWriteOptions { Overwrite = true });
        Assert.NotEqual(written, File.ReadAllBytes(path));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        string other = directory.File("cancelled.tif");
        Assert.ThrowsAny<OperationCanceledException>(() => LczMapWriter.WriteProbabilities(other, Probabilities(17, 64, 48, 1), 17, 64, 48, Utm, cancellationToken: cancelled.Token));
        Assert.False(File.Exists(other));
        Assert.Equal(new[] { "map.tif" }, Directory.GetFiles(directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Values_outside_the_map_types_are_refused()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("bad.tif");
        var label = Assert.Throws<ArgumentException>(() => LczMapWriter.WriteClasses(path, new byte[] { 1, 18, 0, 2 }, 2, 2, Utm));
        Assert.Contains("Label 18 at cell 1 (row 0, column 1)", label.Message);
        var probability = Assert.Throws<ArgumentException>(() => LczMapWriter.WriteProbabilities(path, new[] { 0.5f, 1.5f }, 1, 2, 1, Utm));
        Assert.Contains("Probability 1.5 of band 0 at cell 1", probability.Message);
        Assert.Throws<ArgumentException>(() => LczMapWriter.WriteClasses(path, new byte[5], 2, 2, Utm));
        Assert.Throws<ArgumentOutOfRangeException>(() => LczMapWriter.WriteProbabilities(path, new float[12], 3, 2, 2, Utm));
        Assert.Throws<ArgumentOutOfRangeException>(() => LczMapWriter.WriteClasses(path, new byte[4], 2, 2, Utm, new MapWriteOptions { TileSize = 100 }));
        Assert.False(File.Exists(path));
    }

    /// <summary>Labels in blocks of 7 x 5 cells with a random class, sprinkled with other classes, nodata in a corner and in scattered cells.</summary>
    private static byte[] Labels(int width, int height, int seed)
    {
        var random = new Random(seed);
        var labels = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int block = (y / 5) * 1000 + x / 7;
                byte code = (byte)(1 + new Random(seed * 7919 + block).Next(17));
                if (random.NextDouble() < 0.3) code = (byte)random.Next(0, 18);
                if (x < width / 5 && y < height / 4) code = 0;
                labels[y * width + x] = code;
            }
        }
        return labels;
    }

    /// <summary>Per-cell class probabilities summing to 1 (one band: the largest), NaN in a corner.</summary>
    private static float[] Probabilities(int bands, int width, int height, int seed)
    {
        var random = new Random(seed);
        int cells = width * height;
        var values = new float[bands * cells];
        var p = new double[17];
        for (int cell = 0; cell < cells; cell++)
        {
            double sum = 0;
            for (int c = 0; c < 17; c++) sum += p[c] = Math.Pow(random.NextDouble(), 4);
            bool nodata = cell % width < width / 6 && cell / width < height / 5;
            if (bands == 1) values[cell] = nodata ? float.NaN : (float)(p.Max() / sum);
            else for (int c = 0; c < 17; c++) values[c * cells + cell] = nodata ? float.NaN : (float)(p[c] / sum);
        }
        return values;
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static JsonElement GdalInfo(string path) => JsonDocument.Parse(GdalTools.Run("gdalinfo", "-json", path)).RootElement;

    private static void AssertValidCog(JsonElement check)
    {
        Assert.Empty(check.GetProperty("errors").EnumerateArray());
        Assert.Empty(check.GetProperty("warnings").EnumerateArray());
    }

    /// <summary>
    /// GDAL reads the file; NumPy computes the expected full resolution from the values written and each
    /// overview from GDAL's full resolution (mode: most frequent label 1-17, ties to the smallest, 0 only for
    /// all-nodata blocks; percent: integer mean of the non-255 values rounded half up; float: nanmean in
    /// float64); GDAL's COG validator checks the structure.
    /// </summary>
    private static JsonElement Check<T>(string path, string kind, T[] written) where T : unmanaged
    {
        string raw = path + ".written";
        File.WriteAllBytes(raw, MemoryMarshal.AsBytes(written.AsSpan()).ToArray());
        string output = GdalPython.Run(CheckScript, path, kind, raw);
        File.Delete(raw);
        return JsonDocument.Parse(output).RootElement;
    }

    private const string CheckScript = """
path, kind, raw = sys.argv[1], sys.argv[2], sys.argv[3]
ds = gdal.Open(path)
full = ds.ReadAsArray()
if full.ndim == 2: full = full[None]
bands, h, w = full.shape
if kind in ('mode', 'none'):
    expected = np.fromfile(raw, dtype=np.uint8).reshape(1, h, w)
elif kind == 'percent':
    p = np.fromfile(raw, dtype=np.float32).reshape(bands, h, w).astype(np.float64) * 100.0
    f = np.floor(p)
    expected = np.where(np.isnan(p), 255, f + ((p - f) >= 0.5)).astype(np.uint8)
else:
    expected = np.fromfile(raw, dtype=np.float32).reshape(bands, h, w)
if kind == 'float':
    same = (full.view(np.uint32) == expected.view(np.uint32))
else:
    same = (full == expected)
result = {'full_mismatches': int((~same).sum()), 'overview_mismatches': [], 'overview_max_ulps': []}

def blocks(a, f, fill):
    # a: (bands, h, w) -> (bands, H, W, f*f), padded with fill
    b, hh, ww = a.shape
    H, W = -(-hh // f), -(-ww // f)
    p = np.full((b, H * f, W * f), fill, dtype=a.dtype)
    p[:, :hh, :ww] = a
    return p.reshape(b, H, f, W, f).transpose(0, 1, 3, 2, 4).reshape(b, H, W, f * f)

band1 = ds.GetRasterBand(1)
for i in range(band1.GetOverviewCount()):
    ov = np.stack([ds.GetRasterBand(b + 1).GetOverview(i).ReadAsArray() for b in range(bands)])
    f = 2 ** (i + 1)
    if kind == 'mode':
        cells = blocks(full, f, 0)[0]
        counts = np.stack([(cells == c).sum(axis=-1) for c in range(18)])
        counts[0] = 0
        mode = counts.argmax(axis=0).astype(np.uint8)
        mode[counts.max(axis=0) == 0] = 0
        ref = mode[None]
        result['overview_mismatches'].append(int((ov != ref).sum()))
    elif kind == 'percent':
        cells = blocks(full, f, 255).astype(np.int64)
        valid = cells != 255
        s = np.where(valid, cells, 0).sum(axis=-1)
        n = valid.sum(axis=-1)
        ref = np.where(n == 0, 255, (2 * s + n) // np.maximum(2 * n, 1)).astype(np.uint8)
        result['overview_mismatches'].append(int((ov != ref).sum()))
    elif kind == 'float':
        cells = blocks(full.astype(np.float64), f, np.nan)
        with np.errstate(invalid='ignore'):
            ref = np.nanmean(cells, axis=-1).astype(np.float32) if True else None
        both_nan = np.isnan(ref) & np.isnan(ov)
        ulps = np.where(both_nan, 0, np.abs(ov.astype(np.float64) - ref) / np.spacing(np.abs(ref).astype(np.float32)).astype(np.float64))
        result['overview_max_ulps'].append(float(np.nan_to_num(ulps, nan=1e9).max()))
if path.endswith('.tif'):
    from osgeo_utils.samples import validate_cloud_optimized_geotiff as cog
    warnings, errors, details = cog.validate(path, full_check=True)
    result['errors'] = errors
    result['warnings'] = warnings
    result['main_ifd_offset'] = details['ifd_offsets']['main']
print(json.dumps(result))
""";
}
