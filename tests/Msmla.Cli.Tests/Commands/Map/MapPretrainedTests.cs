using System.IO;
using System.Threading.Tasks;
using Msmla.Cli.Tests.Support;
using Msmla.Data.Synthetic;
using Msmla.Models;
using Msmla.Models.Pretrained;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Map
{
    /// <summary>
    /// <c>map --model sen2lcz-net-mf</c> maps with the pretrained model and no file, bit for bit as <c>map</c> with the same
    /// weights and input pipeline saved as a native model file (LczModels.Save).
    /// </summary>
    public class MapPretrainedTests
    {
        [SkippableFact]
        public async Task The_pretrained_model_maps_as_its_saved_copy()
        {
            TestPaths.RequireSharedAsset("sen2lcz-net-mf.keras-weights.h5");   // this build embeds it when it is there
            using var directory = TestPaths.CreateTemporaryDirectory();
            string scene = directory.File("scene.tif"), saved = directory.File("sen2lcz-net-mf.dat");
            SyntheticLczScene.Write(scene, new SyntheticSceneOptions { Seed = 4, Width = 96, Height = 80, TileSize = 16 });
            using (LczModel model = LczPretrained.Sen2LczNetMfWeights.CreateModel())
                LczModels.Save(model, saved, LczPretrained.Sen2LczNetMfWeights.Input);

            string[] common = { "map", "--scene", scene, "--probabilities", "all", "--probability-type", "float32", "--device", "cpu", "--no-quicklook", "--quiet" };
            CliResult pretrained = await CliRun.RunAsync([.. common, "--model", "sen2lcz-net-mf", "--output", directory.File("pretrained.tif")]);
            Assert.True(pretrained.ExitCode == 0, pretrained.ToString());
            CliResult file = await CliRun.RunAsync([.. common, "--model", saved, "--output", directory.File("file.tif")]);
            Assert.True(file.ExitCode == 0, file.ToString());
            Assert.Equal(File.ReadAllBytes(directory.File("file.tif")), File.ReadAllBytes(directory.File("pretrained.tif")));
            Assert.Equal(File.ReadAllBytes(directory.File("file.probabilities.tif")), File.ReadAllBytes(directory.File("pretrained.probabilities.tif")));
        }
    }
}
