using System;

namespace Msmla.Core.Preprocessing
{
    /// <summary>
    /// How a model expects its input values: <c>input = (DN - Offset) / Divisor</c>, where DN is the Sentinel-2 L2A
    /// digital number of the band as delivered before processing baseline 04.00 (for later scenes subtract the
    /// +1000 baseline offset first: that is a property of the scene, not of the model).
    /// </summary>
    /// <param name="Description">A sentence for people, for example "reflectance as stored in So2Sat LCZ42 (DN / 10000)".</param>
    /// <param name="Divisor">The value digital numbers are divided by (10,000 for reflectance).</param>
    /// <param name="Offset">The value subtracted from digital numbers before dividing (0 for the published models).</param>
    public sealed record InputScaling(string Description, double Divisor, double Offset = 0)
    {
        /// <summary>Reflectance, DN / 10,000: the scaling of So2Sat LCZ42's <c>sen2</c> data as stored.</summary>
        public static InputScaling So2SatReflectance { get; } =
            new("reflectance as stored in So2Sat LCZ42 (DN / 10000)", 10000);

        /// <summary>DN / 5,000: the scaling of the released LCZNet model.</summary>
        public static InputScaling DigitalNumberOver5000 { get; } =
            new("digital number divided by 5000 (released LCZNet)", 5000);

        /// <summary>Converts one digital number into the model's input scale.</summary>
        public float Apply(double digitalNumber) => (float)((digitalNumber - Offset) / Divisor);

        /// <summary>Converts digital numbers in place into the model's input scale.</summary>
        public void Apply(Span<float> values)
        {
            float offset = (float)Offset;
            float inverse = (float)(1.0 / Divisor);
            for (int i = 0; i < values.Length; i++) values[i] = (values[i] - offset) * inverse;
        }
    }
}
