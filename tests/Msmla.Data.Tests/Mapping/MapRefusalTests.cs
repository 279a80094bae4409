using System;
using System.IO;
using System.Threading;
using Msmla.Data.Classification;
using Msmla.Data.Mapping;
using Msmla.Data.Scenes;
using Msmla.Data.Synthetic;
using Msmla.Data.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Mapping;

/// <summary>Bad input to the mapper: each a clear error naming what is wrong, and no output file.</summary>
public sealed class MapRefusalTests : IClassFixture<MapFixture>
{
    private readonly MapFixture _fixture;

    public MapRefusalTests(MapFixture fixture) => _fixture = fixture;

    private LczMapResult Map(string scenePath, string output, LczMapOptions? options = null, CancellationToken cancellationToken = default)
    {
        using LczClassifier classifier = _fixture.Classifier();
        using GeoTiffScene scene = GeoTiffScene.Open(scenePath);
        return new LczMapper(classifier, options).Map(new[] { scene }, MapOutputs.For(output, MapProbabilities.None), null, cancellationToken);
    }

    [SkippableFact]
    public void A_scene_without_one_of_the_models_bands_is_refused_naming_it()
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        string nine = directory.File("nine.tif");
        GdalTools.Run("gdal_translate", "-q", "-b", "1", "-b", "2", "-b", "3", "-b", "4", "-b", "5", "-b", "6", "-b", "7", "-b", "8", "-b", "9", _fixture.Scene, nine);
        var e = Assert.Throws<SceneDataException>(() => Map(nine, directory.File("lcz.tif")));
        Assert.Contains("band 'B12'", e.Message);
        Assert.False(File.Exists(directory.File("lcz.tif")));
    }

    [Fact]
    public void A_scene_smaller_than_one_window_is_refused()
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        string small = directory.File("small.tif");
        SyntheticLczScene.Write(small, new SyntheticSceneOptions { Width = 15, Height = 40, TileSize = 16 });
        var e = Assert.Throws<SceneDataException>(() => Map(small, directory.File("lcz.tif")));
        Assert.Contains("15 x 40 pixels, smaller than one 16 x 16 window", e.Message);
        Assert.False(File.Exists(directory.File("lcz.tif")));
    }

    [Fact]
    public void Scenes_on_different_grids_are_refused_naming_the_difference()
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        string shifted = directory.File("shifted.tif");
        SyntheticLczScene.Write(shifted, _fixture.SceneOptions with { OriginX = 400_020 });
        using LczClassifier classifier = _fixture.Classifier();
        using GeoTiffScene a = GeoTiffScene.Open(_fixture.Scene), b = GeoTiffScene.Open(shifted);
        var e = Assert.Throws<SceneDataException>(() => new LczMapper(classifier).Map(new[] { a, b }, MapOutputs.For(directory.File("lcz.tif"), MapProbabilities.None)));
        Assert.Contains("geotransform", e.Message);
        Assert.False(File.Exists(directory.File("lcz.tif")));
    }

    [Fact]
    public void An_output_that_is_an_input_is_refused_also_through_a_link()
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        string scene = directory.File("scene.tif");
        File.Copy(_fixture.Scene, scene);
        byte[] before = File.ReadAllBytes(scene);
        Assert.Contains("is the input", Assert.Throws<IOException>(() => Map(scene, scene, new LczMapOptions { Overwrite = true })).Message);
        string link = directory.File("link.tif");
        File.CreateSymbolicLink(link, scene);
        Assert.Contains("is the input", Assert.Throws<IOException>(() => Map(scene, Path.Combine(directory.Path, ".", "link.tif"), new LczMapOptions { Overwrite = true })).Message);
        Assert.Equal(before, File.ReadAllBytes(scene));
    }

    [Fact]
    public void An_existing_map_is_kept_unless_overwriting_is_asked_for()
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        string output = directory.File("lcz.tif");
        File.WriteAllText(output, "an earlier map");
        Assert.Contains("exists", Assert.Throws<IOException>(() => Map(_fixture.Scene, output)).Message);
        Assert.Equal("an earlier map", File.ReadAllText(output));
        Map(_fixture.Scene, output, new LczMapOptions { Overwrite = true });
        Assert.NotEqual("an earlier map", File.ReadAllText(output));
    }

    [SkippableFact]
    public void A_float_scene_is_reflectance_and_refuses_the_baseline_offset()
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        string reflectance = directory.File("reflectance.tif");
        GdalPython.Run("""
src = gdal.Open(sys.argv[1])
dst = gdal.GetDriverByName('GTiff').Create(sys.argv[2], src.RasterXSize, src.RasterYSize, src.RasterCount, gdal.GDT_Float32)
dst.SetGeoTransform(src.GetGeoTransform()); dst.SetProjection(src.GetProjection())
for i in range(src.RasterCount):
    b = dst.GetRasterBand(i + 1)
    b.WriteArray(src.GetRasterBand(i + 1).ReadAsArray().astype(np.float32) / 10000)
    b.SetDescription(src.GetRasterBand(i + 1).GetDescription())
    b.SetNoDataValue(0)
dst = None
""", _fixture.Scene, reflectance);
        var e = Assert.Throws<SceneDataException>(() => Map(reflectance, directory.File("lcz.tif"), new LczMapOptions { BaselineOffset = true }));
        Assert.Contains("float32, which is taken as reflectance", e.Message);

        // Without the offset, the float scene maps exactly like the digital numbers it was made from (a tolerance of one
        // unit in the last place of the conversion: the labels agree on all but near ties).
        LczMapResult fromFloat = Map(reflectance, directory.File("float.tif"));
        LczMapResult fromDn = Map(_fixture.Scene, directory.File("dn.tif"));
        int differ = 0;
        for (int i = 0; i < fromDn.Labels.Length; i++) if (fromDn.Labels[i] != fromFloat.Labels[i]) differ++;
        Assert.True(differ <= fromDn.Labels.Length / 100, $"{differ} of {fromDn.Labels.Length} cells differ");
        Assert.Equal(fromDn.NoDataCells, fromFloat.NoDataCells);
    }

    [Fact]
    public void A_cancelled_map_leaves_no_file()
    {
        using TemporaryDirectory directory = _fixture.NewDirectory();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Map(_fixture.Scene, directory.File("lcz.tif"), cancellationToken: cancel.Token));
        Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
    }
}
