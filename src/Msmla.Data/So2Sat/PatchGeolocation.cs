namespace Msmla.Data.So2Sat
{
    /// <summary>Where a So2Sat patch lies (version-4 sidecar).</summary>
    /// <param name="Epsg">The EPSG code of the patch's map projection.</param>
    /// <param name="WorldFile">The patch's world-file parameters in that projection.</param>
    /// <param name="City">The city the patch comes from (its name, or its code as text when the sidecar stores numbers).</param>
    public sealed record PatchGeolocation(int Epsg, WorldFile WorldFile, string City);
}
