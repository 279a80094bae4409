namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>One entry of a TIFF image file directory as stored: tag, field type, value count and the value field.</summary>
    /// <param name="Tag">The tag.</param>
    /// <param name="Type">The TIFF field type (3 SHORT, 4 LONG, 16 LONG8, ...).</param>
    /// <param name="Count">The number of values.</param>
    /// <param name="ValueField">The 4 (classic) or 8 (BigTIFF) bytes of the value field: the values when they fit, else their offset.</param>
    internal readonly record struct TiffEntry(ushort Tag, ushort Type, ulong Count, ulong ValueField);
}
