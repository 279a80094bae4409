using System.Text.Json.Serialization;

namespace Msmla.Core.Preprocessing
{
    /// <summary>
    /// How a rotation fills pixels whose source lies outside the patch; the same definitions as
    /// <c>scipy.ndimage</c>'s modes of the same names.
    /// </summary>
    [JsonConverter(typeof(JsonStringEnumConverter<BorderMode>))]
    public enum BorderMode
    {
        /// <summary>Mirror about the edge, repeating the edge pixel (d c b a | a b c d | d c b a).</summary>
        Reflect,

        /// <summary>Repeat the edge pixel (a a a a | a b c d | d d d d); Keras' ImageDataGenerator default.</summary>
        Nearest,

        /// <summary>Zero for samples outside the patch (no interpolation across the edge).</summary>
        Constant,
    }
}
