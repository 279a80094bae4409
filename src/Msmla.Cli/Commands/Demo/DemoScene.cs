using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Progress;
using Msmla.Data.Classification;
using Msmla.Data.Mapping;
using Msmla.Data.Scenes;
using Msmla.Data.Synthetic;
using Msmla.Plotting;

namespace Msmla.Cli.Commands.Demo
{
    /// <summary>
    /// The scene part of the demo: a synthetic 10-band UTM scene (data/scene.tif) of regions of several classes, mapped
    /// with the demo's saved model into lcz-map.tif and its quicklook.
    /// </summary>
    internal static class DemoScene
    {
        /// <summary>Writes the scene and its map; returns the files and the share of cells mapped to their region's class.</summary>
        public static (IReadOnlyList<string> Files, double Agreement) Map(CommandContext context, DemoSettings settings, string model)
        {
            var options = new SyntheticSceneOptions { Seed = settings.Seed, Width = settings.SceneWidth, Height = settings.SceneHeight, TileSize = settings.PatchSize };
            string scenePath = Path.Combine(settings.OutputDirectory, "data", "scene.tif");
            SyntheticLczScene.Write(scenePath, options, overwrite: false, context.Cancellation);
            var outputs = MapOutputs.For(Path.Combine(settings.OutputDirectory, "lcz-map.tif"), MapProbabilities.Top);
            var prediction = new Msmla.Models.Inference.PredictionOptions
            {
                Device = Msmla.Core.Runtime.ComputeDevice.Cpu,
                Threads = settings.Threads ?? Msmla.Core.Runtime.TorchThreads.Automatic,
            };
            using var classifier = LczClassifier.Open(model, new LczClassifierOptions { Prediction = prediction }, context.Loggers);
            using GeoTiffScene scene = GeoTiffScene.Open(scenePath);
            var mapper = new LczMapper(classifier, new LczMapOptions { Probabilities = MapProbabilities.Top }, context.Loggers.CreateLogger<LczMapper>());
            LczMapResult map = context.Progress.Run(session =>
            {
                IProgressItem? item = null;
                LczMapResult r = mapper.Map(new[] { scene }, outputs, new CallbackProgress<MapProgress>(p =>
                {
                    item ??= session.Add("mapping the synthetic scene", p.Cells);
                    item.Update(p.CellsDone);
                }), context.Cancellation);
                item?.Complete();
                return r;
            });
            GeoTransform t = map.Grid.GeoReferencing.Transform;
            new LczMapPlot(map.Labels, map.Grid.Width, map.Grid.Height,
                (t.OriginX, t.OriginX + t.PixelWidth * map.Grid.Width, t.OriginY + t.PixelHeight * map.Grid.Height, t.OriginY),
                new LczMapPlotOptions { Title = "LCZ map of the synthetic scene" }).SavePng(outputs.Quicklook);

            // The share of classified cells whose label is the class of the region under the cell's centre.
            long agree = 0, classified = 0;
            for (int r = 0; r < map.Grid.Height; r++)
            {
                for (int c = 0; c < map.Grid.Width; c++)
                {
                    byte label = map.Labels[r * map.Grid.Width + c];
                    if (label == 0) continue;
                    classified++;
                    int row = System.Math.Min(options.Height - 1, r * 10 + 5), column = System.Math.Min(options.Width - 1, c * 10 + 5);
                    if (label == SyntheticLczScene.ClassAt(options, row, column) + 1) agree++;
                }
            }
            var files = new List<string> { scenePath };
            files.AddRange(map.Files);
            files.Add(outputs.Quicklook);
            return (files, agree / (double)System.Math.Max(1, classified));
        }
    }
}
