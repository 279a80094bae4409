namespace Msmla.Data.So2Sat
{
    /// <summary>One published So2Sat LCZ42 file and its MD5 (<see cref="So2SatChecksums.Files"/>).</summary>
    /// <param name="Version">The release as TorchGeo names it: <c>2</c>, <c>3_random</c>, <c>3_block</c> or <c>3_culture_10</c>.</param>
    /// <param name="Split">The split as TorchGeo names it: <c>train</c>, <c>validation</c> or <c>test</c>.</param>
    /// <param name="RelativePath">The file's path in the release, with '/' (<c>training.h5</c>, <c>random/testing.h5</c>).</param>
    /// <param name="Md5">The MD5 of the published file, lower-case hex.</param>
    /// <param name="DownloadUrl">Where the release is published (mediaTUM).</param>
    public sealed record So2SatKnownFile(string Version, string Split, string RelativePath, string Md5, string DownloadUrl)
    {
        /// <summary>For messages: <c>version 2, train (training.h5)</c>.</summary>
        public override string ToString() => $"version {Version}, {Split} ({RelativePath})";
    }
}
