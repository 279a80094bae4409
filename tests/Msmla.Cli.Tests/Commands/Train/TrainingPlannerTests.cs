using System.IO;
using Msmla.Cli.Commands.Train;
using Msmla.Cli.Infrastructure;
using Msmla.Models.Training;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Commands.Train
{
    public class TrainingPlannerTests
    {
        [Fact]
        public void ReadTrainerOptions_OfTheTrainersOwnJson_GivesTheSameOptions()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            TrainerOptions original = TrainingRecipes.MsmlaAsReleased().Trainer with { Epochs = 7, Seed = 9, GradientClipNorm = 1.5 };
            string path = directory.File("trainer.json");
            original.Save(path);
            Assert.Equal(original, TrainingPlanner.ReadTrainerOptions(path));
        }

        [Fact]
        public void ReadTrainerOptions_RefusesUnknownProperties_NamingThemTheirPathAndTheFile()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string path = directory.File("trainer.json");
            File.WriteAllText(path, """{ "Epochs": 3, "Optimizer": { "Kind": "Adam", "LearningRat": 0.1 } }""");
            var error = Assert.Throws<CliException>(() => TrainingPlanner.ReadTrainerOptions(path));
            Assert.Equal(ExitCodes.InputError, error.ExitCode);
            Assert.Contains("LearningRat", error.Message);
            Assert.Contains("$.Optimizer", error.Message);
            Assert.Contains(path, error.Message);

            var missing = Assert.Throws<CliException>(() => TrainingPlanner.ReadTrainerOptions(directory.File("none.json")));
            Assert.Equal(ExitCodes.InputError, missing.ExitCode);
            Assert.Contains("none.json does not exist", missing.Message);
        }

        [Fact]
        public void ReadTrainerOptions_AllowsCommentsTrailingCommasAndAnyCase()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string path = directory.File("trainer.json");
            File.WriteAllText(path, "{\n  // a short run\n  \"epochs\": 3,\n  \"batchSize\": 8,\n}");
            TrainerOptions read = TrainingPlanner.ReadTrainerOptions(path);
            Assert.Equal((3, 8), (read.Epochs, read.BatchSize));
        }
    }
}
