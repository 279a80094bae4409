using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Msmla.Cli.Infrastructure;
using Msmla.Core.Runtime;
using Msmla.Data.Mapping;
using Msmla.Data.Scenes;
using Msmla.Models.Inference;

namespace Msmla.Cli.Commands.Map
{
    /// <summary><c>msmla map</c>: Sentinel-2 scenes (GeoTIFF) to an LCZ map (Cloud Optimized GeoTIFF), on one machine or as array-job shards.</summary>
    internal static class MapCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(CliConsole console, GlobalOptions global)
        {
            var model = new Option<string?>("--model", "--weights", "-w")
            {
                Description = $"The model: {ModelReference.Help}. Either records the bands, scaling, normalisation and window size it takes.",
                HelpName = "model.dat",
            };
            var scene = new Option<string[]>("--scene", "-s")
            {
                Description = "A scene: one multi-band GeoTIFF, or its single-band files separated by commas (bands named by their descriptions or --band-names). " +
                    "Repeat for several scenes of one place (seasons) on one grid.",
                HelpName = "scene.tif",
                AllowMultipleArgumentsPerToken = false,
            };
            var bandNames = new Option<string?>("--band-names")
            {
                Description = "Names of the bands of each scene's files, in file order (for files without band descriptions), for example B2,B3,B4,B5,B6,B7,B8,B8A,B11,B12.",
                HelpName = "B2,B3,...",
            };
            var output = new Option<string>("--output", "-o")
            {
                Description = "The LCZ map to write (uint8 LCZ labels 1-17, nodata 0, LCZ colour table, Cloud Optimized GeoTIFF); probabilities go to <name>.probabilities.tif, " +
                    "the quicklook to <name>.quicklook.png, shards to <name>.tif.shards/.",
                Required = true,
                HelpName = "lcz.tif",
            };
            var step = new Option<int>("--step") { Description = "Scene pixels per map cell (10 = 100 m cells on a 10 m scene).", DefaultValueFactory = _ => 10, HelpName = "n" };
            var combine = new Option<string>("--combine") { Description = "How several scenes combine: mean (probability) or vote (majority).", DefaultValueFactory = _ => "mean", HelpName = "mean|vote" };
            combine.AcceptOnlyFromAmong("mean", "vote");
            var probabilities = new Option<string>("--probabilities")
            {
                Description = "Also write probabilities: none, top (the mapped class's) or all (one band per class).",
                DefaultValueFactory = _ => "none",
                HelpName = "none|top|all",
            };
            probabilities.AcceptOnlyFromAmong("none", "top", "all");
            var probabilityType = new Option<string>("--probability-type")
            {
                Description = "How probabilities are stored: percent (uint8 0-100, nodata 255) or float32 (nodata NaN).",
                DefaultValueFactory = _ => "percent",
                HelpName = "percent|float32",
            };
            probabilityType.AcceptOnlyFromAmong("percent", "float32");
            var baseline = new Option<bool>("--baseline-offset") { Description = "Subtract the processing-baseline 04.00 offset (DN - 1000) before dividing by 10,000 (Sentinel-2 products from 25 January 2022)." };
            var edges = new Option<string>("--edges")
            {
                Description = "Cells whose window reaches outside the scene: nodata, or reflect (pad by reflection).",
                DefaultValueFactory = _ => "nodata",
                HelpName = "nodata|reflect",
            };
            edges.AcceptOnlyFromAmong("nodata", "reflect");
            var shard = new Option<string?>("--shard")
            {
                Description = "Map only shard i of n (contiguous map rows) into <output>.shards/; env/n takes i from JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm). " +
                    "A finished shard of the same run is skipped.",
                HelpName = "i/n",
            };
            var merge = new Option<bool>("--merge") { Description = "Assemble the shards in <output>.shards/ into the map (bit-identical to a single-process map)." };
            var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing outputs (and shards of another run)." };
            var noQuicklook = new Option<bool>("--no-quicklook") { Description = "Do not write the PNG quicklook." };
            var device = DeviceArgument.Create("auto");
            var threads = ThreadsArgument.Create();
            var precision = PrecisionArgument.Create();
            var batch = new Option<int>("--batch-size") { Description = "Windows per forward pass.", DefaultValueFactory = _ => PredictionOptions.DefaultBatchSize, HelpName = "n" };
            var tta = new Option<bool>("--tta") { Description = "Test-time augmentation: average over the 8 flips and quarter turns." };
            var json = new Option<bool>("--json") { Description = "Write the result as JSON on stdout." };
            var command = new Command("map", "Map Sentinel-2 scenes (GeoTIFF) to LCZ with a saved model, read as the model records (bands by name, scaling, normalisation); " +
                "writes a Cloud Optimized GeoTIFF with the LCZ colour table, optional probabilities and a PNG quicklook.")
            {
                model, scene, bandNames, output, step, combine, probabilities, probabilityType, baseline, edges, shard, merge, overwrite, noQuicklook, device, threads, precision, batch, tta, json,
            };
            command.SetAction((parse, cancellation) => CommandExecution.RunAsync(console, global.VerbosityOf(parse), cancellation, context =>
            {
                bool merging = parse.GetValue(merge);
                string[] scenes = parse.GetValue(scene) ?? Array.Empty<string>();
                string? modelPath = parse.GetValue(model);
                if (merging && (modelPath != null || scenes.Length > 0 || parse.GetValue(shard) != null))
                    throw CliException.Usage("--merge assembles existing shards: do not give --model, --scene or --shard with it.");
                if (!merging && (modelPath == null || scenes.Length == 0))
                    throw CliException.Usage("Give --model and at least one --scene (or --merge to assemble shards).");
                int batchSize = parse.GetValue(batch);
                if (batchSize < 1) throw CliException.Usage($"--batch-size must be at least 1 (got {batchSize}).");
                MapShard? mapShard = null;
                if (parse.GetValue(shard) is string text)
                {
                    try
                    {
                        mapShard = MapShard.Parse(text);
                    }
                    catch (FormatException e)
                    {
                        throw CliException.Usage("--shard: " + e.Message);
                    }
                }
                MapProbabilities wanted = parse.GetValue(probabilities) switch { "top" => MapProbabilities.Top, "all" => MapProbabilities.All, _ => MapProbabilities.None };
                var options = new LczMapOptions
                {
                    Step = parse.GetValue(step),
                    Combine = parse.GetValue(combine) == "vote" ? MapCombine.MajorityVote : MapCombine.MeanProbability,
                    Probabilities = wanted,
                    ProbabilityEncoding = parse.GetValue(probabilityType) == "float32" ? ProbabilityEncoding.Float32 : ProbabilityEncoding.Percent,
                    BaselineOffset = parse.GetValue(baseline),
                    Edges = parse.GetValue(edges) == "reflect" ? MapEdges.Reflect : MapEdges.NoData,
                    Shard = mapShard,
                    Overwrite = parse.GetValue(overwrite),
                };
                try
                {
                    options.Validate();
                }
                catch (ArgumentException e)
                {
                    throw CliException.Usage(e.Message);
                }
                string[]? names = parse.GetValue(bandNames)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var settings = new MapSettings(modelPath is string m ? ModelReference.Parse(m) : null,
                    scenes.Select(s => (System.Collections.Generic.IReadOnlyList<string>)s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(Path.GetFullPath).ToArray()).ToArray(),
                    names, MapOutputs.For(parse.GetValue(output)!, wanted), options,
                    new PredictionOptions
                    {
                        Device = DeviceArgument.Parse(parse.GetValue(device)),
                        Threads = ThreadsArgument.Parse(parse.GetValue(threads)) ?? TorchThreads.Automatic,
                        BatchSize = batchSize,
                        TestTimeAugmentation = parse.GetValue(tta),
                        Precision = PrecisionArgument.Parse(parse.GetValue(precision)),
                    },
                    merging, !parse.GetValue(noQuicklook), parse.GetValue(json));
                return MapRunner.Run(context, settings);
            }));
            return command;
        }
    }
}
