using System;
using System.IO;
using System.Linq;
using Msmla.Core.Metrics;
using Msmla.Models.Training;
using Msmla.Plotting.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Plotting.Tests
{
    public class LearningCurvePlotTests
    {
        // The documented series colours, written here independently of PlotColors.
        private const string Blue = "#1F77B4", Orange = "#FF7F0E", Grey = "#7F7F7F";

        [Fact]
        public void BothPanels_ShowTrainingAndValidationCurves_AndTheBestEpoch()
        {
            PngImage image = PngImage.Decode(new LearningCurvePlot(PlotTestData.History(10, bestEpoch: 6)).ToPng(1200, 480));
            Assert.Equal((1200, 480), (image.Width, image.Height));
            int half = image.Width / 2;
            foreach (var (l, r, name) in new[] { (0, half, "loss"), (half, image.Width, "accuracy") })
            {
                Assert.True(image.Count(Blue, 3, l, 0, r, image.Height) > 200, $"{name} panel has no training curve");
                Assert.True(image.Count(Orange, 3, l, 0, r, image.Height) > 200, $"{name} panel has no validation curve");
                Assert.True(image.Count(Grey, 3, l, 0, r, image.Height) > 40, $"{name} panel has no best-epoch line");
            }
        }

        [Fact]
        public void Curves_GoTheWayTheValuesGo()
        {
            // Loss falls and accuracy rises: in the loss panel the training curve is higher (smaller y) at the first
            // epoch than at the last; in the accuracy panel it is lower.
            PngImage image = PngImage.Decode(new LearningCurvePlot(PlotTestData.History(10), new LearningCurvePlotOptions { ShowBestEpoch = false }).ToPng(1200, 480));
            int half = image.Width / 2;
            var (lossFirst, lossLast) = EndHeights(image, Blue, 0, half);
            Assert.True(lossFirst < lossLast - 50, $"loss curve: first epoch at y={lossFirst}, last at y={lossLast}");
            var (accFirst, accLast) = EndHeights(image, Blue, half, image.Width);
            Assert.True(accFirst > accLast + 50, $"accuracy curve: first epoch at y={accFirst}, last at y={accLast}");
        }

        [Fact]
        public void WithoutValidation_OnlyTheTrainingCurveIsDrawn()
        {
            PngImage image = PngImage.Decode(new LearningCurvePlot(PlotTestData.History(5, validation: false)).ToPng(800, 400));
            Assert.True(image.Count(Blue, 3) > 100);
            Assert.Equal(0, image.Count(Orange, 3));
        }

        [Fact]
        public void NonFiniteValuesAndSingleEpochs_StillRender()
        {
            var records = new[]
            {
                new EpochRecord { Epoch = 1, TrainingLoss = 2.0, TrainingAccuracy = 0.3, ValidationLoss = double.NaN, ValidationAccuracy = 0.2 },
                new EpochRecord { Epoch = 2, TrainingLoss = double.PositiveInfinity, TrainingAccuracy = 0.4, ValidationLoss = 1.5, ValidationAccuracy = 0.35 },
            };
            PngImage two = PngImage.Decode(new LearningCurvePlot(PlotTestData.History(records)).ToPng(600, 300));
            Assert.True(two.Count(Blue, 3) > 0 && two.Count(Orange, 3) > 0);

            PngImage one = PngImage.Decode(new LearningCurvePlot(PlotTestData.History(1)).ToPng(600, 300));
            Assert.True(one.Count(Blue, 3) > 0, "a single epoch shows as a marker");
        }

        [Fact]
        public void LoggedValues_AreDrawnInAThirdPanel_InTheOtherColours()
        {
            // Two values a callback logged: the first in green, the second in red (PlotColors.Other, documented as tab10),
            // in the right-hand third; a history without them has two panels and no such colour.
            const string Green = "#2CA02C", Red = "#D62728";
            var records = PlotTestData.History(8).Epochs
                .Select(e => e with { Logged = LoggedValues.Empty.With("score", 0.1 * e.Epoch).With("gap", 1.0 / e.Epoch) });
            PngImage image = PngImage.Decode(new LearningCurvePlot(PlotTestData.History(records)).ToPng(1200, 400));
            int third = image.Width / 3;
            Assert.True(image.Count(Green, 3, 2 * third, 0, image.Width, image.Height) > 100, "no logged 'score' curve in the third panel");
            Assert.True(image.Count(Red, 3, 2 * third, 0, image.Width, image.Height) > 100, "no logged 'gap' curve in the third panel");
            Assert.Equal(0, image.Count(Green, 3, 0, 0, 2 * third, image.Height));
            Assert.True(image.Count(Blue, 3, 0, 0, third, image.Height) > 100, "the loss panel moved");

            PngImage plain = PngImage.Decode(new LearningCurvePlot(PlotTestData.History(8)).ToPng(1200, 400));
            Assert.Equal(0, plain.Count(Green, 3));
        }

        [Fact]
        public void CurvesBuiltByHand_AreDrawnWithoutATrainingHistory()
        {
            // Msmla.Core's LearningCurves alone: a training loss (blue, left) and a validation accuracy (orange, right).
            var curves = new LearningCurves(new[]
            {
                new LearningCurve("training loss", LearningCurvePanel.Loss, LearningCurveSeries.Training,
                    Enumerable.Range(1, 6).Select(e => new LearningCurvePoint(e, 2.0 / e))),
                new LearningCurve("validation accuracy", LearningCurvePanel.Accuracy, LearningCurveSeries.Validation,
                    Enumerable.Range(1, 6).Select(e => new LearningCurvePoint(e, 0.1 * e))),
            }, bestEpoch: 0);
            PngImage image = PngImage.Decode(new LearningCurvePlot(curves).ToPng(1000, 400));
            int half = image.Width / 2;
            Assert.True(image.Count(Blue, 3, 0, 0, half, image.Height) > 100);
            Assert.Equal(0, image.Count(Blue, 3, half, 0, image.Width, image.Height));
            Assert.True(image.Count(Orange, 3, half, 0, image.Width, image.Height) > 100);
            // The best epoch of the curves is marked (grey dashes in both panels) only when there is one.
            PngImage marked = PngImage.Decode(new LearningCurvePlot(new LearningCurves(curves.Curves, bestEpoch: 3)).ToPng(1000, 400));
            Assert.True(marked.Count(Grey, 3) > image.Count(Grey, 3) + 80, $"no best-epoch line: {marked.Count(Grey, 3)} grey pixels against {image.Count(Grey, 3)}");
            Assert.Throws<ArgumentException>(() => new LearningCurve("x", LearningCurvePanel.Loss, LearningCurveSeries.Training, new[] { new LearningCurvePoint(2, 1), new LearningCurvePoint(2, 1) }));
        }

        [Fact]
        public void SavePng_WritesADecodableFile()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string path = Path.Combine(directory.Path, "plots", "curves.png");
            new LearningCurvePlot(PlotTestData.History(3), new LearningCurvePlotOptions { Title = "MSMLA-18" }).SavePng(path, 900, 360);
            PngImage image = PngImage.Read(path);
            Assert.Equal((900, 360), (image.Width, image.Height));
            using var stream = new MemoryStream();
            new LearningCurvePlot(PlotTestData.History(3), new LearningCurvePlotOptions { Title = "MSMLA-18" }).SavePng(stream, 900, 360);
            Assert.Equal(image.Checksum(), PngImage.Decode(stream.ToArray()).Checksum());
        }

        [Fact]
        public void BadArguments_AreRejected()
        {
            var empty = new TrainingHistory(Array.Empty<EpochRecord>(), TrainingStopReason.Cancelled, TrainingMonitor.ValidationLoss, 0, null);
            Assert.Contains("no epoch", Assert.Throws<ArgumentException>(() => new LearningCurvePlot(new LearningCurves(Array.Empty<LearningCurve>(), 0))).Message);
            var error = Assert.Throws<ArgumentException>(() => new LearningCurvePlot(empty));
            Assert.Contains("no epoch", error.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => new LearningCurvePlot(PlotTestData.History(2)).ToPng(100, 480));
            Assert.Throws<ArgumentNullException>(() => new LearningCurvePlot(null!));
        }

        /// <summary>The mean y of the colour's pixels in the first and the last tenth of the colour's x extent in a panel.</summary>
        private static (double First, double Last) EndHeights(PngImage image, string hex, int left, int right)
        {
            var (r, g, b) = PngImage.ParseHex(hex);
            var pixels = (from y in Enumerable.Range(0, image.Height)
                          from x in Enumerable.Range(left, right - left)
                          let p = image[x, y]
                          where Math.Abs(p.R - r) <= 3 && Math.Abs(p.G - g) <= 3 && Math.Abs(p.B - b) <= 3
                          select (x, y)).ToArray();
            // Leave out the legend swatch (top-right corner of the loss panel, bottom-right of the accuracy panel):
            // take the curve's pixels only, by dropping the rightmost 25 % of the panel.
            int cut = left + (right - left) * 3 / 4;
            var curve = pixels.Where(p => p.x < cut).ToArray();
            int minX = curve.Min(p => p.x), maxX = curve.Max(p => p.x);
            int tenth = Math.Max(3, (maxX - minX) / 10);
            double first = curve.Where(p => p.x <= minX + tenth).Average(p => p.y);
            double last = curve.Where(p => p.x >= maxX - tenth).Average(p => p.y);
            return (first, last);
        }
    }
}
