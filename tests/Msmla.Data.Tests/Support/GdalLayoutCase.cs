using System.Collections.Generic;
using System.Globalization;

namespace Msmla.Data.Tests.Support;

/// <summary>One GeoTIFF layout that GDAL writes for the reader tests.</summary>
/// <param name="Type">GDAL data type name: Byte, UInt16, Int16 or Float32.</param>
/// <param name="Tiled">Tiles of 16 x 16 (true) or strips of <paramref name="StripRows"/> rows.</param>
/// <param name="BandSeparate">INTERLEAVE=BAND (PlanarConfig 2) or PIXEL.</param>
/// <param name="Compress">NONE, LZW, DEFLATE, or DEFLATE32946 (Deflate with the file's Compression tag patched to the old code).</param>
/// <param name="Predictor">GDAL's PREDICTOR (1, 2 or 3).</param>
public sealed record GdalLayoutCase(
    string Type,
    bool Tiled,
    bool BandSeparate,
    string Compress,
    int Predictor,
    bool BigTiff = false,
    bool BigEndian = false,
    int Width = 67,
    int Height = 45,
    int Bands = 3,
    int StripRows = 7,
    bool Sparse = false)
{
    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"{Type}-{(Tiled ? "tiled" : $"strips{StripRows}")}-{(BandSeparate ? "band" : "pixel")}-{Compress}-p{Predictor}{(BigTiff ? "-bigtiff" : "")}{(BigEndian ? "-be" : "")}{(Sparse ? "-sparse" : "")}-{Width}x{Height}x{Bands}");

    /// <summary>Every layout the reader supports: tiled/striped x pixel/band x four types x compressions and predictors, plus BigTIFF, big-endian, old Deflate, one large strip and sparse tiles.</summary>
    public static IReadOnlyList<GdalLayoutCase> All { get; } = Build();

    private static List<GdalLayoutCase> Build()
    {
        var cases = new List<GdalLayoutCase>();
        foreach (bool tiled in new[] { true, false })
        {
            foreach (bool separate in new[] { false, true })
            {
                foreach (string type in new[] { "Byte", "UInt16", "Int16", "Float32" })
                {
                    var codecs = new List<(string, int)> { ("NONE", 1), ("LZW", 1), ("DEFLATE", 1), ("LZW", 2), ("DEFLATE", 2) };
                    if (type == "Float32") codecs.AddRange(new[] { ("LZW", 3), ("DEFLATE", 3) });
                    foreach ((string compress, int predictor) in codecs) cases.Add(new GdalLayoutCase(type, tiled, separate, compress, predictor));
                }
            }
        }
        cases.Add(new GdalLayoutCase("UInt16", true, false, "DEFLATE", 2, BigTiff: true));
        cases.Add(new GdalLayoutCase("Float32", false, true, "LZW", 3, BigTiff: true));
        cases.Add(new GdalLayoutCase("Byte", true, true, "NONE", 1, BigTiff: true));
        cases.Add(new GdalLayoutCase("UInt16", true, false, "LZW", 2, BigEndian: true));
        cases.Add(new GdalLayoutCase("Float32", false, true, "DEFLATE", 3, BigEndian: true));
        cases.Add(new GdalLayoutCase("Int16", true, false, "NONE", 1, BigEndian: true));
        cases.Add(new GdalLayoutCase("Float32", false, false, "NONE", 1, BigEndian: true));
        cases.Add(new GdalLayoutCase("Float32", true, true, "LZW", 2, BigEndian: true));
        cases.Add(new GdalLayoutCase("UInt16", true, false, "DEFLATE32946", 2));
        cases.Add(new GdalLayoutCase("Int16", false, true, "DEFLATE32946", 1));
        // One uncompressed strip of 7.2 MB: read in pieces.
        cases.Add(new GdalLayoutCase("UInt16", false, false, "NONE", 1, Width: 1200, Height: 1000, StripRows: 1000));
        // A striped file whose last strip is short and a large LZW strip.
        cases.Add(new GdalLayoutCase("UInt16", false, false, "LZW", 2, Width: 700, Height: 301, Bands: 2, StripRows: 100));
        cases.Add(new GdalLayoutCase("UInt16", true, false, "DEFLATE", 1, Width: 64, Height: 48, Bands: 2, Sparse: true));
        cases.Add(new GdalLayoutCase("Float32", true, true, "LZW", 1, Width: 64, Height: 48, Bands: 2, Sparse: true));
        return cases;
    }
}
