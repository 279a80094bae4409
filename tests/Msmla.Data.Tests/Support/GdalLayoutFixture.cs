using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Support;

/// <summary>
/// GeoTIFFs written by GDAL in every <see cref="GdalLayoutCase"/>, each with GDAL's own reading of it
/// (<c>ReadAsArray</c> as float32, [band][row][column]) and GDAL's geotransform, EPSG code, nodata and
/// band descriptions. Written once, on first use.
/// </summary>
public sealed class GdalLayoutFixture : IDisposable
{
    /// <summary>The geotransform every fixture file gets (a Sentinel-2 tile's origin, 10 m pixels).</summary>
    public static readonly double[] Transform = { 399960.0, 10.0, 0.0, 5500020.0, 0.0, -10.0 };

    private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();
    private readonly object _lock = new();
    private bool _written;

    public string Directory => _directory.Path;

    /// <summary>Writes the files (once) and returns the path of one case's GeoTIFF; skips when GDAL's Python bindings are absent.</summary>
    public string Require(GdalLayoutCase layout)
    {
        GdalPython.Require();
        lock (_lock)
        {
            if (!_written)
            {
                string spec = _directory.File("cases.json");
                File.WriteAllText(spec, JsonSerializer.Serialize(GdalLayoutCase.All.Select(c => new
                {
                    name = c.Name, type = c.Type, tiled = c.Tiled, separate = c.BandSeparate, compress = c.Compress, predictor = c.Predictor,
                    bigtiff = c.BigTiff, bigendian = c.BigEndian, width = c.Width, height = c.Height, bands = c.Bands, striprows = c.StripRows, sparse = c.Sparse,
                })));
                GdalPython.Run(Script, spec, _directory.Path, string.Join(",", Transform.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
                _written = true;
            }
        }
        return _directory.File(layout.Name + ".tif");
    }

    /// <summary>GDAL's values of a case, float32 [band][row][column].</summary>
    public float[] Reference(GdalLayoutCase layout) => RawArrays.Floats(_directory.File(layout.Name + ".f32"));

    /// <summary>GDAL's metadata of a case: gt, epsg, nodata (string or null), desc.</summary>
    public JsonElement Metadata(GdalLayoutCase layout) => JsonDocument.Parse(File.ReadAllText(_directory.File(layout.Name + ".json"))).RootElement;

    public void Dispose() => _directory.Dispose();

    private const string Script = """
cases = json.load(open(sys.argv[1]))
out = sys.argv[2]
gt = [float(v) for v in sys.argv[3].split(',')]
types = {'Byte': (gdal.GDT_Byte, np.uint8), 'UInt16': (gdal.GDT_UInt16, np.uint16), 'Int16': (gdal.GDT_Int16, np.int16), 'Float32': (gdal.GDT_Float32, np.float32)}
nodata = {'Byte': 255, 'UInt16': 65535, 'Int16': -32768, 'Float32': -9999.5}
srs = osr.SpatialReference(); srs.ImportFromEPSG(32633)

def values(kind, bands, h, w, rng):
    dtype = types[kind][1]
    if kind == 'Float32':
        a = rng.normal(0.0, 1000.0, size=(bands, h, w)).astype(np.float32)
        a[:, 0, :6] = [np.nan, np.inf, -np.inf, -0.0, 1e-40, 3.4e38]
    else:
        info = np.iinfo(dtype)
        a = rng.integers(int(info.min), int(info.max) + 1, size=(bands, h, w), dtype=np.int64).astype(dtype)
    # Runs and repeats, so LZW builds long strings and the predictors see smooth rows.
    a[:, 2:min(h, 20), 3:min(w, 40)] = a[:, 1:2, 1:2]
    if h > 31: a[:, 30, :] = a[:, 29, :]
    if w > 50: a[:, :, 50:] = (np.arange(w - 50) % 4).astype(dtype)
    return a

for i, c in enumerate(cases):
    rng = np.random.default_rng(1000 + i)
    path = os.path.join(out, c['name'] + '.tif')
    opts = ['INTERLEAVE=' + ('BAND' if c['separate'] else 'PIXEL')]
    if c['tiled']: opts += ['TILED=YES', 'BLOCKXSIZE=16', 'BLOCKYSIZE=16']
    else: opts += ['BLOCKYSIZE=%d' % c['striprows']]
    compress = 'DEFLATE' if c['compress'] == 'DEFLATE32946' else c['compress']
    opts += ['COMPRESS=' + compress]
    if compress != 'NONE': opts += ['PREDICTOR=%d' % c['predictor']]
    opts += ['BIGTIFF=YES' if c['bigtiff'] else 'BIGTIFF=NO']
    if c['bigendian']: opts += ['ENDIANNESS=BIG']
    if c['sparse']: opts += ['SPARSE_OK=TRUE']
    gtype, dtype = types[c['type']]
    ds = gdal.GetDriverByName('GTiff').Create(path, c['width'], c['height'], c['bands'], gtype, opts)
    ds.SetGeoTransform(gt)
    ds.SetProjection(srs.ExportToWkt())
    a = values(c['type'], c['bands'], c['height'], c['width'], rng)
    for b in range(c['bands']):
        band = ds.GetRasterBand(b + 1)
        band.SetDescription(['B2', 'B3', 'B4', 'B8'][b % 4] if b < 4 else 'X%d' % b)
        band.SetNoDataValue(nodata[c['type']])
        if c['sparse']:
            band.WriteArray(a[b, 16:32, 0:16], 0, 16)   # one tile written; the others stay sparse
        else:
            band.WriteArray(a[b])
    ds = None
    if c['compress'] == 'DEFLATE32946':
        # Rewrite the Compression tag (classic little-endian TIFF) to the old Deflate code.
        with open(path, 'r+b') as f:
            f.seek(4); ifd = struct.unpack('<I', f.read(4))[0]
            f.seek(ifd); n = struct.unpack('<H', f.read(2))[0]
            for k in range(n):
                f.seek(ifd + 2 + 12 * k); tag, typ, cnt = struct.unpack('<HHI', f.read(8))
                if tag == 259:
                    f.write(struct.pack('<H', 32946))
    ds = gdal.Open(path)
    ds.ReadAsArray().astype(np.float32).reshape(c['bands'], c['height'], c['width']).tofile(os.path.join(out, c['name'] + '.f32'))
    band = ds.GetRasterBand(1)
    nd = band.GetNoDataValue()
    meta = {
        'gt': list(ds.GetGeoTransform()),
        'epsg': int(osr.SpatialReference(wkt=ds.GetProjection()).GetAuthorityCode(None)),
        'nodata': None if nd is None else repr(nd),
        'desc': [ds.GetRasterBand(b + 1).GetDescription() for b in range(ds.RasterCount)],
    }
    json.dump(meta, open(os.path.join(out, c['name'] + '.json'), 'w'))
""";
}
