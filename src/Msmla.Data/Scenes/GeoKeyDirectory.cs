using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Msmla.Data.Scenes
{
    /// <summary>
    /// A GeoTIFF key directory kept whole: the GeoKeyDirectory tag's values (header and keys), the
    /// GeoDoubleParams and the GeoAsciiParams, exactly as read, so that a map written from a scene carries
    /// the scene's coordinate reference system unchanged (EPSG-coded or user-defined). Equality compares
    /// the three parts value by value.
    /// </summary>
    public sealed class GeoKeyDirectory : IEquatable<GeoKeyDirectory>
    {
        /// <summary>The TIFF tag of the directory (34735), also the location of keys stored in it.</summary>
        public const ushort DirectoryTag = 34735;

        /// <summary>The TIFF tag of the double parameters (34736), also the location of keys stored there.</summary>
        public const ushort DoubleParamsTag = 34736;

        /// <summary>The TIFF tag of the ASCII parameters (34737), also the location of keys stored there.</summary>
        public const ushort AsciiParamsTag = 34737;

        private readonly ushort[] _directory;
        private readonly double[] _doubles;
        private readonly GeoKey[] _keys;

        /// <summary>Creates a directory from the three tags' values, checking that every key's value lies inside its tag.</summary>
        /// <param name="directory">The GeoKeyDirectory values: version 1, revision, minor revision, key count, then four values per key.</param>
        /// <param name="doubleParams">The GeoDoubleParams values, or null when the tag is absent.</param>
        /// <param name="asciiParams">The GeoAsciiParams text without its final NUL, or null when the tag is absent.</param>
        /// <exception cref="ArgumentException">The directory is malformed (the message says how).</exception>
        public GeoKeyDirectory(IReadOnlyList<ushort> directory, IReadOnlyList<double>? doubleParams = null, string? asciiParams = null)
        {
            if (directory == null) throw new ArgumentNullException(nameof(directory));
            _directory = directory.ToArray();
            _doubles = doubleParams?.ToArray() ?? Array.Empty<double>();
            AsciiParams = asciiParams ?? "";
            _keys = Parse(_directory, _doubles.Length, AsciiParams.Length);
        }

        /// <summary>The GeoKeyDirectory tag's values as stored (header of four values, then four per key).</summary>
        public IReadOnlyList<ushort> Directory => _directory;

        /// <summary>The GeoDoubleParams tag's values (empty when the tag is absent).</summary>
        public IReadOnlyList<double> DoubleParams => _doubles;

        /// <summary>The GeoAsciiParams tag's text without its final NUL (empty when the tag is absent); values end with '|'.</summary>
        public string AsciiParams { get; }

        /// <summary>The keys in stored order.</summary>
        public IReadOnlyList<GeoKey> Keys => _keys;

        /// <summary>The key whose value is a single SHORT stored in the directory entry, or null when absent or stored elsewhere.</summary>
        public ushort? GetShort(ushort keyId)
        {
            foreach (GeoKey key in _keys)
            {
                if (key.Id != keyId) continue;
                if (key.Location == 0 && key.Count == 1) return key.ValueOffset;
                if (key.Location == DirectoryTag && key.Count >= 1) return _directory[key.ValueOffset];
                return null;
            }
            return null;
        }

        /// <summary>The values of a key stored in GeoDoubleParams, or null when absent or stored elsewhere.</summary>
        public IReadOnlyList<double>? GetDoubles(ushort keyId)
        {
            foreach (GeoKey key in _keys)
                if (key.Id == keyId && key.Location == DoubleParamsTag)
                    return new ArraySegment<double>(_doubles, key.ValueOffset, key.Count);
            return null;
        }

        /// <summary>The text of a key stored in GeoAsciiParams without its '|' terminator, or null when absent or stored elsewhere.</summary>
        public string? GetAscii(ushort keyId)
        {
            foreach (GeoKey key in _keys)
            {
                if (key.Id != keyId || key.Location != AsciiParamsTag) continue;
                string text = AsciiParams.Substring(key.ValueOffset, key.Count);
                return text.EndsWith('|') ? text.Substring(0, text.Length - 1) : text;
            }
            return null;
        }

        /// <summary>GTModelTypeGeoKey (1 projected, 2 geographic, 3 geocentric), or null when absent.</summary>
        public ushort? ModelType => GetShort(GeoKeyIds.ModelType);

        /// <summary>How tie points refer to pixels (GTRasterTypeGeoKey); PixelIsArea when the key is absent.</summary>
        public GeoRasterType RasterType => GetShort(GeoKeyIds.RasterType) == (ushort)GeoRasterType.PixelIsPoint
            ? GeoRasterType.PixelIsPoint
            : GeoRasterType.PixelIsArea;

        /// <summary>
        /// The EPSG code of the coordinate reference system: ProjectedCSType when it holds a code, else
        /// GeographicType when it does (and the model is not projected); null for a user-defined or absent CRS.
        /// </summary>
        public int? EpsgCode
        {
            get
            {
                ushort? projected = GetShort(GeoKeyIds.ProjectedType);
                if (IsCode(projected)) return projected;
                if (ModelType == 1) return null;
                ushort? geographic = GetShort(GeoKeyIds.GeographicType);
                return IsCode(geographic) ? geographic : null;
            }
        }

        /// <summary>Whether the directory names a coordinate reference system at all (an EPSG code or user-defined keys).</summary>
        public bool HasCrs => _keys.Any(k => k.Id == GeoKeyIds.ModelType || k.Id >= GeoKeyIds.GeographicType);

        /// <summary>A directory for a projected CRS given by its EPSG code (PixelIsArea), such as 32633 for UTM 33N.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The code is not 1 to 32766.</exception>
        public static GeoKeyDirectory ForProjected(int epsgCode) => ForCode(epsgCode, modelType: 1, GeoKeyIds.ProjectedType);

        /// <summary>A directory for a geographic CRS given by its EPSG code (PixelIsArea), such as 4326 for WGS 84.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The code is not 1 to 32766.</exception>
        public static GeoKeyDirectory ForGeographic(int epsgCode) => ForCode(epsgCode, modelType: 2, GeoKeyIds.GeographicType);

        /// <summary>
        /// Whether two directories name the same coordinate reference system: the same EPSG code when both
        /// have one, otherwise the same keys and values, leaving out the raster type (a property of the
        /// geotransform) and the citations (free text).
        /// </summary>
        public bool SameCrs(GeoKeyDirectory other)
        {
            if (other == null) throw new ArgumentNullException(nameof(other));
            int? mine = EpsgCode, theirs = other.EpsgCode;
            if (mine != null || theirs != null) return mine == theirs;
            string[] a = CrsKeyValues().ToArray(), b = other.CrsKeyValues().ToArray();
            return a.SequenceEqual(b, StringComparer.Ordinal);
        }

        /// <summary>A short description of the CRS: "EPSG:32633", "user-defined CRS (...)" or "no CRS".</summary>
        public string DescribeCrs()
        {
            int? code = EpsgCode;
            if (code != null) return "EPSG:" + code.Value.ToString(CultureInfo.InvariantCulture);
            if (!HasCrs) return "no CRS";
            string? citation = GetAscii(GeoKeyIds.ProjectedCitation) ?? GetAscii(GeoKeyIds.Citation) ?? GetAscii(GeoKeyIds.GeographicCitation);
            return citation != null ? $"user-defined CRS '{citation}'" : "user-defined CRS";
        }

        /// <inheritdoc/>
        public bool Equals(GeoKeyDirectory? other) =>
            other != null
            && _directory.AsSpan().SequenceEqual(other._directory)
            && _doubles.Length == other._doubles.Length
            && _doubles.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(other._doubles.Select(BitConverter.DoubleToInt64Bits))
            && string.Equals(AsciiParams, other.AsciiParams, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as GeoKeyDirectory);

        /// <inheritdoc/>
        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (ushort value in _directory) hash.Add(value);
            foreach (double value in _doubles) hash.Add(value);
            hash.Add(AsciiParams, StringComparer.Ordinal);
            return hash.ToHashCode();
        }

        /// <inheritdoc/>
        public override string ToString() => $"{DescribeCrs()}, {_keys.Length} GeoKeys";

        private IEnumerable<string> CrsKeyValues()
        {
            foreach (GeoKey key in _keys.OrderBy(k => k.Id))
            {
                if (key.Id is GeoKeyIds.RasterType or GeoKeyIds.Citation or GeoKeyIds.GeographicCitation or GeoKeyIds.ProjectedCitation)
                    continue;
                string value = key.Location switch
                {
                    0 => key.ValueOffset.ToString(CultureInfo.InvariantCulture),
                    DoubleParamsTag => string.Join(",", _doubles.Skip(key.ValueOffset).Take(key.Count).Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
                    AsciiParamsTag => AsciiParams.Substring(key.ValueOffset, key.Count),
                    DirectoryTag => string.Join(",", _directory.Skip(key.ValueOffset).Take(key.Count)),
                    _ => $"@{key.Location}:{key.ValueOffset}:{key.Count}",
                };
                yield return $"{key.Id}={value}";
            }
        }

        private static bool IsCode(ushort? value) => value is > 0 and < GeoKeyIds.UserDefined;

        private static GeoKeyDirectory ForCode(int epsgCode, ushort modelType, ushort codeKey)
        {
            if (epsgCode < 1 || epsgCode >= GeoKeyIds.UserDefined)
                throw new ArgumentOutOfRangeException(nameof(epsgCode), epsgCode, "An EPSG code in a GeoKey is 1 to 32766.");
            return new GeoKeyDirectory(new ushort[]
            {
                1, 1, 0, 3,
                GeoKeyIds.ModelType, 0, 1, modelType,
                GeoKeyIds.RasterType, 0, 1, (ushort)GeoRasterType.PixelIsArea,
                codeKey, 0, 1, (ushort)epsgCode,
            });
        }

        private static GeoKey[] Parse(ushort[] directory, int doubleCount, int asciiLength)
        {
            if (directory.Length < 4)
                throw new ArgumentException($"A GeoKeyDirectory has a header of 4 values; this one has {directory.Length}.", nameof(directory));
            if (directory[0] != 1)
                throw new ArgumentException($"GeoKeyDirectory version {directory[0]} is not 1.", nameof(directory));
            int count = directory[3];
            if (directory.Length < 4 + 4 * count)
                throw new ArgumentException($"The GeoKeyDirectory announces {count} keys but holds {(directory.Length - 4) / 4}.", nameof(directory));
            var keys = new GeoKey[count];
            for (int i = 0; i < count; i++)
            {
                int at = 4 + 4 * i;
                var key = new GeoKey(directory[at], directory[at + 1], directory[at + 2], directory[at + 3]);
                int available = key.Location switch
                {
                    0 => 1,
                    DoubleParamsTag => doubleCount - key.ValueOffset,
                    AsciiParamsTag => asciiLength - key.ValueOffset,
                    DirectoryTag => directory.Length - key.ValueOffset,
                    _ => int.MaxValue,
                };
                if (key.Location == 0 && key.Count != 1)
                    throw new ArgumentException($"GeoKey {key.Id} is stored in its entry but has count {key.Count}; expected 1.", nameof(directory));
                if (key.Count > available)
                    throw new ArgumentException(
                        $"GeoKey {key.Id} refers to {key.Count} values from index {key.ValueOffset} of tag {key.Location}, past its end.", nameof(directory));
                keys[i] = key;
            }
            return keys;
        }
    }
}
