using System.Collections.Generic;
using Msmla.Core.Preprocessing;

namespace Msmla.Data.So2Sat
{
    /// <summary>
    /// The band names of So2Sat LCZ42's <c>sen2</c> and <c>sen1</c> datasets, in file order, and the published statistics
    /// (the same lists as Msmla.Core's <see cref="SentinelBands"/>).
    /// </summary>
    public static class So2SatBands
    {
        /// <summary>The ten Sentinel-2 bands of <c>sen2</c>, in file order (reflectance, already divided by 10,000).</summary>
        public static IReadOnlyList<string> Sentinel2 => SentinelBands.Sentinel2;

        /// <summary>The eight Sentinel-1 channels of <c>sen1</c>, in file order (see <see cref="SentinelBands.Sentinel1"/>).</summary>
        public static IReadOnlyList<string> Sentinel1 => SentinelBands.Sentinel1;

        /// <summary>Per-band mean of the version-2 training <c>sen2</c>, in the order of <see cref="Sentinel2"/>.</summary>
        public static IReadOnlyList<double> Sentinel2Mean => SentinelBands.So2SatSentinel2Mean;

        /// <summary>Per-band standard deviation of the version-2 training <c>sen2</c>, in the order of <see cref="Sentinel2"/>.</summary>
        public static IReadOnlyList<double> Sentinel2Std => SentinelBands.So2SatSentinel2Std;

        /// <summary>Finds a band by name (case-insensitive): its modality and its channel in that dataset.</summary>
        public static bool TryFind(string name, out SensorModality modality, out int channel) => SentinelBands.TryFind(name, out modality, out channel);

        /// <summary>The default bands of a modality, in reader order.</summary>
        /// <exception cref="System.ArgumentOutOfRangeException"><see cref="SensorModality.Other"/>, which So2Sat files do not have.</exception>
        public static IReadOnlyList<string> For(SensorModality modality) => modality switch
        {
            SensorModality.Sentinel2 => Sentinel2,
            SensorModality.Sentinel1 => Sentinel1,
            SensorModality.Both => Concat(Sentinel2, Sentinel1),
            _ => throw new System.ArgumentOutOfRangeException(nameof(modality), modality, "So2Sat files hold Sentinel-2 and Sentinel-1 data only."),
        };

        private static string[] Concat(IReadOnlyList<string> a, IReadOnlyList<string> b)
        {
            var all = new string[a.Count + b.Count];
            for (int i = 0; i < a.Count; i++) all[i] = a[i];
            for (int i = 0; i < b.Count; i++) all[a.Count + i] = b[i];
            return all;
        }
    }
}
