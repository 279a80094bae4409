using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Msmla.Core.IO;
using Msmla.Core.Lcz;
using Msmla.Data.Classification;
using Msmla.Data.Scenes;

namespace Msmla.Data.Mapping
{
    /// <summary>
    /// Turns Sentinel-2 scenes (GeoTIFF) into an LCZ map (Cloud Optimized GeoTIFF) with a saved model and the input
    /// pipeline it records: the scenes' bands are matched to the model's bands by name, digital numbers become its input
    /// as the pipeline says, each map cell is classified from the patch-size window centred on it (<see cref="MapGeometry"/>),
    /// and several scenes of one place combine (<see cref="MapCombine"/>). Reads in blocks of rows: memory is bounded by
    /// the block and the batch, not by the scene. Array jobs map one <see cref="MapShard"/> each, and <see cref="Merge"/>
    /// assembles the shards into the map the single process would write, bit for bit.
    /// </summary>
    /// <example>
    /// <code>
    /// using LczClassifier classifier = LczClassifier.Open("model.dat");
    /// using GeoTiffScene scene = GeoTiffScene.Open("S2_scene.tif");
    /// var mapper = new LczMapper(classifier, new LczMapOptions { Probabilities = MapProbabilities.Top });
    /// LczMapResult map = mapper.Map(new[] { scene }, MapOutputs.For("lcz.tif", MapProbabilities.Top));
    /// </code>
    /// </example>
    public sealed class LczMapper
    {
        private readonly LczClassifier _classifier;
        private readonly ILogger _logger;

        /// <summary>A mapper that classifies with <paramref name="classifier"/> (not owned).</summary>
        /// <exception cref="ArgumentException">An option is out of range, or the model does not output the 17 LCZ classes.</exception>
        public LczMapper(LczClassifier classifier, LczMapOptions? options = null, ILogger<LczMapper>? logger = null)
        {
            _classifier = classifier ?? throw new ArgumentNullException(nameof(classifier));
            Options = (options ?? new LczMapOptions()).Validate();
            _logger = (ILogger?)logger ?? NullLogger.Instance;
            if (classifier.Model.Options.Classes != LczClasses.Count)
                throw new ArgumentException($"An LCZ map needs a model of the {LczClasses.Count} LCZ classes; {classifier.Model.Info.Name} has {classifier.Model.Options.Classes}.", nameof(classifier));
        }

        /// <summary>The options in force.</summary>
        public LczMapOptions Options { get; }

        /// <summary>
        /// Maps the scenes (or the rows of <see cref="LczMapOptions.Shard"/>) and writes the outputs: the class map and the
        /// probabilities as Cloud Optimized GeoTIFFs, or, for a shard, its rows as plain GeoTIFFs and a manifest in
        /// <see cref="MapOutputs.ShardDirectory"/>. Every file is written atomically; a cancelled or failed map leaves no file
        /// under a final name. Outputs are checked before any work: none may be an input (by identity, through links), and
        /// existing outputs are refused unless <see cref="LczMapOptions.Overwrite"/>. A shard whose complete output of an
        /// identical run exists does nothing (<see cref="LczMapResult.Skipped"/>).
        /// </summary>
        /// <param name="scenes">One or more scenes of one place on one grid (several seasons combine).</param>
        /// <param name="outputs">Where to write.</param>
        /// <param name="progress">Receives the cells done; may be null.</param>
        /// <param name="cancellationToken">Stops between batches.</param>
        /// <exception cref="SceneDataException">A scene lacks a band, has a band of an unusable type, is smaller than a window, or the scenes are not on one grid.</exception>
        /// <exception cref="IOException">An output exists (and overwriting was not asked for), is an input, or cannot be written.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public LczMapResult Map(IReadOnlyList<GeoTiffScene> scenes, MapOutputs outputs, IProgress<MapProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            if (Options.Probabilities != MapProbabilities.None && outputs.Probabilities == null)
                throw new ArgumentException("Probabilities were asked for but the outputs name no probability file.", nameof(outputs));
            (List<SceneInput> inputs, MapGeometry geometry, RasterGrid grid) = Prepare(scenes);
            CheckOutputs(scenes, outputs);
            string fingerprint = Fingerprint(scenes, grid);

            if (Options.Shard is MapShard shard)
            {
                (int first, int end) = shard.Rows(grid.Height);
                string directory = outputs.ShardDirectory;
                string manifestPath = Path.Combine(directory, ShardManifest.BaseNameOf(first, end) + ".json");
                if (ShardManifest.Read(manifestPath) is { } done)
                {
                    bool complete = File.Exists(Path.Combine(directory, done.ClassFile))
                        && (done.ProbabilityFile == null || File.Exists(Path.Combine(directory, done.ProbabilityFile)));
                    if (done.Fingerprint == fingerprint && complete && !Options.Overwrite)
                    {
                        _logger.LogInformation("Shard {Shard} (map rows {First}-{End}) is already done in {Directory}; nothing to do", shard, first, end - 1, directory);
                        return new LczMapResult(grid, first, end, Array.Empty<byte>(), null, 0, 0, Array.Empty<string>(), skipped: true);
                    }
                    if (done.Fingerprint != fingerprint && !Options.Overwrite)
                        throw new IOException($"{manifestPath} holds shard {done.Index}/{done.Count} of another map (other model, scenes or options); remove {directory} or ask to overwrite.");
                }
                Directory.CreateDirectory(directory);
                // A killed run of this shard may have left its temporary files (the final names are written atomically).
                foreach (string stale in Directory.EnumerateFiles(directory, "." + ShardManifest.BaseNameOf(first, end) + "*.tmp"))
                {
                    _logger.LogWarning("Removing {File}, a temporary file of an interrupted run of this shard", stale);
                    File.Delete(stale);
                }
                LczMapResult block = Compute(inputs, geometry, grid, first, end, progress, cancellationToken);
                var files = new List<string>();
                var writeOptions = new MapWriteOptions { Overwrite = true, CloudOptimized = false, ProbabilityEncoding = Options.ProbabilityEncoding };
                GeoReferencing origin = grid.GeoReferencing.Translate(0, first);
                string classFile = ShardManifest.BaseNameOf(first, end) + ".tif";
                LczMapWriter.WriteClasses(Path.Combine(directory, classFile), block.Labels, grid.Width, end - first, origin, writeOptions, cancellationToken);
                files.Add(Path.Combine(directory, classFile));
                string? probabilityFile = null;
                if (block.Probabilities != null)
                {
                    probabilityFile = ShardManifest.BaseNameOf(first, end) + ".probabilities.tif";
                    LczMapWriter.WriteProbabilities(Path.Combine(directory, probabilityFile), block.Probabilities, block.ProbabilityBands, grid.Width, end - first, origin,
                        writeOptions, cancellationToken);
                    files.Add(Path.Combine(directory, probabilityFile));
                }
                var manifest = new ShardManifest
                {
                    Fingerprint = fingerprint, Index = shard.Index, Count = shard.Count, FirstRow = first, EndRow = end,
                    MapWidth = grid.Width, MapHeight = grid.Height, ClassFile = classFile, ProbabilityFile = probabilityFile, ProbabilityBands = block.ProbabilityBands,
                };
                AtomicFile.WriteAllText(manifestPath, JsonSerializer.Serialize(manifest, ShardManifest.Json));
                files.Add(manifestPath);
                _logger.LogInformation("Shard {Shard}: map rows {First}-{End} written to {Directory}", shard, first, end - 1, directory);
                return new LczMapResult(grid, first, end, block.Labels, block.Probabilities, block.ProbabilityBands, block.NoDataCells, files, skipped: false);
            }

            LczMapResult map = Compute(inputs, geometry, grid, 0, grid.Height, progress, cancellationToken);
            List<string> written = Write(outputs, grid, map.Labels, map.Probabilities, map.ProbabilityBands, Options.ProbabilityEncoding, Options.Overwrite, cancellationToken);
            return new LczMapResult(grid, 0, grid.Height, map.Labels, map.Probabilities, map.ProbabilityBands, map.NoDataCells, written, skipped: false);
        }

        /// <summary>
        /// Classifies map rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of the scenes in memory, without
        /// writing anything.
        /// </summary>
        /// <exception cref="SceneDataException">A scene lacks a band, has a band of an unusable type, is smaller than a window, or the scenes are not on one grid.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The rows are not within the map.</exception>
        public LczMapResult Compute(IReadOnlyList<GeoTiffScene> scenes, int firstRow, int endRow, IProgress<MapProgress>? progress = null,
            CancellationToken cancellationToken = default)
        {
            (List<SceneInput> inputs, MapGeometry geometry, RasterGrid grid) = Prepare(scenes);
            if (firstRow < 0 || endRow > grid.Height || firstRow >= endRow)
                throw new ArgumentOutOfRangeException(nameof(firstRow), $"Map rows {firstRow} to {endRow} are not within the map's {grid.Height} rows.");
            return Compute(inputs, geometry, grid, firstRow, endRow, progress, cancellationToken);
        }

        /// <summary>
        /// Assembles the shards in <see cref="MapOutputs.ShardDirectory"/> into the map (and probabilities) a single process
        /// would have written, bit for bit. Every shard of one run must be there.
        /// </summary>
        /// <exception cref="InvalidDataException">A shard is missing, of another run, or its files do not fit its manifest.</exception>
        /// <exception cref="IOException">An output exists and <paramref name="overwrite"/> is false.</exception>
        public static LczMapResult Merge(MapOutputs outputs, bool overwrite = false, ProbabilityEncoding encoding = ProbabilityEncoding.Percent,
            ILogger? logger = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            string directory = outputs.ShardDirectory;
            if (!Directory.Exists(directory)) throw new InvalidDataException($"There is no shard directory {directory}: map the shards first.");
            ShardManifest[] manifests = Directory.EnumerateFiles(directory, "rows-*.json").Order(StringComparer.Ordinal)
                .Select(p => ShardManifest.Read(p)!).OrderBy(m => m.FirstRow).ToArray();
            if (manifests.Length == 0) throw new InvalidDataException($"{directory} holds no shard manifest (rows-*.json).");
            ShardManifest head = manifests[0];
            ShardManifest? other = manifests.FirstOrDefault(m => m.Fingerprint != head.Fingerprint || m.Count != head.Count || m.MapWidth != head.MapWidth || m.MapHeight != head.MapHeight);
            if (other != null)
                throw new InvalidDataException($"{directory} holds shards of different runs ({head.BaseName} and {other.BaseName}); remove the stale ones and map them again.");
            int[] missing = Enumerable.Range(0, head.Count).Except(manifests.Select(m => m.Index)).ToArray();
            if (missing.Length > 0 || manifests.Length != head.Count)
                throw new InvalidDataException($"{directory} lacks shard(s) {string.Join(", ", missing.Select(i => $"{i}/{head.Count}"))} of {head.Count}: map them before merging.");
            for (int i = 0; i < manifests.Length; i++)
            {
                (int first, int end) = new MapShard(manifests[i].Index, head.Count).Rows(head.MapHeight);
                if (manifests[i].FirstRow != first || manifests[i].EndRow != end)
                    throw new InvalidDataException($"Shard {manifests[i].Index}/{head.Count} in {directory} holds rows {manifests[i].FirstRow}-{manifests[i].EndRow}, not {first}-{end}.");
            }
            if (!overwrite) RefuseExisting(outputs, head.ProbabilityFile != null);

            int width = head.MapWidth, height = head.MapHeight, bands = head.ProbabilityBands;
            var labels = new byte[(long)width * height];
            float[]? probabilities = head.ProbabilityFile != null ? new float[(long)bands * width * height] : null;
            GeoReferencing? georeferencing = null;
            foreach (ShardManifest shard in manifests)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rows = shard.EndRow - shard.FirstRow;
                using (GeoTiffRaster raster = GeoTiffRaster.Open(Path.Combine(directory, shard.ClassFile)))
                {
                    CheckShardRaster(raster, width, rows, 1, shard);
                    georeferencing ??= raster.GeoReferencing.Translate(0, -shard.FirstRow);
                    var values = new float[rows * width];
                    raster.ReadRows(0, rows, values);
                    for (int i = 0; i < values.Length; i++) labels[(long)shard.FirstRow * width + i] = (byte)values[i];
                }
                if (probabilities != null)
                {
                    using GeoTiffRaster raster = GeoTiffRaster.Open(Path.Combine(directory, shard.ProbabilityFile!));
                    CheckShardRaster(raster, width, rows, bands, shard);
                    var values = new float[bands * rows * width];
                    raster.ReadRows(0, rows, values);
                    bool percent = raster.SampleType == RasterSampleType.UInt8;
                    for (int b = 0; b < bands; b++)
                    {
                        for (int i = 0; i < rows * width; i++)
                        {
                            float v = values[b * rows * width + i];
                            probabilities[(long)b * width * height + (long)shard.FirstRow * width + i] =
                                percent ? (v == LczMapWriter.PercentNoData ? float.NaN : v / 100f) : v;
                        }
                    }
                }
            }
            var grid = new RasterGrid(width, height, georeferencing!);
            List<string> files = Write(outputs, grid, labels, probabilities, bands, encoding, overwrite, cancellationToken);
            (logger ?? NullLogger.Instance).LogInformation("Merged {Count} shards of {Directory} into {Map}", manifests.Length, directory, outputs.Classes);
            long noData = labels.LongCount(l => l == LczMapWriter.ClassNoData);
            return new LczMapResult(grid, 0, height, labels, probabilities, bands, noData, files, skipped: false);
        }

        private (List<SceneInput> Inputs, MapGeometry Geometry, RasterGrid Grid) Prepare(IReadOnlyList<GeoTiffScene> scenes)
        {
            ArgumentNullException.ThrowIfNull(scenes);
            if (scenes.Count == 0) throw new ArgumentException("Give at least one scene.", nameof(scenes));
            if (scenes.Count > 1) GeoTiffScene.RequireSameGrid(scenes);
            var inputs = scenes.Select(s => SceneInput.Prepare(s, _classifier.Input, Options.BaselineOffset)).ToList();
            MapGeometry geometry = MapGeometry.For(scenes[0], Options.Step, _classifier.Input.PatchSize);
            RasterGrid grid = geometry.MapGrid(scenes[0].GeoReferencing);
            return (inputs, geometry, grid);
        }

        private LczMapResult Compute(List<SceneInput> inputs, MapGeometry geometry, RasterGrid grid, int firstRow, int endRow, IProgress<MapProgress>? progress,
            CancellationToken cancellationToken)
        {
            int classes = LczClasses.Count, mapWidth = grid.Width, rows = endRow - firstRow;
            int patch = geometry.Patch, step = geometry.Step;
            int blockMapRows = Math.Max(1, (Options.BlockRows - patch) / step + 1);
            int bands = Options.Probabilities switch { MapProbabilities.Top => 1, MapProbabilities.All => classes, _ => 0 };
            var labels = new byte[(long)rows * mapWidth];
            float[]? probabilities = bands > 0 ? new float[(long)bands * rows * mapWidth] : null;
            long total = (long)rows * mapWidth * inputs.Count, done = 0;
            var clock = Stopwatch.StartNew();
            var classifier = new BlockClassifier(geometry, Options.Edges, _classifier.Input.Channels, classes, _classifier.Options.Prediction.BatchSize,
                (windows, count, target) => _classifier.PredictInput(windows, count, target, cancellationToken));
            void Done(int cells)
            {
                done += cells;
                progress?.Report(new MapProgress(done, total));
            }
            _logger.LogInformation("Mapping {Rows} of {Height} map rows x {Width} cells ({Step}-pixel step, {Patch} x {Patch} windows) from {Scenes} scene(s) with {Model}",
                rows, grid.Height, mapWidth, step, patch, patch, inputs.Count, _classifier.Model.Info.Name);

            long noData = 0;
            for (int block = firstRow; block < endRow; block += blockMapRows)
            {
                int blockEnd = Math.Min(endRow, block + blockMapRows), cells = (blockEnd - block) * mapWidth;
                var perScene = new float[inputs.Count][];
                var validPerScene = new bool[inputs.Count][];
                for (int s = 0; s < inputs.Count; s++)
                {
                    perScene[s] = new float[cells * classes];
                    validPerScene[s] = new bool[cells];
                    classifier.Classify(inputs[s], block, blockEnd, perScene[s], validPerScene[s], Done, cancellationToken);
                }
                noData += Combine(perScene, validPerScene, cells, classes, (block - firstRow) * mapWidth, labels, probabilities, bands, rows * mapWidth);
            }
            _logger.LogInformation("Mapped {Cells} cells in {Seconds:0.0} s ({Rate:0} cells/s); {NoData} nodata", (long)rows * mapWidth, clock.Elapsed.TotalSeconds,
                total / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), noData);
            return new LczMapResult(grid, firstRow, endRow, labels, probabilities, bands, noData, Array.Empty<string>(), skipped: false);
        }

        /// <summary>Combines the scenes' predictions of a block into labels and probabilities; returns the nodata cells.</summary>
        private long Combine(float[][] perScene, bool[][] validPerScene, int cells, int classes, int offset, byte[] labels, float[]? probabilities, int bands,
            int plane)
        {
            long noData = 0;
            Span<float> mean = stackalloc float[classes];
            Span<int> votes = stackalloc int[classes];
            for (int cell = 0; cell < cells; cell++)
            {
                mean.Clear();
                votes.Clear();
                int scenes = 0;
                for (int s = 0; s < perScene.Length; s++)
                {
                    if (!validPerScene[s][cell]) continue;
                    ReadOnlySpan<float> p = perScene[s].AsSpan(cell * classes, classes);
                    for (int k = 0; k < classes; k++) mean[k] += p[k];
                    votes[ArgMax(p)]++;
                    scenes++;
                }
                int target = offset + cell;
                if (scenes == 0)
                {
                    labels[target] = LczMapWriter.ClassNoData;
                    noData++;
                    if (probabilities != null)
                        for (int b = 0; b < bands; b++) probabilities[(long)b * plane + target] = float.NaN;
                    continue;
                }
                if (scenes > 1)
                    for (int k = 0; k < classes; k++) mean[k] /= scenes;
                int winner = ArgMax(mean);
                if (Options.Combine == MapCombine.MajorityVote && scenes > 1)
                {
                    int most = 0;
                    for (int k = 0; k < classes; k++) most = Math.Max(most, votes[k]);
                    winner = -1;
                    for (int k = 0; k < classes; k++)
                        if (votes[k] == most && (winner < 0 || mean[k] > mean[winner])) winner = k;
                }
                labels[target] = (byte)(winner + 1);
                if (bands == 1) probabilities![target] = mean[winner];
                else if (bands > 1)
                    for (int k = 0; k < classes; k++) probabilities![(long)k * plane + target] = mean[k];
            }
            return noData;
        }

        /// <summary>The first index of the largest value (the predictor's rule).</summary>
        private static int ArgMax(ReadOnlySpan<float> values)
        {
            int best = 0;
            for (int k = 1; k < values.Length; k++)
                if (values[k] > values[best]) best = k;
            return best;
        }

        private static List<string> Write(MapOutputs outputs, RasterGrid grid, byte[] labels, float[]? probabilities, int bands, ProbabilityEncoding encoding,
            bool overwrite, CancellationToken cancellationToken)
        {
            var files = new List<string>();
            var options = new MapWriteOptions { Overwrite = overwrite, ProbabilityEncoding = encoding };
            LczMapWriter.WriteClasses(outputs.Classes, labels, grid.Width, grid.Height, grid.GeoReferencing, options, cancellationToken);
            files.Add(outputs.Classes);
            if (probabilities != null && outputs.Probabilities != null)
            {
                LczMapWriter.WriteProbabilities(outputs.Probabilities, probabilities, bands, grid.Width, grid.Height, grid.GeoReferencing, options, cancellationToken);
                files.Add(outputs.Probabilities);
            }
            return files;
        }

        private void CheckOutputs(IReadOnlyList<GeoTiffScene> scenes, MapOutputs outputs)
        {
            var inputs = scenes.SelectMany(s => s.Files.Select(f => f.Path)).ToList();
            if (_classifier.ModelFile is { } model && _classifier.ModelPath is { } weights)
            {
                inputs.Add(weights);
                inputs.Add(Models.Weights.LczModelFileInfo.SidecarPath(weights));
            }
            foreach (string output in new[] { outputs.Classes, outputs.Probabilities }.Where(o => o != null)!)
            {
                string? input = inputs.FirstOrDefault(i => FileIdentity.IsSameFile(i, output!));
                if (input != null) throw new IOException($"The output {output} is the input {input}: choose another output path.");
                string? parent = Path.GetDirectoryName(Path.GetFullPath(output!));
                if (parent != null) Directory.CreateDirectory(parent);
            }
            if (outputs.Probabilities != null && FileIdentity.IsSameFile(outputs.Classes, outputs.Probabilities))
                throw new IOException($"The class map and the probabilities would both be {outputs.Classes}.");
            if (Options.Shard == null && !Options.Overwrite) RefuseExisting(outputs, Options.Probabilities != MapProbabilities.None);
        }

        private static void RefuseExisting(MapOutputs outputs, bool probabilities)
        {
            foreach (string? output in new[] { outputs.Classes, probabilities ? outputs.Probabilities : null })
                if (output != null && (File.Exists(output) || Directory.Exists(output)))
                    throw new IOException($"{output} exists; choose another output or ask to overwrite it.");
        }

        private static void CheckShardRaster(GeoTiffRaster raster, int width, int rows, int bands, ShardManifest shard)
        {
            if (raster.Width != width || raster.Height != rows || raster.BandCount != bands)
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{raster.Path} is {raster.Width} x {raster.Height} with {raster.BandCount} band(s), but shard {shard.Index}/{shard.Count} should be {width} x {rows} with {bands}."));
        }

        /// <summary>
        /// SHA-256 of everything that decides the map: model, pipeline, classes, test-time augmentation, the precision in
        /// force (so that shards computed in bfloat16 and float32 are not merged), options (not the shard), scenes and grid.
        /// </summary>
        private string Fingerprint(IReadOnlyList<GeoTiffScene> scenes, RasterGrid grid)
        {
            var description = new
            {
                model = _classifier.ModelFile?.WeightsSha256 ?? "in-memory " + _classifier.Model.Info.Name,
                input = _classifier.Input,
                classes = _classifier.ClassNames,
                tta = _classifier.Options.Prediction.TestTimeAugmentation,
                precision = _classifier.Precision.ToString(),
                options = Options with { Shard = null, Overwrite = false, BlockRows = 0 },
                scenes = scenes.Select(s => s.Files.Select(f =>
                {
                    var file = new FileInfo(f.Path);
                    return new { path = file.FullName, length = file.Length, modified = file.LastWriteTimeUtc.Ticks };
                })),
                grid = new { grid.Width, grid.Height, transform = grid.GeoReferencing.Transform.ToGdal() },
            };
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(description, ShardManifest.Json);
            return Convert.ToHexString(SHA256.HashData(json)).ToLowerInvariant();
        }
    }
}
