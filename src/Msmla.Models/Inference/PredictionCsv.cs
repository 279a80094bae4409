using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Msmla.Core.IO;
using Msmla.Core.Metrics;
using Msmla.Models.Weights;

namespace Msmla.Models.Inference
{
    /// <summary>
    /// Predictions as CSV (what <c>msmla predict</c> writes): RFC 4180, comma, CRLF, UTF-8 without BOM, invariant numbers,
    /// one row per patch in source order. Columns: <c>index</c> (the patch's 0-based row in its source), <c>predicted</c>
    /// (0-based class), <c>predicted_code</c> (the class name: LCZ code 1-10, A-G), then, for labelled predictions,
    /// <c>true</c> and <c>true_code</c>, then <c>p_&lt;code&gt;</c> per class: the probabilities (float32 written to
    /// round-trip), each row summing to 1. Class names that a spreadsheet would run as a formula (beginning with
    /// <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>) get a leading apostrophe.
    /// </summary>
    public static class PredictionCsv
    {
        /// <summary>The header for the given class names.</summary>
        public static IReadOnlyList<string> Header(IReadOnlyList<string> classNames, bool labelled)
        {
            ArgumentNullException.ThrowIfNull(classNames);
            var header = new List<string> { "index", "predicted", "predicted_code" };
            if (labelled) header.AddRange(new[] { "true", "true_code" });
            header.AddRange(classNames.Select(c => "p_" + c));
            return header;
        }

        /// <summary>Writes the predictions to <paramref name="writer"/>.</summary>
        /// <exception cref="ArgumentException">The class names do not match the predictions' class count.</exception>
        public static void Write(TextWriter writer, PredictionResult result, IReadOnlyList<string> classNames)
        {
            ArgumentNullException.ThrowIfNull(writer);
            ArgumentNullException.ThrowIfNull(result);
            ArgumentNullException.ThrowIfNull(classNames);
            if (classNames.Count != result.Classes)
                throw new ArgumentException($"{classNames.Count} class names were given for predictions of {result.Classes} classes.", nameof(classNames));
            bool labelled = result.TrueLabels != null;
            string[] names = classNames.Select(CsvFields.Text).ToArray();
            CsvFields.WriteRecord(writer, Header(classNames, labelled));
            var fields = new string[3 + (labelled ? 2 : 0) + names.Length];
            for (int i = 0; i < result.Count; i++)
            {
                int f = 0;
                int predicted = result.Labels[i];
                fields[f++] = CsvFields.Number(result.SourceIndices != null ? result.SourceIndices[i] : i);
                fields[f++] = CsvFields.Number(predicted);
                fields[f++] = names[predicted];
                if (labelled)
                {
                    int truth = result.TrueLabels![i];
                    fields[f++] = CsvFields.Number(truth);
                    fields[f++] = names[truth];
                }
                foreach (float p in result.ProbabilitiesOf(i)) fields[f++] = CsvFields.Number(p);
                CsvFields.WriteRecord(writer, fields);
            }
        }

        /// <summary>Writes the predictions to a file, atomically (a temporary file in the same directory, then renamed; removed on failure).</summary>
        /// <exception cref="ArgumentException">The class names do not match the predictions' class count.</exception>
        /// <exception cref="IOException">The file cannot be written (the message names it).</exception>
        public static void Write(string path, PredictionResult result, IReadOnlyList<string> classNames)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            AtomicFile.Write(path, temporary =>
            {
                using var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false));
                Write(writer, result, classNames);
            });
        }
    }
}
