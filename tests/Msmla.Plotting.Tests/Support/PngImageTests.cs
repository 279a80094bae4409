using System.Globalization;
using System.IO;
using Msmla.Core.Metrics;
using Msmla.Tests.Shared;

namespace Msmla.Plotting.Tests.Support
{
    /// <summary>The test PNG decoder against Pillow, on a real plot.</summary>
    public class PngImageTests
    {
        [SkippableFact]
        public void Decode_MatchesPillow_OnAPlot()
        {
            string python = PythonPeer.Require("PIL", "numpy");
            using var directory = TestPaths.CreateTemporaryDirectory();
            string path = Path.Combine(directory.Path, "matrix.png");
            new ConfusionMatrixPlot(PlotTestData.PerfectLcz()).SavePng(path, 420, 380);

            PngImage ours = PngImage.Read(path);
            string script = """
                import sys
                import numpy as np
                from PIL import Image
                im = Image.open(sys.argv[1]).convert("RGBA")
                a = np.asarray(im, dtype=np.int64).reshape(-1)
                w = (np.arange(a.size) % 251) + 1
                print(im.width, im.height, int((a * w).sum()))
                """;
            string[] peer = PythonPeer.Run(python, script, path).Trim().Split(' ');
            Assert.Equal(int.Parse(peer[0], CultureInfo.InvariantCulture), ours.Width);
            Assert.Equal(int.Parse(peer[1], CultureInfo.InvariantCulture), ours.Height);
            Assert.Equal(long.Parse(peer[2], CultureInfo.InvariantCulture), ours.Checksum());
        }

        [Fact]
        public void Decode_RejectsACorruptedChunk()
        {
            byte[] png = new ConfusionMatrixPlot(PlotTestData.PerfectLcz()).ToPng(300, 300);
            png[40] ^= 0xFF; // inside the first chunk after IHDR
            Assert.Throws<InvalidDataException>(() => PngImage.Decode(png));
        }
    }
}
