namespace Msmla.Cli.Infrastructure
{
    /// <summary>The file layouts the command line reads.</summary>
    internal enum DataLayout
    {
        /// <summary>So2Sat LCZ42: <c>sen2</c> N x 32 x 32 x 10, <c>sen1</c> N x 32 x 32 x 8, one-hot <c>label</c>.</summary>
        So2Sat,

        /// <summary>MSMLA patch files: <c>sen2</c> N x 48 x 48 x 13 or per-date groups, one-hot <c>label</c>.</summary>
        Msmla,
    }
}
