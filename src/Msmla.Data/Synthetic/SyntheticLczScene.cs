using System;
using System.Threading;
using Msmla.Core.IO;
using Msmla.Core.Data;
using Msmla.Data.Scenes;
using Msmla.Data.Scenes.TiffFormat;

namespace Msmla.Data.Synthetic
{
    /// <summary>
    /// A synthetic 10-band Sentinel-2-like scene as a GeoTIFF of uint16 digital numbers (reflectance x 10,000, nodata 0,
    /// bands described B2 ... B12), UTM-georeferenced, made of rectangular regions of several LCZ classes. Each region is
    /// tiled with patches drawn like <see cref="SyntheticLczSample"/>'s patches of its class, so a model trained on the
    /// synthetic sample maps the regions. The scene is generated in memory (2 bytes x 10 bands per pixel).
    /// </summary>
    public static class SyntheticLczScene
    {
        private const long SceneTag = 0x5343454E45L; // "SCENE"

        /// <summary>The 0-based class of the region that holds pixel (<paramref name="row"/>, <paramref name="column"/>).</summary>
        public static int ClassAt(SyntheticSceneOptions options, int row, int column)
        {
            int regionRow = (int)((long)row * options.RegionRows / options.Height), regionColumn = (int)((long)column * options.RegionColumns / options.Width);
            return options.RegionClasses[(regionRow * options.RegionColumns + regionColumn) % options.RegionClasses.Count];
        }

        /// <summary>Whether pixel (<paramref name="row"/>, <paramref name="column"/>) lies in the nodata corner.</summary>
        public static bool IsNoData(SyntheticSceneOptions options, int row, int column) =>
            options.NoDataCorner && (long)(options.Width - 1 - column) * options.Height + (long)(options.Height - 1 - row) * options.Width
                < (long)options.Width * options.Height / 4;

        /// <summary>Writes the scene to <paramref name="path"/> (atomically; an existing file is refused unless <paramref name="overwrite"/>).</summary>
        /// <exception cref="ArgumentException">An option is out of range.</exception>
        /// <exception cref="System.IO.IOException">The file exists or cannot be written.</exception>
        public static void Write(string path, SyntheticSceneOptions? options = null, bool overwrite = false, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            options = (options ?? new SyntheticSceneOptions()).Validate();
            int width = options.Width, height = options.Height, tile = options.TileSize;
            var patch = new SyntheticLczOptions { Seed = options.Seed, PatchSize = tile };
            int bands = patch.Bands;
            var data = new byte[(long)width * height * bands * 2];
            var values = new float[bands * tile * tile];
            for (int ty = 0; ty * tile < height; ty++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (int tx = 0; tx * tile < width; tx++)
                {
                    int label = ClassAt(options, Math.Min(height - 1, ty * tile + tile / 2), Math.Min(width - 1, tx * tile + tile / 2));
                    SyntheticLczSample.Draw(patch, label, SeededRandom.For(options.Seed, SceneTag, (long)ty * 1_000_003 + tx), values, Span<float>.Empty);
                    for (int y = 0; y < tile && ty * tile + y < height; y++)
                    {
                        int row = ty * tile + y;
                        for (int x = 0; x < tile && tx * tile + x < width; x++)
                        {
                            int column = tx * tile + x;
                            long at = ((long)row * width + column) * bands * 2;
                            bool missing = IsNoData(options, row, column);
                            for (int b = 0; b < bands; b++)
                            {
                                ushort dn = missing ? (ushort)0 : (ushort)Math.Clamp(Math.Round(values[(b * tile + y) * tile + x] * 10000.0), 1, ushort.MaxValue);
                                data[at + b * 2] = (byte)dn;
                                data[at + b * 2 + 1] = (byte)(dn >> 8);
                            }
                        }
                    }
                }
            }
            var georeferencing = GeoReferencing.ForProjected(new GeoTransform(options.OriginX, options.PixelSize, 0, options.OriginY, 0, -options.PixelSize), options.Epsg);
            var spec = new TiffWriteSpec
            {
                TileSize = 256,
                Photometric = 1,
                NoData = GdalMetadata.FormatNoData(0),
                GdalMetadata = GdalMetadata.WriteDescriptions(SyntheticLczSample.BandNames(patch)),
                Fill = new byte[2],
                GeoReferencing = georeferencing,
                CompressionLevel = System.IO.Compression.CompressionLevel.Fastest,
                ForceBigTiff = false,
            };
            AtomicFile.Write(path, overwrite, stream => TiffFileWriter.Write(stream, new[] { new RasterLevel(width, height, bands, RasterSampleType.UInt16, data) }, spec, cancellationToken),
                cancellationToken);
        }
    }
}
