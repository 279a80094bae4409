using System;
using System.IO;
using System.Linq;
using Msmla.Core.Runtime;
using Msmla.Models;
using Msmla.Plotting.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Plotting.Tests
{
    /// <summary>
    /// TorchSharp 0.107 references SkiaSharp 2.88 (TensorBoard image and video summaries); ScottPlot 5 brings SkiaSharp
    /// 3.119. One SkiaSharp (3.x) is resolved for both: these tests run real TorchSharp work, TorchSharp's own SkiaSharp
    /// code path and ScottPlot rendering in one process, and check each against an independent decoder.
    /// </summary>
    public class TorchSharpCoexistenceTests
    {
        [Fact]
        public void TorchSharpTraining_TorchSharpSkiaImager_AndScottPlot_WorkInOneProcess()
        {
            TorchRuntime.EnsureLoaded();

            // 1. Real tensor work: one optimisation step of MSMLA-18 on random patches.
            using (var scope = NewDisposeScope())
            {
                manual_seed(7);
                using LczModel model = LczModels.Create(LczArchitecture.Msmla18, new LczModelOptions { Bands = 10, Classes = 17, PatchSize = 16 });
                var optimizer = optim.Adam(model.parameters(), 1e-3);
                Tensor x = randn(4, 10, 16, 16);
                Tensor y = tensor(new long[] { 0, 3, 10, 16 });
                Tensor before = model.parameters().First().clone();
                Tensor loss = nn.functional.cross_entropy(model.call(x), y);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                Assert.True(double.IsFinite(loss.item<float>()));
                Assert.False(before.allclose(model.parameters().First()), "the optimizer step changed nothing");
            }

            // 2. TorchSharp's own SkiaSharp code path (compiled against SkiaSharp 2.88): TensorBoard image summaries
            //    encode a tensor as PNG through SKBitmap (copy, resize, encode). Decode it with the independent test decoder.
            using var pattern = arange(3 * 12 * 20, ScalarType.Int64).remainder(251).to_type(ScalarType.Byte).reshape(3, 12, 20);
            var summary = utils.tensorboard.Summary.image("pattern", pattern, dataformats: "CHW");
            PngImage encoded = PngImage.Decode(summary.Value[0].Image.EncodedImageString.ToByteArray());
            Assert.Equal((20, 12), (encoded.Width, encoded.Height));
            byte[] values = pattern.data<byte>().ToArray();
            int worst = 0;
            for (int yy = 0; yy < 12; yy++)
                for (int xx = 0; xx < 20; xx++)
                {
                    var p = encoded[xx, yy];
                    int i = yy * 20 + xx;
                    worst = Math.Max(worst, Math.Max(Math.Abs(p.R - values[i]), Math.Max(Math.Abs(p.G - values[240 + i]), Math.Abs(p.B - values[480 + i]))));
                }
            Assert.True(worst == 0, $"the TensorBoard PNG differs from the tensor by up to {worst}");
            var halved = utils.tensorboard.Summary.image("half", pattern, rescale: 0.5, dataformats: "CHW");
            PngImage small = PngImage.Decode(halved.Value[0].Image.EncodedImageString.ToByteArray());
            Assert.Equal((10, 6), (small.Width, small.Height));

            // 3. ScottPlot renders in the same process, and TorchSharp's SkiaSharp code decodes the plot file
            //    (SKBitmap.Decode) and re-encodes it: the pixels are those the test decoder reads from the plot.
            using var directory = Msmla.Tests.Shared.TestPaths.CreateTemporaryDirectory();
            string path = Path.Combine(directory.Path, "matrix.png");
            new ConfusionMatrixPlot(PlotTestData.PerfectLcz()).SavePng(path, 320, 300);
            PngImage ours = PngImage.Read(path);
            var fromFile = utils.tensorboard.Summary.image("plot", path);
            PngImage viaTorchSharp = PngImage.Decode(fromFile.Value[0].Image.EncodedImageString.ToByteArray());
            Assert.Equal((320, 300), (viaTorchSharp.Width, viaTorchSharp.Height));
            Assert.Equal(ours.Checksum(), viaTorchSharp.Checksum());

            // 4. TorchSharp still works after the plotting, and the process holds exactly one SkiaSharp, version 3.
            using (var scope = NewDisposeScope())
            {
                Tensor z = nn.functional.conv2d(ones(1, 2, 5, 5), ones(3, 2, 3, 3), padding: new long[] { 1, 1 });
                Assert.Equal(18f, z[0, 0, 2, 2].item<float>());
            }
            //    (The isolation tests load a second copy of the same SkiaSharp into a load context of their own.)
            var skia = System.Runtime.Loader.AssemblyLoadContext.Default.Assemblies.Where(a => a.GetName().Name == "SkiaSharp").ToArray();
            Assert.Single(skia);
            Assert.All(AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "SkiaSharp"),
                a => Assert.True(a.GetName().Version!.Major >= 3, $"SkiaSharp {a.GetName().Version} was loaded"));
        }
    }
}
