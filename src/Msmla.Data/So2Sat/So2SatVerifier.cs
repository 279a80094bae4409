using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;

namespace Msmla.Data.So2Sat
{
    /// <summary>
    /// Checks So2Sat LCZ42 files against the published MD5s (<see cref="So2SatChecksums"/>), as TorchGeo does with
    /// <c>checksum=True</c>: the file is hashed as a stream (constant memory, any size), with progress in bytes and cancellation.
    /// </summary>
    /// <example>
    /// <code>
    /// So2SatFileCheck check = So2SatVerifier.Verify("so2sat/testing.h5");
    /// check.EnsureVerified();   // throws PatchDataException naming the file and the version and split it claims to be
    /// </code>
    /// </example>
    public static class So2SatVerifier
    {
        private const int BufferSize = 1 << 20;

        /// <summary>Hashes one file and compares it with the published files.</summary>
        /// <param name="path">The file.</param>
        /// <param name="progress">Receives the bytes hashed so far (about every megabyte).</param>
        /// <param name="cancellationToken">Stops hashing.</param>
        /// <exception cref="PatchDataException">The file does not exist or is a directory.</exception>
        /// <exception cref="OperationCanceledException">Cancelled.</exception>
        public static So2SatFileCheck Verify(string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full)) throw new PatchDataException(full, null, "this is a directory; give the .h5 files, or use VerifyDirectory.");
            if (!File.Exists(full)) throw new PatchDataException(full, null, "the file does not exist.");
            (string md5, long bytes) = Md5(full, progress, cancellationToken);
            return new So2SatFileCheck(full, bytes, md5, So2SatChecksums.ClaimedBy(full), So2SatChecksums.WithMd5(md5));
        }

        /// <summary>
        /// The published files present in <paramref name="directory"/> (a release as downloaded: <c>training.h5</c> ... for
        /// version 2, <c>random/</c>, <c>block/</c>, <c>culture_10/</c> for version 3), each verified.
        /// </summary>
        /// <param name="directory">The directory.</param>
        /// <param name="progress">Receives each file's path and bytes hashed so far.</param>
        /// <param name="cancellationToken">Stops hashing.</param>
        /// <exception cref="PatchDataException">The directory does not exist or holds none of the published files.</exception>
        public static IReadOnlyList<So2SatFileCheck> VerifyDirectory(string directory, IProgress<(string Path, long Bytes)>? progress = null,
            CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory);
            IReadOnlyList<string> files = FilesIn(directory);
            var checks = new List<So2SatFileCheck>(files.Count);
            foreach (string file in files)
                checks.Add(Verify(file, progress == null ? null : new FileProgress(file, progress), cancellationToken));
            return checks;
        }

        /// <summary>The published files present in <paramref name="directory"/>, in <see cref="So2SatChecksums.Files"/> order.</summary>
        /// <exception cref="PatchDataException">The directory does not exist or holds none of them.</exception>
        public static IReadOnlyList<string> FilesIn(string directory)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory);
            string full = Path.GetFullPath(directory);
            if (!Directory.Exists(full)) throw new PatchDataException(full, null, "the directory does not exist.");
            var files = So2SatChecksums.Files.Select(f => f.RelativePath).Distinct()
                .Select(r => Path.Combine(full, r.Replace('/', Path.DirectorySeparatorChar))).Where(File.Exists).ToList();
            if (files.Count == 0)
                throw new PatchDataException(full, null,
                    $"the directory holds none of the published So2Sat LCZ42 files ({string.Join(", ", So2SatChecksums.Files.Select(f => f.RelativePath).Distinct())}). " +
                    $"Version 2 is at {So2SatChecksums.Version2Url}, version 3 at {So2SatChecksums.Version3Url}.");
            return files;
        }

        /// <summary>The MD5 (lower-case hex) and length of a file, read in 1 MiB blocks.</summary>
        internal static (string Md5, long Bytes) Md5(string path, IProgress<long>? progress, CancellationToken cancellationToken)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            byte[] buffer = new byte[BufferSize];
            long total = 0;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                total += read;
                progress?.Report(total);
            }
            return (Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant(), total);
        }

        private sealed class FileProgress : IProgress<long>
        {
            private readonly string _path;
            private readonly IProgress<(string Path, long Bytes)> _target;

            public FileProgress(string path, IProgress<(string Path, long Bytes)> target)
            {
                _path = path;
                _target = target;
            }

            public void Report(long value) => _target.Report((_path, value));
        }
    }
}
