using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Msmla.Data.So2Sat
{
    /// <summary>
    /// The published So2Sat LCZ42 files (versions 2 and 3) with their MD5s, as TorchGeo checks them, and where to download them.
    /// </summary>
    /// <remarks>
    /// The MD5s and the file layout are those of TorchGeo's So2Sat dataset class (torchgeo/datasets/so2sat.py,
    /// <c>filenames_by_version</c> and <c>md5s_by_version</c>, https://github.com/microsoft/torchgeo, commit 7ea0616d of
    /// 14 August 2025). Version 3's culture-10 training file is version 2's training file (the same MD5).
    /// </remarks>
    public static class So2SatChecksums
    {
        /// <summary>The mediaTUM page of version 2 (training, validation and testing of 42 + 10 cities).</summary>
        public const string Version2Url = "https://mediatum.ub.tum.de/1483140";

        /// <summary>The mediaTUM page of version 3 (the random, block and culture-10 splits, each in its own folder).</summary>
        public const string Version3Url = "https://mediatum.ub.tum.de/1613658";

        /// <summary>Every published file, version 2 first.</summary>
        public static IReadOnlyList<So2SatKnownFile> Files { get; } = new So2SatKnownFile[]
        {
            new("2", "train", "training.h5", "702bc6a9368ebff4542d791e53469244", Version2Url),
            new("2", "validation", "validation.h5", "71cfa6795de3e22207229d06d6f8775d", Version2Url),
            new("2", "test", "testing.h5", "e81426102b488623a723beab52b31a8a", Version2Url),
            new("3_random", "train", "random/training.h5", "94e2e2e667b406c2adf61e113b42204e", Version3Url),
            new("3_random", "test", "random/testing.h5", "1e15c425585ce816342d1cd779d453d8", Version3Url),
            new("3_block", "train", "block/training.h5", "a91d6150e8b059dac86105853f377a11", Version3Url),
            new("3_block", "test", "block/testing.h5", "6414af1ec33ace417e879f9c88066d47", Version3Url),
            new("3_culture_10", "train", "culture_10/training.h5", "702bc6a9368ebff4542d791e53469244", Version3Url),
            new("3_culture_10", "test", "culture_10/testing.h5", "58335ce34ca3a18424e19da84f2832fc", Version3Url),
        };

        /// <summary>
        /// The published files that <paramref name="path"/> says it is, by its name and folder: <c>.../random/testing.h5</c>
        /// is version 3_random's test file; a <c>training.h5</c> in no release folder is version 2's. Empty for other names.
        /// </summary>
        public static IReadOnlyList<So2SatKnownFile> ClaimedBy(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            string normalized = path.Replace('\\', '/');
            var inFolder = Files.Where(f => f.RelativePath.Contains('/', StringComparison.Ordinal) && normalized.EndsWith("/" + f.RelativePath, StringComparison.Ordinal)).ToList();
            if (inFolder.Count > 0) return inFolder;
            string name = Path.GetFileName(normalized);
            return Files.Where(f => f.RelativePath == name).ToList();
        }

        /// <summary>The published files whose MD5 is <paramref name="md5"/> (hex, any case).</summary>
        public static IReadOnlyList<So2SatKnownFile> WithMd5(string md5)
        {
            ArgumentNullException.ThrowIfNull(md5);
            return Files.Where(f => string.Equals(f.Md5, md5, StringComparison.OrdinalIgnoreCase)).ToList();
        }
    }
}
