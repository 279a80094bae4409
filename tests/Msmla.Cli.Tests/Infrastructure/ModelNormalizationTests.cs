using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Tests.Support;
using Msmla.Data.So2Sat;
using Msmla.Data.Synthetic;
using Msmla.Models;
using Msmla.Models.Weights;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Infrastructure
{
    public class ModelNormalizationTests
    {
        [Fact]
        public async Task Train_RecordsTheNormalisation_AndEvaluateAndPredictFollowIt_UnlessToldOtherwise()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            SyntheticSplitFiles data = SyntheticData.Write(directory.File("data"), training: 34, validation: 17, testing: 17);
            string run = directory.File("run");
            CliResult train = await CliRun.RunAsync("train", "--model", "msmla-18", "--train", data.Training, "--validation", data.Validation,
                "--normalize", "so2sat-stats", "--epochs", "1", "--batch-size", "17", "--device", "cpu", "--output", run, "--quiet");
            Assert.True(train.ExitCode == 0, train.ToString());
            string weights = Path.Combine(run, "model.dat");
            using (JsonDocument sidecar = JsonDocument.Parse(File.ReadAllText(weights + ".json")))
                Assert.Equal("so2sat-stats", sidecar.RootElement.GetProperty("metadata").GetProperty("normalization").GetString());
            using (JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json"))))
                Assert.Equal("so2sat-stats", manifest.RootElement.GetProperty("normalization").GetString());

            async Task<(CliResult Result, string Csv)> Predict(string name, params string[] normalize)
            {
                string csv = directory.File(name + ".csv");
                CliResult result = await CliRun.RunAsync([.. new[] { "predict", "--weights", weights, "--data", data.Testing, "--device", "cpu", "--output", csv, "--json" }, .. normalize]);
                Assert.True(result.ExitCode == 0, result.ToString());
                return (result, File.ReadAllText(csv));
            }

            // The probabilities without --normalize are those with the recorded normalisation, not those of the raw values.
            (CliResult implicitRun, string implicitCsv) = await Predict("implicit");
            (CliResult explicitRun, string explicitCsv) = await Predict("explicit", "--normalize", "so2sat-stats");
            (CliResult rawRun, string rawCsv) = await Predict("raw", "--normalize", "none");
            Assert.Equal(explicitCsv, implicitCsv);
            Assert.NotEqual(rawCsv, implicitCsv);
            Assert.Equal("so2sat-stats", implicitRun.Json().GetProperty("normalization").GetString());
            Assert.Equal("none", rawRun.Json().GetProperty("normalization").GetString());
            Assert.DoesNotContain("differs", implicitRun.Error);
            Assert.DoesNotContain("differs", explicitRun.Error);
            Assert.Contains("warn: --normalize none differs from the normalisation so2sat-stats", rawRun.Error);

            CliResult evaluateImplicit = await CliRun.RunAsync("evaluate", "--weights", weights, "--data", data.Testing, "--device", "cpu", "--json", "--quiet");
            CliResult evaluateExplicit = await CliRun.RunAsync("evaluate", "--weights", weights, "--data", data.Testing, "--device", "cpu", "--json", "--quiet",
                "--normalize", "so2sat-stats");
            CliResult evaluateRaw = await CliRun.RunAsync("evaluate", "--weights", weights, "--data", data.Testing, "--device", "cpu", "--json", "--quiet",
                "--normalize", "none");
            foreach (CliResult result in new[] { evaluateImplicit, evaluateExplicit, evaluateRaw }) Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("so2sat-stats", evaluateImplicit.Json().GetProperty("normalization").GetString());
            Assert.Equal(evaluateExplicit.Json().GetProperty("metrics").GetRawText(), evaluateImplicit.Json().GetProperty("metrics").GetRawText());
            Assert.Equal("none", evaluateRaw.Json().GetProperty("normalization").GetString());
            Assert.Contains("warn: --normalize none differs", evaluateRaw.Error); // warnings show even with --quiet
        }

        [Fact]
        public void Resolve_WithoutARecordedNormalisation_ReadsAsStored_AndRefusesAnUnknownOne()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            using LczModel model = LczModels.CreateRosentreterCnn(new LczModelOptions { Classes = 3, Seed = 1 });
            var notGiven = new DataSelection(DataLayout.So2Sat, null, So2SatModality.Sentinel2, null, CacheInMemory: false);

            string bare = directory.File("bare.dat");
            LczModelFileInfo withoutMetadata = LczModels.Save(model, bare);
            Assert.Equal(NormalizationChoice.None, ModelNormalization.Resolve(notGiven, withoutMetadata, bare, NullLogger.Instance).Normalization);
            var given = notGiven with { Normalization = NormalizationChoice.Sentinel2Baseline };
            Assert.Equal(NormalizationChoice.Sentinel2Baseline, ModelNormalization.Resolve(given, withoutMetadata, bare, NullLogger.Instance).Normalization);

            string baseline = directory.File("baseline.dat");
            LczModelFileInfo recorded = LczModels.Save(model, baseline, metadata: ModelNormalization.Metadata(NormalizationChoice.Sentinel2Baseline));
            Assert.Equal("s2-baseline", recorded.GetMetadata(LczModelMetadataKeys.Normalization));
            Assert.Equal(NormalizationChoice.Sentinel2Baseline, ModelNormalization.Resolve(notGiven, recorded, baseline, NullLogger.Instance).Normalization);

            string future = directory.File("future.dat");
            LczModelFileInfo unknown = LczModels.Save(model, future, metadata: new Dictionary<string, string> { [LczModelMetadataKeys.Normalization] = "per-scene-zscore" });
            var error = Assert.Throws<CliException>(() => ModelNormalization.Resolve(notGiven, unknown, future, NullLogger.Instance));
            Assert.Equal(ExitCodes.InputError, error.ExitCode);
            Assert.Contains("per-scene-zscore", error.Message);
            Assert.Equal(NormalizationChoice.None, ModelNormalization.Resolve(notGiven with { Normalization = NormalizationChoice.None }, unknown, future, NullLogger.Instance).Normalization);
        }
    }
}
