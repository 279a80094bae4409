using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Msmla.Core.Lcz;
using Msmla.Data.Classification;
using Msmla.Data.Mapping;
using Msmla.Data.Scenes;
using Msmla.Data.Synthetic;
using Msmla.Data.Tests.Support;
using Msmla.Models.Inference;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Mapping;

public sealed class LczMapperTests : IClassFixture<MapFixture>
{
    private readonly MapFixture _fixture;

    public LczMapperTests(MapFixture fixture) => _fixture = fixture;

    [SkippableTheory]
    [InlineData(false, 0.0)]
    [InlineData(true, 1000.0)]
    public void Every_cell_equals_the_classifier_on_its_window_cut_with_NumPy(bool reflect, double offset)
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        string windows = directory.File("windows.h5");
        (int[] cells, int mapWidth, int mapHeight) = MapFixture.CutWindows(_fixture.Scene, windows, step: 10, patch: 16, reflect, offset);

        using LczClassifier classifier = _fixture.Classifier();
        using GeoTiffScene scene = GeoTiffScene.Open(_fixture.Scene);
        var options = new LczMapOptions
        {
            Probabilities = MapProbabilities.All, Edges = reflect ? MapEdges.Reflect : MapEdges.NoData, BaselineOffset = offset > 0, BlockRows = 40,
        };
        LczMapResult map = new LczMapper(classifier, options).Compute(new[] { scene }, 0, (scene.Height + 9) / 10);
        Assert.Equal((mapWidth, mapHeight), (map.Grid.Width, map.Grid.Height));
        PredictionResult expected = classifier.PredictFile(windows);
        Assert.Equal(cells.Length, expected.Count);

        int plane = mapWidth * mapHeight, checkedLabels = 0;
        var inReference = cells.ToHashSet();
        for (int i = 0; i < cells.Length; i++)
        {
            ReadOnlySpan<float> p = expected.ProbabilitiesOf(i);
            for (int k = 0; k < LczClasses.Count; k++)
                Assert.True(Math.Abs(map.Probabilities![k * plane + cells[i]] - p[k]) < 1e-4, $"cell {cells[i]}, class {k}: {map.Probabilities[k * plane + cells[i]]} against {p[k]}");
            float[] sorted = p.ToArray().OrderDescending().ToArray();
            if (sorted[0] - sorted[1] < 1e-3) continue; // a near tie may go either way in float32
            Assert.Equal(expected.Labels[i] + 1, map.Labels[cells[i]]);
            checkedLabels++;
        }
        Assert.True(checkedLabels > cells.Length * 0.9, $"only {checkedLabels} of {cells.Length} labels were clear enough to compare");
        for (int cell = 0; cell < plane; cell++)
        {
            if (inReference.Contains(cell)) continue;
            Assert.Equal(0, map.Labels[cell]);
            Assert.True(float.IsNaN(map.Probabilities![cell]), $"nodata cell {cell} has a probability");
        }
        Assert.Equal(plane - cells.Length, map.NoDataCells);
        if (reflect) Assert.Contains(0, cells); // the corner cell's window is reflected, not nodata
    }

    [SkippableFact]
    public void The_written_map_is_what_GDAL_reads_a_valid_COG_on_the_scene_grid_with_the_LCZ_colours()
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        // A scene wider than one map tile (256 cells) so that the map has an overview.
        string wide = directory.File("wide.tif");
        SyntheticLczScene.Write(wide, new SyntheticSceneOptions { Seed = 2, Width = 2613, Height = 37, TileSize = 16, NoDataCorner = false });
        using LczClassifier classifier = _fixture.Classifier();
        using GeoTiffScene scene = GeoTiffScene.Open(wide);
        MapOutputs outputs = MapOutputs.For(directory.File("lcz.tif"), MapProbabilities.Top);
        LczMapResult map = new LczMapper(classifier, new LczMapOptions { Probabilities = MapProbabilities.Top }).Map(new[] { scene }, outputs);
        Assert.Equal(new[] { outputs.Classes, outputs.Probabilities! }, map.Files);

        JsonElement info = JsonDocument.Parse(GdalTools.Run("gdalinfo", "-json", outputs.Classes)).RootElement;
        Assert.Equal(new[] { 262, 4 }, info.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        // The scene's origin, pixels 10 times larger (SyntheticSceneOptions: 400000, 5800000, 10 m).
        Assert.Equal(new[] { 400000.0, 100, 0, 5800000, 0, -100 }, info.GetProperty("geoTransform").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(32633, info.GetProperty("stac").GetProperty("proj:epsg").GetInt32());
        JsonElement band = info.GetProperty("bands")[0];
        Assert.Equal(0.0, band.GetProperty("noDataValue").GetDouble());
        Assert.Equal("Palette", band.GetProperty("colorInterpretation").GetString());
        Assert.Equal(new[] { 131, 2 }, band.GetProperty("overviews")[0].GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        JsonElement[] colours = band.GetProperty("colorTable").GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(new[] { 0x6a, 0x6a, 0xff }, colours[17].EnumerateArray().Take(3).Select(e => e.GetInt32())); // LCZ G, water

        string check = GdalPython.Run("""
ds = gdal.Open(sys.argv[1])
print(json.dumps({'labels': ds.ReadAsArray().ravel().tolist(), 'top': gdal.Open(sys.argv[2]).ReadAsArray().ravel().tolist()}))
""", outputs.Classes, outputs.Probabilities!);
        using JsonDocument read = JsonDocument.Parse(check);
        Assert.Equal(map.Labels.Select(l => (int)l), read.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()));
        int[] percent = read.RootElement.GetProperty("top").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        for (int i = 0; i < percent.Length; i++)
            Assert.Equal(map.Labels[i] == 0 ? 255 : (int)Math.Round(map.Probabilities![i] * 100), percent[i]);
        string validator = GdalPython.Run("""
from osgeo_utils.samples import validate_cloud_optimized_geotiff as v
warnings, errors, _ = v.validate(sys.argv[1], full_check=True)
print(json.dumps({'warnings': warnings, 'errors': errors}))
""", outputs.Classes);
        using JsonDocument valid = JsonDocument.Parse(validator);
        Assert.Empty(valid.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Empty(valid.RootElement.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public void Several_scenes_combine_by_mean_probability_or_majority_vote()
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        string[] paths = { directory.File("spring.tif"), directory.File("summer.tif"), directory.File("autumn.tif") };
        for (int i = 0; i < paths.Length; i++) SyntheticLczScene.Write(paths[i], _fixture.SceneOptions with { Seed = 10 + i });
        using LczClassifier classifier = _fixture.Classifier();
        GeoTiffScene[] scenes = paths.Select(p => GeoTiffScene.Open(p)).ToArray();
        try
        {
            var all = new LczMapOptions { Probabilities = MapProbabilities.All };
            int rows = (scenes[0].Height + 9) / 10;
            LczMapResult[] single = scenes.Select(s => new LczMapper(classifier, all).Compute(new[] { s }, 0, rows)).ToArray();
            LczMapResult mean = new LczMapper(classifier, all).Compute(scenes, 0, rows);
            LczMapResult vote = new LczMapper(classifier, all with { Combine = MapCombine.MajorityVote }).Compute(scenes, 0, rows);
            int plane = single[0].Labels.Length, disagreements = 0;
            for (int cell = 0; cell < plane; cell++)
            {
                var valid = single.Where(m => m.Labels[cell] != 0).ToArray();
                if (valid.Length == 0)
                {
                    Assert.Equal(0, mean.Labels[cell]);
                    continue;
                }
                // By hand: the mean of the scenes' probabilities and its argmax; the scenes' labels and their mode.
                double[] average = Enumerable.Range(0, 17).Select(k => valid.Average(m => (double)m.Probabilities![k * plane + cell])).ToArray();
                int best = Array.IndexOf(average, average.Max());
                if (average.OrderDescending().Skip(1).First() < average[best] - 1e-5) Assert.Equal(best + 1, mean.Labels[cell]);
                var counts = valid.GroupBy(m => m.Labels[cell]).Select(g => (Label: g.Key, Votes: g.Count())).ToArray();
                int most = counts.Max(c => c.Votes);
                byte[] tied = counts.Where(c => c.Votes == most).Select(c => c.Label).ToArray();
                if (tied.Length == 1) Assert.Equal(tied[0], vote.Labels[cell]);
                else Assert.Equal(tied.OrderByDescending(l => average[l - 1]).First(), vote.Labels[cell]);
                if (mean.Labels[cell] != vote.Labels[cell]) disagreements++;
            }
            Assert.Equal(single[0].NoDataCells, mean.NoDataCells);
        }
        finally
        {
            foreach (GeoTiffScene scene in scenes) scene.Dispose();
        }
    }

    [Fact]
    public void Shards_merge_into_the_single_process_map_bit_for_bit_and_a_finished_shard_is_skipped()
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        using LczClassifier classifier = _fixture.Classifier();
        using GeoTiffScene scene = GeoTiffScene.Open(_fixture.Scene);
        var options = new LczMapOptions { Probabilities = MapProbabilities.All };
        MapOutputs single = MapOutputs.For(directory.File("single.tif"), MapProbabilities.All);
        new LczMapper(classifier, options).Map(new[] { scene }, single);

        MapOutputs sharded = MapOutputs.For(directory.File("sharded.tif"), MapProbabilities.All);
        for (int i = 0; i < 3; i++)
        {
            if (i == 2)
                Assert.Contains("lacks shard(s) 2/3", Assert.Throws<InvalidDataException>(() => LczMapper.Merge(sharded)).Message);
            LczMapResult shard = new LczMapper(classifier, options with { Shard = new MapShard(i, 3) }).Map(new[] { scene }, sharded);
            Assert.False(shard.Skipped);
            Assert.Equal(new MapShard(i, 3).Rows(13), (shard.FirstRow, shard.EndRow));
        }
        LczMapper.Merge(sharded);
        Assert.Equal(File.ReadAllBytes(single.Classes), File.ReadAllBytes(sharded.Classes));
        Assert.Equal(File.ReadAllBytes(single.Probabilities!), File.ReadAllBytes(sharded.Probabilities!));

        // Re-running a finished shard does nothing; a shard directory of another run is refused.
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(sharded.ShardDirectory, "rows-000004-000008.tif"));
        Assert.True(new LczMapper(classifier, options with { Shard = new MapShard(1, 3) }).Map(new[] { scene }, sharded).Skipped);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(sharded.ShardDirectory, "rows-000004-000008.tif")));
        var other = options with { Shard = new MapShard(1, 3), Edges = MapEdges.Reflect };
        Assert.Contains("another map", Assert.Throws<IOException>(() => new LczMapper(classifier, other).Map(new[] { scene }, sharded)).Message);
        // So is a shard computed in another precision (bfloat16 labels may differ from float32's on a few cells).
        using LczClassifier bfloat16 = _fixture.Classifier(InferencePrecision.BFloat16);
        Assert.Contains("another map", Assert.Throws<IOException>(() => new LczMapper(bfloat16, options with { Shard = new MapShard(1, 3) }).Map(new[] { scene }, sharded)).Message);
    }

    [Fact]
    public void A_bfloat16_map_agrees_with_the_float32_map_on_almost_every_cell()
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        using GeoTiffScene scene = GeoTiffScene.Open(_fixture.Scene);
        using LczClassifier single = _fixture.Classifier();
        using LczClassifier half = _fixture.Classifier(InferencePrecision.BFloat16);
        Assert.Equal(InferencePrecision.BFloat16, half.Precision);
        LczMapResult f32 = new LczMapper(single).Map(new[] { scene }, MapOutputs.For(directory.File("f32.tif"), MapProbabilities.None));
        LczMapResult bf16 = new LczMapper(half).Map(new[] { scene }, MapOutputs.For(directory.File("bf16.tif"), MapProbabilities.None));
        Assert.Equal(f32.Labels.Length, bf16.Labels.Length);
        int classified = 0, same = 0;
        for (int i = 0; i < f32.Labels.Length; i++)
        {
            Assert.Equal(f32.Labels[i] == 0, bf16.Labels[i] == 0); // nodata does not depend on the precision
            if (f32.Labels[i] == 0) continue;
            classified++;
            if (f32.Labels[i] == bf16.Labels[i]) same++;
        }
        Assert.True(classified > 0);
        Assert.True(same >= 0.995 * classified, $"the bfloat16 map has the float32 class on {same} of {classified} cells");
    }
}
