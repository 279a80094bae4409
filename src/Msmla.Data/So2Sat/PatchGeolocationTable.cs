using System;
using System.Globalization;
using Msmla.Data.Hdf5;
using Msmla.Hdf5;
using PureHDF;
using PureHDF.VOL.Native;

namespace Msmla.Data.So2Sat
{
    /// <summary>
    /// The So2Sat version-4 geolocation sidecar (<c>*_geo.h5</c>: <c>epsg</c> N x 1, <c>tfw</c> N x 6,
    /// <c>city</c> N x 1), loaded into memory and looked up by patch index (the sidecar is in the same
    /// order as the data file).
    /// </summary>
    public sealed class PatchGeolocationTable
    {
        private readonly int[] _epsg;
        private readonly double[] _tfw;
        private readonly string[] _city;

        private PatchGeolocationTable(string path, int[] epsg, double[] tfw, string[] city)
        {
            Path = path;
            _epsg = epsg;
            _tfw = tfw;
            _city = city;
        }

        /// <summary>The sidecar file.</summary>
        public string Path { get; }

        /// <summary>The number of patches located.</summary>
        public long Count => _epsg.Length;

        /// <summary>The geolocation of patch <paramref name="index"/>.</summary>
        public PatchGeolocation this[long index]
        {
            get
            {
                if ((ulong)index >= (ulong)_epsg.Length)
                    throw new ArgumentOutOfRangeException(nameof(index), index, $"Patch index must be 0 to {_epsg.Length - 1}.");
                int t = (int)index * 6;
                return new PatchGeolocation(_epsg[index], new WorldFile(_tfw[t], _tfw[t + 1], _tfw[t + 2], _tfw[t + 3], _tfw[t + 4], _tfw[t + 5]), _city[index]);
            }
        }

        /// <summary>Reads a sidecar; throws <see cref="PatchDataException"/> when a dataset is missing or the lengths disagree.</summary>
        /// <param name="path">The <c>*_geo.h5</c> file.</param>
        /// <param name="expectedCount">The number of patches in the data file it belongs to, or null to skip that check.</param>
        public static PatchGeolocationTable Open(string path, long? expectedCount = null)
        {
            using Hdf5Container container = Hdf5Container.Open(path);
            RowDataset epsg = RowDataset.Open(container, "epsg", "EPSG code");
            RowDataset tfw = RowDataset.Open(container, "tfw", "world-file");
            CheckColumns(epsg, 1, "N x 1");
            CheckColumns(tfw, 6, "N x 6");
            NativeDataset city = container.RequireDataset("city", "city");
            long n = epsg.Rows;
            if (tfw.Rows != n)
                throw new PatchDataException(path, "tfw", $"it has {tfw.Rows:N0} rows but 'epsg' has {n:N0}.");
            if (expectedCount is long expected && n != expected)
                throw new PatchDataException(path, "epsg", $"the sidecar locates {n:N0} patches but the data file has {expected:N0}; it belongs to another file.");
            double[] codes = epsg.ReadAllAsDouble();
            var epsgCodes = new int[n];
            for (int i = 0; i < n; i++) epsgCodes[i] = checked((int)codes[i]);
            return new PatchGeolocationTable(path, epsgCodes, tfw.ReadAllAsDouble(), ReadCities(container, city, n));
        }

        private static void CheckColumns(RowDataset dataset, long columns, string expected)
        {
            if (dataset.Rank > 2 || dataset.RowElements != columns)
                throw new PatchDataException(dataset.FilePath, dataset.Path, $"it has shape {dataset.ShapeText}; expected {expected}.");
        }

        private static string[] ReadCities(Hdf5Container container, NativeDataset city, long n)
        {
            ulong[] dims;
            H5DataTypeClass typeClass;
            lock (container.Sync)
            {
                dims = city.Space.Dimensions;
                typeClass = city.Type.Class;
            }
            long rows = dims.Length == 0 ? 1 : (long)dims[0];
            long perRow = 1;
            for (int d = 1; d < dims.Length; d++) perRow *= (long)dims[d];
            if (rows != n || perRow != 1)
                throw new PatchDataException(container.Path, "city", $"it has shape {string.Join("x", dims)}; expected {n} x 1 like 'epsg'.");
            if (typeClass is H5DataTypeClass.String or H5DataTypeClass.VariableLength)
            {
                string[] names;
                try
                {
                    lock (container.Sync)
                    {
                        names = city.Read<string[]>();
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new PatchDataException(container.Path, "city", Hdf5Failure.Explain("the city names", e), e);
                }
                for (int i = 0; i < names.Length; i++) names[i] = (names[i] ?? string.Empty).TrimEnd('\0');
                return names;
            }
            double[] codes = RowDataset.Open(container, "city", "city").ReadAllAsDouble();
            var text = new string[n];
            for (int i = 0; i < n; i++) text[i] = codes[i].ToString(CultureInfo.InvariantCulture);
            return text;
        }
    }
}
