using System;
using System.IO;

namespace Msmla.Data.Mapping
{
    /// <summary>The files of a map: the class map, and the probabilities and shard directory beside it.</summary>
    /// <param name="Classes">The class map (a Cloud Optimized GeoTIFF of LCZ labels 1-17, nodata 0).</param>
    /// <param name="Probabilities">The probability map, or null when none is written.</param>
    public sealed record MapOutputs(string Classes, string? Probabilities = null)
    {
        /// <summary>
        /// The conventional names beside a class map <c>lcz.tif</c>: <c>lcz.probabilities.tif</c> when probabilities are
        /// written (what <c>msmla map</c> uses).
        /// </summary>
        public static MapOutputs For(string classes, MapProbabilities probabilities)
        {
            ArgumentException.ThrowIfNullOrEmpty(classes);
            string full = Path.GetFullPath(classes);
            return new MapOutputs(full, probabilities == MapProbabilities.None ? null : Beside(full, ".probabilities.tif"));
        }

        /// <summary>The directory where the shards of this map are written and merged from: <c>&lt;class map&gt;.shards</c>.</summary>
        public string ShardDirectory => Path.GetFullPath(Classes) + ".shards";

        /// <summary>The quicklook PNG conventionally written beside the class map: <c>lcz.quicklook.png</c> for <c>lcz.tif</c>.</summary>
        public string Quicklook => Beside(Path.GetFullPath(Classes), ".quicklook.png");

        private static string Beside(string path, string suffix)
        {
            string directory = Path.GetDirectoryName(path) ?? ".";
            return Path.Combine(directory, Path.GetFileNameWithoutExtension(path) + suffix);
        }
    }
}
