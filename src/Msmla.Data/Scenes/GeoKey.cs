namespace Msmla.Data.Scenes
{
    /// <summary>One entry of a GeoKey directory, as stored (GeoTIFF 1.1, section 7.1.3).</summary>
    /// <param name="Id">The key's identifier (see <see cref="GeoKeyIds"/>).</param>
    /// <param name="Location">Where the value lives: 0 in <paramref name="ValueOffset"/> itself, 34736 in GeoDoubleParams, 34737 in GeoAsciiParams, 34735 in the directory.</param>
    /// <param name="Count">The number of values (characters for ASCII).</param>
    /// <param name="ValueOffset">The value itself (location 0) or the index of the first value in its location.</param>
    public readonly record struct GeoKey(ushort Id, ushort Location, ushort Count, ushort ValueOffset);
}
