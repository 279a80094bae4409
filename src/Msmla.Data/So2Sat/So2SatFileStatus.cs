namespace Msmla.Data.So2Sat
{
    /// <summary>What <see cref="So2SatVerifier"/> found about a file.</summary>
    public enum So2SatFileStatus
    {
        /// <summary>The file is a published So2Sat LCZ42 file, the one its name says (or, with a name of no release, some published file).</summary>
        Verified,

        /// <summary>The file's name is that of a published file but its content differs (damaged, truncated, another release or version).</summary>
        Differs,

        /// <summary>Neither the file's name nor its MD5 is that of a published file.</summary>
        Unknown,
    }
}
