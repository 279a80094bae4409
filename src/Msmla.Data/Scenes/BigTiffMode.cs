namespace Msmla.Data.Scenes
{
    /// <summary>When a written GeoTIFF is a BigTIFF (8-byte offsets).</summary>
    public enum BigTiffMode
    {
        /// <summary>Only when the file would pass 4 GB (the classic TIFF limit).</summary>
        IfNeeded,

        /// <summary>Always.</summary>
        Always,
    }
}
