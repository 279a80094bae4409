using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace Msmla.Data.Scenes.TiffFormat
{
    /// <summary>
    /// GDAL's private TIFF tags: GDAL_METADATA (42112), an XML list of <c>&lt;Item name=".." sample=".." role=".."&gt;</c>
    /// of which the reader uses the band descriptions, and GDAL_NODATA (42113), the nodata value as text.
    /// </summary>
    internal static class GdalMetadata
    {
        /// <summary>The band descriptions (DESCRIPTION items with role "description", by 0-based sample); null entries where a band has none.</summary>
        /// <exception cref="XmlException">The text is not well-formed XML.</exception>
        public static string?[] ReadDescriptions(string? xml, int bandCount)
        {
            var descriptions = new string?[bandCount];
            if (string.IsNullOrWhiteSpace(xml)) return descriptions;
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
            };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.Name != "Item") continue;
                string? name = reader.GetAttribute("name");
                string? sample = reader.GetAttribute("sample");
                string? role = reader.GetAttribute("role");
                if (!string.Equals(name, "DESCRIPTION", StringComparison.OrdinalIgnoreCase) || sample == null) continue;
                if (role != null && role != "description") continue;
                if (!int.TryParse(sample, NumberStyles.None, CultureInfo.InvariantCulture, out int index)) continue;
                string text = reader.ReadElementContentAsString();
                if (index < bandCount && text.Length > 0) descriptions[index] = text;
            }
            return descriptions;
        }

        /// <summary>The GDAL_METADATA XML for band descriptions, as GDAL writes it.</summary>
        public static string WriteDescriptions(IReadOnlyList<string> descriptions)
        {
            var text = new StringBuilder("<GDALMetadata>\n");
            for (int i = 0; i < descriptions.Count; i++)
            {
                text.Append("  <Item name=\"DESCRIPTION\" sample=\"").Append(i.ToString(CultureInfo.InvariantCulture))
                    .Append("\" role=\"description\">").Append(Escape(descriptions[i])).Append("</Item>\n");
            }
            return text.Append("</GDALMetadata>").ToString();
        }

        /// <summary>Parses GDAL_NODATA ("0", "-9999", "nan", "inf", "-1e+38"); null when absent or not a number.</summary>
        public static double? ParseNoData(string? text)
        {
            if (text == null) return null;
            string t = text.Trim();
            if (t.Length == 0) return null;
            if (t.Equals("nan", StringComparison.OrdinalIgnoreCase) || t.Equals("-nan", StringComparison.OrdinalIgnoreCase)) return double.NaN;
            if (t.Equals("inf", StringComparison.OrdinalIgnoreCase) || t.Equals("+inf", StringComparison.OrdinalIgnoreCase) || t.Equals("infinity", StringComparison.OrdinalIgnoreCase))
                return double.PositiveInfinity;
            if (t.Equals("-inf", StringComparison.OrdinalIgnoreCase) || t.Equals("-infinity", StringComparison.OrdinalIgnoreCase)) return double.NegativeInfinity;
            return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
        }

        /// <summary>The GDAL_NODATA text for a value ("nan" for NaN, as GDAL writes it).</summary>
        public static string FormatNoData(double value) =>
            double.IsNaN(value) ? "nan" : value.ToString("R", CultureInfo.InvariantCulture);

        private static string Escape(string text) =>
            text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
                .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
    }
}
