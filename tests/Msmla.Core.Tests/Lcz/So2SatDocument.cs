using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Lcz;

/// <summary>
/// Reads the reference facts of ../shared/docs/so2sat.md (class codes, names and colours, the LCZ
/// similarity matrix), the independent source the taxonomy and the weighted accuracy are checked against.
/// </summary>
internal static class So2SatDocument
{
    /// <summary>The document's text; skips the calling test (fails it in CI) when the shared docs are absent.</summary>
    public static string Require() => File.ReadAllText(TestPaths.RequireSharedDocument("so2sat.md"));

    /// <summary>The (code, name, colour) entries of the "Class names and colours" section, in document order.</summary>
    public static IReadOnlyList<(string Code, string Name, string Color)> Classes(string text)
    {
        int start = text.IndexOf("## Class names and colours", StringComparison.Ordinal);
        Assert.True(start >= 0, "so2sat.md has no 'Class names and colours' section.");
        string section = text[start..];
        return Regex.Matches(section, @"(?<code>\d{1,2}|[A-G]) (?<name>[^#·\n]+?) (?<color>#[0-9a-fA-F]{6})")
            .Select(m => (m.Groups["code"].Value, m.Groups["name"].Value.Trim(), m.Groups["color"].Value))
            .ToArray();
    }

    /// <summary>The 17 x 17 similarity matrix of the "Weighted accuracy" paragraph.</summary>
    public static int[,] SimilarityMatrix(string text)
    {
        int start = text.IndexOf("Weighted accuracy WA", StringComparison.Ordinal);
        Assert.True(start >= 0, "so2sat.md does not define the weighted accuracy.");
        int open = text.IndexOf("```", start, StringComparison.Ordinal);
        int close = text.IndexOf("```", open + 3, StringComparison.Ordinal);
        string[] lines = text[(open + 3)..close].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(17, lines.Length);
        var matrix = new int[17, 17];
        for (int i = 0; i < 17; i++)
        {
            int[] values = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            Assert.Equal(17, values.Length);
            for (int j = 0; j < 17; j++) matrix[i, j] = values[j];
        }
        return matrix;
    }
}
