using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Msmla.Core.IO;
using Msmla.Models.Inference;

namespace Msmla.Cli.Commands.Predict
{
    /// <summary>
    /// The prediction file of <c>msmla predict</c>: CSV (RFC 4180, comma, CRLF, UTF-8 without BOM, invariant numbers), one
    /// row per patch in file order. Columns: <c>index</c> (the patch's 0-based row in the HDF5 file), <c>predicted</c>
    /// (0-based class), <c>predicted_code</c> (the class name from the model's sidecar: LCZ code 1-10, A-G), then, for a
    /// labelled file, <c>true</c> and <c>true_code</c>, then <c>p_&lt;code&gt;</c> per class: the probabilities (float32
    /// written to round-trip), each row summing to 1.
    /// </summary>
    internal static class PredictionCsv
    {
        /// <summary>The header for the given class names.</summary>
        public static IReadOnlyList<string> Header(IReadOnlyList<string> classes, bool labelled)
        {
            var header = new List<string> { "index", "predicted", "predicted_code" };
            if (labelled) header.AddRange(new[] { "true", "true_code" });
            header.AddRange(classes.Select(c => "p_" + c));
            return header;
        }

        /// <summary>Writes the file atomically (<see cref="AtomicFile"/>: a temporary name of its own, then renamed into place).</summary>
        public static void Write(string path, PredictionResult result, IReadOnlyList<string> classes)
        {
            string? directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            bool labelled = result.TrueLabels != null;
            AtomicFile.Write(path, temporary =>
            {
                using var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false)) { NewLine = "\r\n" };
                writer.WriteLine(string.Join(",", Header(classes, labelled).Select(Quote)));
                var fields = new string[3 + (labelled ? 2 : 0) + classes.Count];
                for (int i = 0; i < result.Count; i++)
                {
                    int f = 0;
                    long index = result.SourceIndices != null ? result.SourceIndices[i] : i;
                    int predicted = result.Labels[i];
                    fields[f++] = index.ToString(CultureInfo.InvariantCulture);
                    fields[f++] = predicted.ToString(CultureInfo.InvariantCulture);
                    fields[f++] = Quote(classes[predicted]);
                    if (labelled)
                    {
                        int truth = result.TrueLabels![i];
                        fields[f++] = truth.ToString(CultureInfo.InvariantCulture);
                        fields[f++] = Quote(classes[truth]);
                    }
                    foreach (float p in result.ProbabilitiesOf(i)) fields[f++] = p.ToString("R", CultureInfo.InvariantCulture);
                    writer.WriteLine(string.Join(",", fields));
                }
            });
        }

        private static string Quote(string field) =>
            field.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }
}
