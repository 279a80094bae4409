using System;
using System.Collections.Generic;

namespace Msmla.Data.So2Sat
{
    /// <summary>The band names of So2Sat LCZ42's <c>sen2</c> and <c>sen1</c> datasets, in file order, and the published statistics.</summary>
    public static class So2SatBands
    {
        /// <summary>The ten Sentinel-2 bands of <c>sen2</c>, in file order (reflectance, already divided by 10,000).</summary>
        public static IReadOnlyList<string> Sentinel2 { get; } = new[] { "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12" };

        /// <summary>
        /// The eight Sentinel-1 channels of <c>sen1</c>, in file order: real and imaginary parts of the
        /// unfiltered VH and VV, Lee-filtered VH and VV intensity, and real and imaginary parts of the
        /// Lee-filtered covariance off-diagonal element.
        /// </summary>
        public static IReadOnlyList<string> Sentinel1 { get; } = new[]
        {
            "VH_real", "VH_imag", "VV_real", "VV_imag", "VH_lee_intensity", "VV_lee_intensity", "VHVV_lee_real", "VHVV_lee_imag",
        };

        /// <summary>Per-band mean of the version-2 training <c>sen2</c>, in the order of <see cref="Sentinel2"/>.</summary>
        public static IReadOnlyList<double> Sentinel2Mean { get; } = new[] { 0.12376, 0.10928, 0.10109, 0.11424, 0.15927, 0.18147, 0.17457, 0.19502, 0.15428, 0.10905 };

        /// <summary>Per-band standard deviation of the version-2 training <c>sen2</c>, in the order of <see cref="Sentinel2"/>.</summary>
        public static IReadOnlyList<double> Sentinel2Std { get; } = new[] { 0.03959, 0.04778, 0.06637, 0.06359, 0.07744, 0.09102, 0.09218, 0.10165, 0.09992, 0.08781 };

        /// <summary>Finds a band by name (case-insensitive): its modality and its channel in that dataset.</summary>
        public static bool TryFind(string name, out So2SatModality modality, out int channel)
        {
            channel = IndexOf(Sentinel2, name);
            if (channel >= 0)
            {
                modality = So2SatModality.Sentinel2;
                return true;
            }
            channel = IndexOf(Sentinel1, name);
            modality = So2SatModality.Sentinel1;
            return channel >= 0;
        }

        /// <summary>The default bands of a modality, in reader order.</summary>
        public static IReadOnlyList<string> For(So2SatModality modality) => modality switch
        {
            So2SatModality.Sentinel2 => Sentinel2,
            So2SatModality.Sentinel1 => Sentinel1,
            _ => Concat(Sentinel2, Sentinel1),
        };

        private static int IndexOf(IReadOnlyList<string> names, string name)
        {
            for (int i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], name?.Trim(), StringComparison.OrdinalIgnoreCase)) return i;
            }
            return -1;
        }

        private static string[] Concat(IReadOnlyList<string> a, IReadOnlyList<string> b)
        {
            var all = new string[a.Count + b.Count];
            for (int i = 0; i < a.Count; i++) all[i] = a[i];
            for (int i = 0; i < b.Count; i++) all[a.Count + i] = b[i];
            return all;
        }
    }
}
