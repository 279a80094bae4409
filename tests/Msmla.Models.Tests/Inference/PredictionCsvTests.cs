using System;
using System.IO;
using System.Linq;
using Msmla.Models.Inference;
using Msmla.Tests.Shared;

namespace Msmla.Models.Tests.Inference;

/// <summary>The predictions CSV: read back by Python's csv module, neutralised against spreadsheet formulas, written atomically.</summary>
public sealed class PredictionCsvTests
{
    private static readonly string[] s_classes = { "=1+1", "+SUM(A1)", "-2", "@cmd", "plain, with comma" };

    private static PredictionResult Result()
    {
        float[] probabilities =
        {
            0.6f, 0.1f, 0.1f, 0.1f, 0.1f,
            0.1f, 0.6f, 0.1f, 0.1f, 0.1f,
            0.1f, 0.1f, 0.6f, 0.1f, 0.1f,
            0.1f, 0.1f, 0.1f, 0.6f, 0.1f,
            0.1f, 0.1f, 0.1f, 0.1f, 0.6f,
        };
        return new PredictionResult(probabilities, new[] { 0, 1, 2, 3, 4 }, 5, trueLabels: new[] { 4, 3, 2, 1, 0 });
    }

    [SkippableFact]
    public void Class_names_that_a_spreadsheet_would_run_get_a_leading_apostrophe_as_python_reads_them()
    {
        string python = PythonPeer.Require("numpy");
        using var directory = TestPaths.CreateTemporaryDirectory();
        string csv = directory.File("p.csv");
        PredictionCsv.Write(csv, Result(), s_classes);
        string read = PythonPeer.Run(python, """
            import sys, csv
            rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
            for r in rows: print("|".join(r))
            """, csv);
        string[] lines = read.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("index|predicted|predicted_code|true|true_code|p_=1+1|p_+SUM(A1)|p_-2|p_@cmd|p_plain, with comma", lines[0]);
        string[] expected = { "'=1+1", "'+SUM(A1)", "'-2", "'@cmd", "plain, with comma" };
        for (int i = 0; i < 5; i++)
        {
            string[] fields = lines[i + 1].Split('|');
            Assert.Equal(expected[i], fields[2]);
            Assert.Equal(expected[4 - i], fields[4]);
        }
    }

    [Fact]
    public void A_path_that_is_a_directory_or_lies_under_a_file_fails_and_leaves_no_temporary_file()
    {
        using var directory = TestPaths.CreateTemporaryDirectory();
        string target = directory.File("target");
        Directory.CreateDirectory(target);
        Assert.ThrowsAny<IOException>(() => PredictionCsv.Write(target, Result(), s_classes));
        Assert.True(Directory.Exists(target));
        Assert.Empty(Directory.GetFileSystemEntries(target));
        Assert.Equal(new[] { target }, Directory.GetFileSystemEntries(directory.Path));

        string file = directory.File("file");
        File.WriteAllText(file, "x");
        Assert.ThrowsAny<IOException>(() => PredictionCsv.Write(Path.Combine(file, "p.csv"), Result(), s_classes));
        Assert.Equal("x", File.ReadAllText(file));
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp", SearchOption.AllDirectories));
    }
}
