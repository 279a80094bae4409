using System;
using System.Collections.Generic;
using System.Linq;
using Msmla.Data.Scenes;
using Msmla.Data.Scenes.TiffFormat;
using Msmla.Data.Tests.Support;

namespace Msmla.Data.Tests.Scenes.TiffFormat;

/// <summary>Both inflaters (the system's libdeflate and System.IO.Compression) read GDAL's Deflate files as GDAL does.</summary>
public sealed class LibDeflateTests : IClassFixture<GdalLayoutFixture>
{
    private readonly GdalLayoutFixture _fixture;

    public LibDeflateTests(GdalLayoutFixture fixture)
    {
        _fixture = fixture;
    }

    public static IEnumerable<object[]> DeflateCases =>
        GdalLayoutCase.All.Where(c => c.Compress.StartsWith("DEFLATE", StringComparison.Ordinal) && (c.Tiled || c.BigEndian || c.Type == "Float32")).Select(c => new object[] { c.Name });

    [SkippableTheory]
    [MemberData(nameof(DeflateCases))]
    public void Both_inflaters_read_what_GDAL_reads(string name)
    {
        GdalLayoutCase layout = GdalLayoutCase.All.Single(c => c.Name == name);
        string path = _fixture.Require(layout);
        float[] expected = _fixture.Reference(layout);
        foreach (bool disabled in new[] { true, false })
        {
            if (!disabled && !LibDeflate.IsAvailable) continue;
            LibDeflate.Disabled = disabled;
            try
            {
                using GeoTiffRaster raster = GeoTiffRaster.Open(path);
                var all = new float[expected.Length];
                raster.ReadRows(0, raster.Height, all);
                Assert.True(all.AsSpan().SequenceEqual(expected) || Bits(all).SequenceEqual(Bits(expected)),
                    $"{name} read with {(disabled ? "System.IO.Compression" : "libdeflate")} differs from GDAL.");
            }
            finally
            {
                LibDeflate.Disabled = false;
            }
        }
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
