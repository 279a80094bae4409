using System;
using System.Collections.Generic;

namespace Msmla.Core.Preprocessing
{
    /// <summary>
    /// The Sentinel band names the library knows (So2Sat LCZ42's <c>sen2</c> and <c>sen1</c> channels, in file order) and
    /// the published So2Sat LCZ42 v2 training statistics of the Sentinel-2 bands.
    /// </summary>
    public static class SentinelBands
    {
        /// <summary>The ten Sentinel-2 bands of So2Sat's <c>sen2</c>, in file order (reflectance, DN / 10,000).</summary>
        public static IReadOnlyList<string> Sentinel2 { get; } = new[] { "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12" };

        /// <summary>
        /// The eight Sentinel-1 channels of So2Sat's <c>sen1</c>, in file order: real and imaginary parts of the
        /// unfiltered VH and VV, Lee-filtered VH and VV intensity, and real and imaginary parts of the
        /// Lee-filtered covariance off-diagonal element.
        /// </summary>
        public static IReadOnlyList<string> Sentinel1 { get; } = new[]
        {
            "VH_real", "VH_imag", "VV_real", "VV_imag", "VH_lee_intensity", "VV_lee_intensity", "VHVV_lee_real", "VHVV_lee_imag",
        };

        /// <summary>Per-band mean of the So2Sat LCZ42 version-2 training <c>sen2</c>, in the order of <see cref="Sentinel2"/>.</summary>
        public static IReadOnlyList<double> So2SatSentinel2Mean { get; } = new[] { 0.12376, 0.10928, 0.10109, 0.11424, 0.15927, 0.18147, 0.17457, 0.19502, 0.15428, 0.10905 };

        /// <summary>Per-band standard deviation of the So2Sat LCZ42 version-2 training <c>sen2</c>, in the order of <see cref="Sentinel2"/>.</summary>
        public static IReadOnlyList<double> So2SatSentinel2Std { get; } = new[] { 0.03959, 0.04778, 0.06637, 0.06359, 0.07744, 0.09102, 0.09218, 0.10165, 0.09992, 0.08781 };

        /// <summary>Finds a band by name (case-insensitive, surrounding blanks ignored): its sensor and its index in that sensor's list.</summary>
        public static bool TryFind(string? name, out SensorModality modality, out int index)
        {
            index = IndexOf(Sentinel2, name);
            if (index >= 0)
            {
                modality = SensorModality.Sentinel2;
                return true;
            }
            index = IndexOf(Sentinel1, name);
            modality = index >= 0 ? SensorModality.Sentinel1 : SensorModality.Other;
            return index >= 0;
        }

        /// <summary>
        /// The sensor a list of channels comes from: <see cref="SensorModality.Sentinel2"/> or <see cref="SensorModality.Sentinel1"/>
        /// when every name is one of that sensor's, <see cref="SensorModality.Both"/> when they mix the two, and
        /// <see cref="SensorModality.Other"/> when a name is neither (or the list is empty).
        /// </summary>
        public static SensorModality ModalityOf(IReadOnlyList<string> channels)
        {
            ArgumentNullException.ThrowIfNull(channels);
            bool sentinel1 = false, sentinel2 = false;
            foreach (string channel in channels)
            {
                if (!TryFind(channel, out SensorModality modality, out _)) return SensorModality.Other;
                if (modality == SensorModality.Sentinel1) sentinel1 = true; else sentinel2 = true;
            }
            return sentinel1 && sentinel2 ? SensorModality.Both : sentinel1 ? SensorModality.Sentinel1 : sentinel2 ? SensorModality.Sentinel2 : SensorModality.Other;
        }

        private static int IndexOf(IReadOnlyList<string> names, string? name)
        {
            if (name == null) return -1;
            string trimmed = name.Trim();
            for (int i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], trimmed, StringComparison.OrdinalIgnoreCase)) return i;
            }
            return -1;
        }
    }
}
