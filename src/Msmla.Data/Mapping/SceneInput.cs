using System;
using System.Globalization;
using System.Linq;
using Msmla.Core.Preprocessing;
using Msmla.Data.Scenes;

namespace Msmla.Data.Mapping
{
    /// <summary>
    /// One scene as the model reads it: its bands in the model's order, and the per-band affine map that takes a stored
    /// value (digital number or reflectance) to the model's input, y = (v - shift) x scale, with the scene's nodata.
    /// </summary>
    internal sealed class SceneInput
    {
        private SceneInput(GeoTiffScene scene, SceneBandSelection bands, float[] shift, float[] scale, float?[] noData)
        {
            Scene = scene;
            Bands = bands;
            Shift = shift;
            Scale = scale;
            NoData = noData;
        }

        public GeoTiffScene Scene { get; }

        public SceneBandSelection Bands { get; }

        /// <summary>Per band: the stored value that maps to 0.</summary>
        public float[] Shift { get; }

        /// <summary>Per band: the factor after the shift.</summary>
        public float[] Scale { get; }

        /// <summary>Per band: the stored nodata value, or null.</summary>
        public float?[] NoData { get; }

        /// <summary>
        /// The scene's bands in the pipeline's order and the map from their stored values to the model's input: integer
        /// digital numbers are divided by 10,000 (after subtracting the baseline-04.00 offset when asked), floats are
        /// reflectance; then the pipeline's scaling of raw values and its normalisation.
        /// </summary>
        /// <exception cref="SceneDataException">A band is missing, of a type that is not digital numbers or reflectance, or a float band with the baseline offset.</exception>
        public static SceneInput Prepare(GeoTiffScene scene, InputPipeline input, bool baselineOffset)
        {
            SceneBandSelection bands = scene.SelectBands(input.Bands);
            (double[] normShift, double[] normScale) = input.Normalization.Resolve(input.Bands);
            var shift = new float[bands.Count];
            var scale = new float[bands.Count];
            var types = new RasterSampleType[bands.Count];
            foreach ((GeoTiffRaster raster, int[] _, int[] planes) in bands.Groups)
                foreach (int plane in planes) types[plane] = raster.SampleType;
            for (int c = 0; c < bands.Count; c++)
            {
                string file = bands.Groups.First(g => g.Planes.Contains(c)).Raster.Path;
                // Reflectance r from the stored value v: (v - baseline) / 10000 for digital numbers, v for floats.
                (double quantification, double baseline) = types[c] switch
                {
                    RasterSampleType.UInt16 or RasterSampleType.Int16 => (NormalizationOptions.Sentinel2Quantification, baselineOffset ? NormalizationOptions.Sentinel2Offset : 0),
                    RasterSampleType.Float32 when baselineOffset => throw new SceneDataException(file, $"band '{input.Bands[c]}'",
                        "is float32, which is taken as reflectance; the baseline-04.00 offset applies to integer digital numbers only."),
                    RasterSampleType.Float32 => (1.0, 0.0),
                    _ => throw new SceneDataException(file, $"band '{input.Bands[c]}'",
                        $"is {types[c]}; a scene band must be uint16 or int16 digital numbers, or float32 reflectance."),
                };
                // raw = (r x 10000 - S.Offset) / S.Divisor, then y = (raw - m) x k; with r = (v - b) / q this is
                // y = (v - A) x K with K = 10000 k / (q S.Divisor) and A = b + q (S.Offset + m S.Divisor) / 10000.
                double q = quantification, sd = input.Scaling.Divisor, so = input.Scaling.Offset;
                double k = NormalizationOptions.Sentinel2Quantification * normScale[c] / (q * sd);
                double a = baseline + q * (so + normShift[c] * sd) / NormalizationOptions.Sentinel2Quantification;
                if (!double.IsFinite(k) || !double.IsFinite(a) || k == 0)
                    throw new SceneDataException(file, $"band '{input.Bands[c]}'", string.Create(CultureInfo.InvariantCulture, $"gives the input map (v - {a}) x {k}, which is not usable."));
                shift[c] = (float)a;
                scale[c] = (float)k;
            }
            float?[] noData = bands.NoData.Select(n => n is double d ? (float?)(float)d : null).ToArray();
            return new SceneInput(scene, bands, shift, scale, noData);
        }

        /// <summary>Reads scene rows [first, first + count) of every band into <paramref name="block"/> as model input, nodata and NaN as NaN.</summary>
        public void Read(int first, int count, Span<float> block)
        {
            int width = Scene.Width;
            Scene.ReadRows(first, count, Bands, block);
            int plane = count * width;
            for (int c = 0; c < Bands.Count; c++)
                Transform(block.Slice(c * plane, plane), Shift[c], Scale[c], NoData[c]);
        }

        private static void Transform(Span<float> values, float shift, float scale, float? noData)
        {
            var s = new System.Numerics.Vector<float>(shift);
            var k = new System.Numerics.Vector<float>(scale);
            var nan = new System.Numerics.Vector<float>(float.NaN);
            int n = System.Numerics.Vector<float>.Count;
            int i = 0;
            Span<System.Numerics.Vector<float>> vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(values);
            if (noData is float nd)
            {
                var missing = new System.Numerics.Vector<float>(nd);
                for (int v = 0; v < vectors.Length; v++)
                    vectors[v] = System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.Equals(vectors[v], missing), nan, (vectors[v] - s) * k);
                i = vectors.Length * n;
                for (; i < values.Length; i++) values[i] = values[i] == nd ? float.NaN : (values[i] - shift) * scale;
            }
            else
            {
                for (int v = 0; v < vectors.Length; v++) vectors[v] = (vectors[v] - s) * k;
                i = vectors.Length * n;
                for (; i < values.Length; i++) values[i] = (values[i] - shift) * scale;
            }
        }
    }
}
