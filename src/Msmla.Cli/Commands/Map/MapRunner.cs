using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Progress;
using Msmla.Core.Lcz;
using Msmla.Data.Classification;
using Msmla.Data.Mapping;
using Msmla.Data.Scenes;
using Msmla.Plotting;

namespace Msmla.Cli.Commands.Map
{
    /// <summary>The work of <c>msmla map</c>: <see cref="LczMapper.Map"/> or <see cref="LczMapper.Merge"/>, then the quicklook and the report.</summary>
    internal static class MapRunner
    {
        /// <summary>Maps (or merges) and reports.</summary>
        public static int Run(CommandContext context, MapSettings settings)
        {
            ILogger logger = context.Logger("msmla.map");
            LczMapResult result;
            if (settings.Merge)
            {
                result = LczMapper.Merge(settings.Outputs, settings.Map.Overwrite, settings.Map.ProbabilityEncoding, logger, context.Cancellation);
            }
            else
            {
                // LczMapper refuses a map or probability output that is an input; the quicklook is written here.
                if (settings.Quicklook && settings.Map.Shard == null) OutputGuard.CheckFile(settings.Outputs.Quicklook, "--output's quicklook", Inputs(settings));
                using LczClassifier classifier = settings.Model!.Open(new LczClassifierOptions { Prediction = settings.Prediction }, context.Loggers);
                int batch = settings.Prediction.BatchSize;
                BatchSizeLimit.Check($"--batch-size {batch}", fromCommandLine: true, batch, long.MaxValue, classifier.Input.Channels, classifier.Input.PatchSize, classifier.Input.PatchSize, "windows");
                var scenes = new List<GeoTiffScene>();
                try
                {
                    foreach (IReadOnlyList<string> sceneFiles in settings.Scenes)
                    {
                        ILogger sceneLogger = context.Logger("msmla.scene");
                        scenes.Add(settings.BandNames is { } names ? GeoTiffScene.Open(sceneFiles, names, logger: sceneLogger) : GeoTiffScene.Open(sceneFiles, logger: sceneLogger));
                    }
                    var mapper = new LczMapper(classifier, settings.Map, context.Loggers.CreateLogger<LczMapper>());
                    result = context.Progress.Run(session =>
                    {
                        IProgressItem? item = null;
                        LczMapResult r = mapper.Map(scenes, settings.Outputs, new CallbackProgress<MapProgress>(p =>
                        {
                            item ??= session.Add($"mapping with {classifier.Model.Info.Name}", p.Cells);
                            item.Update(p.CellsDone);
                        }), context.Cancellation);
                        item?.Complete();
                        return r;
                    });
                }
                finally
                {
                    foreach (GeoTiffScene scene in scenes) scene.Dispose();
                }
            }

            var files = new List<string>(result.Files);
            if (settings.Quicklook && settings.Map.Shard == null && !result.Skipped)
            {
                GeoTransform t = result.Grid.GeoReferencing.Transform;
                (double, double, double, double)? extent = t.IsRotated ? null
                    : (t.OriginX, t.OriginX + t.PixelWidth * result.Grid.Width, t.OriginY + t.PixelHeight * result.Grid.Height, t.OriginY);
                new LczMapPlot(result.Labels, result.Grid.Width, result.Grid.Height, extent,
                    new LczMapPlotOptions { Title = $"LCZ map {Path.GetFileName(settings.Outputs.Classes)}" }).SavePng(settings.Outputs.Quicklook);
                files.Add(settings.Outputs.Quicklook);
            }
            Report(context, settings, result, files);
            return ExitCodes.Success;
        }

        /// <summary>The files mapping reads: the model, its sidecar and every scene file.</summary>
        private static List<CommandInput> Inputs(MapSettings settings)
        {
            var inputs = new List<CommandInput>(settings.Model!.Inputs("--model"));
            foreach (IReadOnlyList<string> scene in settings.Scenes)
                foreach (string file in scene) inputs.Add(new CommandInput("a scene file given with --scene", file));
            return inputs;
        }

        private static void Report(CommandContext context, MapSettings settings, LczMapResult result, IReadOnlyList<string> files)
        {
            long cells = (long)(result.EndRow - result.FirstRow) * result.Grid.Width;
            var counts = new long[LczClasses.Count + 1];
            foreach (byte label in result.Labels) counts[label]++;
            if (settings.Json)
            {
                CliJson.Write(context.Console.Out, new
                {
                    output = settings.Outputs.Classes,
                    width = result.Grid.Width,
                    height = result.Grid.Height,
                    epsg = result.Grid.GeoReferencing.EpsgCode,
                    geoTransform = result.Grid.GeoReferencing.Transform.ToGdal(),
                    shard = settings.Map.Shard?.ToString(),
                    firstRow = result.FirstRow,
                    endRow = result.EndRow,
                    skipped = result.Skipped,
                    cells,
                    noDataCells = result.NoDataCells,
                    perClass = result.Skipped ? null : LczClasses.All.Select(c => new { code = c.Code, cells = counts[c.Index + 1] }).ToArray(),
                    files,
                });
                return;
            }
            TextWriter output = context.Console.Out;
            if (result.Skipped)
            {
                output.WriteLine($"Shard {settings.Map.Shard} (map rows {result.FirstRow}-{result.EndRow - 1}) is already done in {settings.Outputs.ShardDirectory}; nothing to do.");
                return;
            }
            string what = settings.Map.Shard is { } shard ? $"Shard {shard}: map rows {result.FirstRow}-{result.EndRow - 1} of" : settings.Merge ? "Merged" : "Mapped";
            output.WriteLine($"{what} a {result.Grid.Width} x {result.Grid.Height} LCZ map (EPSG {result.Grid.GeoReferencing.EpsgCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, " +
                $"{Math.Abs(result.Grid.GeoReferencing.Transform.PixelWidth):0.##} m cells); {cells - result.NoDataCells} cells classified, {result.NoDataCells} nodata.");
            output.WriteLine();
            var table = new Output.TextTable("LCZ", "name", ">cells", ">share");
            foreach (LczClass lcz in LczClasses.All.Where(c => counts[c.Index + 1] > 0))
                table.Add(lcz.Code, lcz.Name, counts[lcz.Index + 1].ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Output.MetricsFiles.Percent(counts[lcz.Index + 1] / (double)Math.Max(1, cells - result.NoDataCells)));
            table.Write(output);
            output.WriteLine();
            foreach (string file in files) output.WriteLine("Wrote " + file);
        }
    }
}
