using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Msmla.Models;
using Msmla.Tests.Shared;

namespace Msmla.Models.Tests;

/// <summary>
/// docs/models.md gives, on every line that names an architecture as <c>`LczArchitecture.X`</c>, its trainable count
/// and then its Keras total: each such line must match the model the code builds with the defaults.
/// </summary>
public class ModelsDocumentationTests
{
    private static readonly Regex s_architecture = new(@"`LczArchitecture\.(\w+)`", RegexOptions.Compiled);
    private static readonly Regex s_count = new(@"\b\d{1,3}(?:,\d{3})+\b", RegexOptions.Compiled);

    [Fact]
    public void Every_parameter_count_of_docs_models_md_is_the_codes()
    {
        string[] lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "docs", "models.md"));
        var documented = new Dictionary<LczArchitecture, int>();
        foreach (string line in lines)
        {
            MatchCollection names = s_architecture.Matches(line);
            if (names.Count != 1) continue;
            long[] counts = s_count.Matches(line).Select(m => long.Parse(m.Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToArray();
            if (counts.Length < 2) continue;
            LczArchitecture architecture = Enum.Parse<LczArchitecture>(names[0].Groups[1].Value);
            using LczModel model = LczModels.Create(architecture);
            ParameterCounts actual = model.CountParameters();
            Assert.True(counts[0] == actual.Trainable && counts[1] == actual.KerasTotal,
                $"docs/models.md gives {architecture} {counts[0]:N0} trainable and {counts[1]:N0} in Keras' total; the code builds {actual.Trainable:N0} and {actual.KerasTotal:N0}:\n{line}");
            documented[architecture] = documented.GetValueOrDefault(architecture) + 1;
        }
        // Each architecture has its row in the overview table and its line in its own section.
        foreach (LczArchitecture architecture in Enum.GetValues<LczArchitecture>())
            Assert.True(documented.GetValueOrDefault(architecture) >= 2, $"docs/models.md gives the counts of {architecture} {documented.GetValueOrDefault(architecture)} time(s); expected the table row and its section.");
    }
}
