namespace Msmla.Core.Lcz
{
    /// <summary>The two families of Local Climate Zones.</summary>
    public enum LczGroup
    {
        /// <summary>Built types, LCZ 1 to 10.</summary>
        BuiltUp,

        /// <summary>Land-cover types, LCZ A to G.</summary>
        Natural,
    }
}
