using System.Collections.Generic;
using System.Linq;

namespace Msmla.Data.So2Sat
{
    /// <summary>The verification of one file against the published So2Sat LCZ42 files.</summary>
    /// <param name="Path">The full path of the file.</param>
    /// <param name="Bytes">Its length.</param>
    /// <param name="Md5">Its MD5, lower-case hex.</param>
    /// <param name="Claimed">The published files its name and folder say it is (<see cref="So2SatChecksums.ClaimedBy"/>).</param>
    /// <param name="Matches">The published files with its MD5.</param>
    public sealed record So2SatFileCheck(string Path, long Bytes, string Md5, IReadOnlyList<So2SatKnownFile> Claimed, IReadOnlyList<So2SatKnownFile> Matches)
    {
        /// <summary>Verified when the MD5 is that of a claimed file (of any published file when the name claims none), Differs when the name claims files the content is not, else Unknown.</summary>
        public So2SatFileStatus Status =>
            Claimed.Count > 0
                ? Claimed.Any(Matches.Contains) ? So2SatFileStatus.Verified : So2SatFileStatus.Differs
                : Matches.Count > 0 ? So2SatFileStatus.Verified : So2SatFileStatus.Unknown;

        /// <summary>What the file is, or what is wrong, naming the file, the version and split it claims to be and where to download it.</summary>
        public string Message => Status switch
        {
            So2SatFileStatus.Verified =>
                $"{Path}: verified, So2Sat LCZ42 {string.Join(" = ", (Claimed.Count > 0 ? Claimed.Where(Matches.Contains) : Matches).Select(f => f.ToString()))} (MD5 {Md5}).",
            So2SatFileStatus.Differs =>
                $"{Path} differs from the published So2Sat LCZ42 file its name says it is, {string.Join(" or ", Claimed.Select(f => $"{f} with MD5 {f.Md5}"))}: " +
                $"its MD5 is {Md5} ({Bytes:N0} bytes)" +
                (Matches.Count > 0 ? $", that of {string.Join(" = ", Matches.Select(f => f.ToString()))} instead" : ": it is damaged, truncated or not the published file") +
                $". Download it again from {Claimed[0].DownloadUrl}.",
            _ =>
                $"{Path} is not a published So2Sat LCZ42 file: its name is none of the releases' ({string.Join(", ", So2SatChecksums.Files.Select(f => f.RelativePath).Distinct())}) " +
                $"and its MD5 {Md5} is none of theirs.",
        };

        /// <summary>Throws when the file is not <see cref="So2SatFileStatus.Verified"/>.</summary>
        /// <exception cref="PatchDataException">The file differs or is unknown; the message is <see cref="Message"/>.</exception>
        public So2SatFileCheck EnsureVerified() =>
            Status == So2SatFileStatus.Verified ? this : throw new PatchDataException(Path, null, Message);
    }
}
