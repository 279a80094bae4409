using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using Msmla.Core.Preprocessing;
using Msmla.Core.IO;
using Msmla.Models.Training;
using TorchSharp;

namespace Msmla.Models.Tests.Training;

/// <summary>Checkpoint files: what a run directory holds, atomic writes, and corrupt or foreign checkpoints refused clearly.</summary>
[Collection(TrainerCollection.Name)]
public sealed class CheckpointTests
{
    [Fact]
    public void A_run_directory_holds_last_best_snapshots_and_weights()
    {
        using var directory = TinyTraining.Directory();
        using LczModel model = TinyTraining.Model();
        // Channels-last training: the files do not depend on the layout (best-model.dat loads with Module.load into NCHW).
        TrainerOptions options = TinyTraining.Options(3, directory.Path) with
        {
            Checkpoint = new CheckpointOptions { Directory = directory.Path, KeepEpochs = 2, BestMonitor = TrainingMonitor.TrainingLoss },
            ChannelsLast = true,
        };
        TrainingHistory history = new LczTrainer(model, options).Fit(TinyTraining.Training());

        string[] files = Directory.GetFiles(directory.Path).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToArray()!;
        Assert.Equal(new[] { "best-model.dat", "best-model.dat.json", "best.ckpt", "epoch-0002.ckpt", "epoch-0003.ckpt", "history.csv", "history.json", "last.ckpt" }, files);
        TrainingCheckpointInfo last = LczTrainer.ReadCheckpoint(directory.File("last.ckpt"));
        Assert.Equal((3, 0, 27L), (last.CompletedEpochs, last.BatchesDone, last.Step));
        Assert.Equal(LczArchitecture.Sen2LczNet, last.Architecture);
        Assert.Equal(model.Options, last.ModelOptions);
        Assert.Equal(options, last.Options);
        Assert.Equal(history.Epochs, last.History.Epochs);
        Assert.Equal(TrainingStopReason.Completed, last.History.StopReason);

        // The best epoch's weights: in best.ckpt and in best-model.dat, a model saved by LczModels.Save (TorchSharp's
        // Module.save format plus the sidecar with the training source's input pipeline).
        TrainingCheckpointInfo best = LczTrainer.ReadCheckpoint(directory.File("best.ckpt"));
        Assert.Equal(history.BestEpoch, best.CompletedEpochs);
        using LczModel fromCheckpoint = TinyTraining.Model(seed: 8);
        using LczModel fromWeights = TinyTraining.Model(seed: 9);
        LczTrainer.LoadWeights(directory.File("best.ckpt"), fromCheckpoint);
        fromWeights.load(directory.File("best-model.dat"));
        Assert.Equal(TinyTraining.State(fromCheckpoint), TinyTraining.State(fromWeights));
        using LczModel loaded = LczModels.Load(directory.File("best-model.dat"));
        Assert.Equal(TinyTraining.State(fromCheckpoint), TinyTraining.State(loaded));
        Assert.Equal(InputPipeline.FromSource(TinyTraining.Training().Info), LczModels.ReadFileInfo(directory.File("best-model.dat")).Input);
        if (history.BestEpoch == 3) Assert.Equal(TinyTraining.State(model), TinyTraining.State(fromCheckpoint));
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_checkpoint_intact_and_no_temporary_file()
    {
        using var directory = TinyTraining.Directory();
        using LczModel model = TinyTraining.Model();
        new LczTrainer(model, TinyTraining.Options(1, directory.Path)).Fit(TinyTraining.Training(), TinyTraining.Validation());
        string last = directory.File("last.ckpt");
        byte[] good = File.ReadAllBytes(last);

        // A writer that dies half way through (as a full disk or a crash would).
        Assert.Throws<IOException>(() => AtomicFile.Write(last, temporary =>
        {
            File.WriteAllBytes(temporary, good.AsSpan(0, good.Length / 2).ToArray());
            throw new IOException("disk full");
        }));
        Assert.Equal(good, File.ReadAllBytes(last));
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp"));
        Assert.Equal(1, LczTrainer.ReadCheckpoint(directory.Path).CompletedEpochs);
    }

    [Fact]
    public void Resume_ignores_and_removes_a_stray_temporary_file()
    {
        using var directory = TinyTraining.Directory();
        var training = TinyTraining.Training();
        var validation = TinyTraining.Validation();
        using LczModel model = TinyTraining.Model();
        new LczTrainer(model, TinyTraining.Options(1, directory.Path)).Fit(training, validation);
        string stray = directory.File($".last.ckpt.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(stray, new byte[] { 1, 2, 3 });
        string foreign = directory.File(".notes.tmp");
        File.WriteAllText(foreign, "not ours");

        TrainingHistory history = new LczTrainer(model, TinyTraining.Options(2, directory.Path)).Resume(directory.Path, training, validation);
        Assert.Equal(2, history.Epochs.Count);
        Assert.False(File.Exists(stray));
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    public void A_checkpoint_whose_options_were_edited_is_refused_before_any_model_is_built()
    {
        using var directory = TinyTraining.Directory();
        using LczModel model = TinyTraining.Model();
        new LczTrainer(model, TinyTraining.Options(1, directory.Path)).Fit(TinyTraining.Training(), TinyTraining.Validation());
        string last = directory.File("last.ckpt");

        // Rewrite the run state with a 6000-channel last stage and a valid checksum, as an editor would.
        TrainingCheckpointFile.Contents contents = TrainingCheckpointFile.Read(last);
        JsonObject state = JsonNode.Parse(contents.State)!.AsObject();
        state["ModelOptions"]!["StageWidths"] = new JsonArray(4, 8, 8, 6000);
        string edited = directory.File("edited.ckpt");
        TrainingCheckpointFile.Write(edited, contents with { State = Encoding.UTF8.GetBytes(state.ToJsonString()) });

        var e = Assert.Throws<InvalidDataException>(() => LczTrainer.ReadCheckpoint(edited));
        Assert.Contains(edited, e.Message);
        Assert.Contains("its model weights do not fit the Sen2LCZ-Net that its run state describes, so no model is built", e.Message);
        Assert.Contains("'block4.conv1.weight' is [6000, 16, 3, 3] for these options but [8, 16, 3, 3] in the weights", e.Message);
        using LczModel other = TinyTraining.Model();
        Assert.Contains("do not fit", Assert.Throws<InvalidDataException>(() => LczTrainer.LoadWeights(edited, other)).Message);
        Assert.Contains("do not fit", Assert.Throws<InvalidDataException>(
            () => new LczTrainer(other, TinyTraining.Options(2, directory.Path)).Resume(edited, TinyTraining.Training(), TinyTraining.Validation())).Message);

        // A weights section whose entry claims more values than it holds is refused before Tensor.Load allocates them.
        byte[] weights = contents.Model.ToArray();
        string cut = directory.File("cut.ckpt");
        TrainingCheckpointFile.Write(cut, contents with { Model = weights.AsSpan(0, weights.Length / 2).ToArray() });
        Assert.Contains("is not readable", Assert.Throws<InvalidDataException>(() => LczTrainer.ReadCheckpoint(cut)).Message);
    }

    [Fact]
    public void Truncated_corrupted_and_foreign_files_are_refused_with_the_reason()
    {
        using var directory = TinyTraining.Directory();
        using LczModel model = TinyTraining.Model();
        new LczTrainer(model, TinyTraining.Options(1, directory.Path)).Fit(TinyTraining.Training(), TinyTraining.Validation());
        byte[] good = File.ReadAllBytes(directory.File("last.ckpt"));

        string truncated = directory.File("truncated.ckpt");
        File.WriteAllBytes(truncated, good.AsSpan(0, good.Length - 100).ToArray());
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => LczTrainer.ReadCheckpoint(truncated)).Message);

        string corrupted = directory.File("corrupted.ckpt");
        byte[] flipped = (byte[])good.Clone();
        flipped[flipped.Length / 2] ^= 0x40;
        File.WriteAllBytes(corrupted, flipped);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => LczTrainer.ReadCheckpoint(corrupted)).Message);

        string foreign = directory.File("weights.ckpt");
        using (LczModel fresh = TinyTraining.Model()) fresh.save(foreign);
        Assert.Contains("not an Msmla training checkpoint", Assert.Throws<InvalidDataException>(() => LczTrainer.ReadCheckpoint(foreign)).Message);

        using var empty = TinyTraining.Directory();
        Assert.Contains("holds no last.ckpt", Assert.Throws<FileNotFoundException>(() => LczTrainer.ReadCheckpoint(empty.Path)).Message);
    }

    [Fact]
    public void An_edited_run_state_is_refused_naming_the_file_before_it_reaches_libtorch()
    {
        using var directory = TinyTraining.Directory();
        var training = TinyTraining.Training();
        var validation = TinyTraining.Validation();
        using var cancel = new CancellationTokenSource();
        var progress = new TinyTraining.SyncProgress<TrainingProgress>(p =>
        {
            if (p is TrainingBatchProgress { Epoch: 1, Batch: 3 }) cancel.Cancel();
        });
        using (LczModel model = TinyTraining.Model())
            new LczTrainer(model, TinyTraining.Options(2, directory.Path)).Fit(training, validation, progress, cancel.Token);
        string last = directory.File("last.ckpt");
        TrainingCheckpointFile.Contents contents = TrainingCheckpointFile.Read(last);
        JsonObject state = JsonNode.Parse(contents.State)!.AsObject();
        Assert.Equal(3, state["BatchesDone"]!.GetValue<int>());
        Assert.NotNull(state["RandomState"]); // the generator's state of a mid-epoch checkpoint

        string Edited(string name, Action<JsonObject> edit)
        {
            JsonObject copy = JsonNode.Parse(state.ToJsonString())!.AsObject();
            edit(copy);
            string path = directory.File(name);
            TrainingCheckpointFile.Write(path, contents with { State = Encoding.UTF8.GetBytes(copy.ToJsonString()) });
            return path;
        }
        InvalidDataException Resume(string path)
        {
            using LczModel model = TinyTraining.Model();
            return Assert.Throws<InvalidDataException>(() => new LczTrainer(model, TinyTraining.Options(2, directory.Path)).Resume(path, training, validation));
        }

        // Before: set_rng_state with a state of the wrong size aborted the process (a C++ exception through TorchSharp).
        string shortState = Edited("short.ckpt", j => j["RandomState"] = Convert.ToBase64String(new byte[] { 1, 2, 3 }));
        InvalidDataException e = Resume(shortState);
        Assert.Contains($"The run state in {shortState} is not valid: its RandomState holds 3 bytes", e.Message);
        Assert.Contains("is not base64 text", Resume(Edited("text.ckpt", j => j["RandomState"] = "not base64!")).Message);
    }

    [Fact]
    public void Resume_refuses_another_architecture_other_options_or_other_data()
    {
        using var directory = TinyTraining.Directory();
        var training = TinyTraining.Training();
        var validation = TinyTraining.Validation();
        using (LczModel model = TinyTraining.Model())
            new LczTrainer(model, TinyTraining.Options(1, directory.Path)).Fit(training, validation);

        using (LczModel other = TinyTraining.Model(architecture: LczArchitecture.Sen2LczNetMf))
        {
            var e = Assert.Throws<InvalidDataException>(() => new LczTrainer(other, TinyTraining.Options(2, directory.Path)).Resume(directory.Path, training, validation));
            Assert.Contains("Sen2LCZ-Net", e.Message);
            Assert.Contains("Sen2LczNetMf", e.Message);
        }
        using (LczModel wider = LczModels.Create(LczArchitecture.Sen2LczNet, new LczModelOptions { PatchSize = 8, StageWidths = new[] { 4, 8, 8, 16 }, StageDepths = new[] { 1, 1, 1, 1 } }))
            Assert.Contains("options", Assert.Throws<InvalidDataException>(() => new LczTrainer(wider, TinyTraining.Options(2, directory.Path)).Resume(directory.Path, training, validation)).Message);

        using LczModel same = TinyTraining.Model();
        TrainerOptions otherRate = TinyTraining.Options(2, directory.Path) with { Optimizer = OptimizerOptions.KerasNadam(0.02) };
        var options = Assert.Throws<InvalidDataException>(() => new LczTrainer(same, otherRate).Resume(directory.Path, training, validation));
        Assert.Contains("Optimizer", options.Message);
        Assert.Contains("ReadCheckpoint", options.Message);
        Assert.Contains("Seed", Assert.Throws<InvalidDataException>(() => new LczTrainer(same, TinyTraining.Options(2, directory.Path) with { Seed = 1 }).Resume(directory.Path, training, validation)).Message);
        var data = Assert.Throws<InvalidDataException>(() => new LczTrainer(same, TinyTraining.Options(2, directory.Path)).Resume(directory.Path, TinyTraining.Training(count: 85), validation));
        Assert.Contains("85 patches", data.Message);
        Assert.Contains("none", Assert.Throws<InvalidDataException>(() => new LczTrainer(same, TinyTraining.Options(2, directory.Path) with { Checkpoint = null }).Resume(directory.Path, training, null)).Message);
    }

    [Fact]
    public void A_checkpoint_rebuilds_its_model_and_trainer()
    {
        using var directory = TinyTraining.Directory();
        var training = TinyTraining.Training();
        var validation = TinyTraining.Validation();
        using (LczModel model = TinyTraining.Model())
            new LczTrainer(model, TinyTraining.Options(1, directory.Path)).Fit(training, validation);

        TrainingCheckpointInfo info = LczTrainer.ReadCheckpoint(directory.Path);
        using LczModel rebuilt = LczModels.Create(info.Architecture, info.ModelOptions);
        TrainingHistory history = new LczTrainer(rebuilt, info.Options with { Epochs = 2 }).Resume(info.Path, training, validation);
        Assert.Equal(2, history.Epochs.Count);
    }
}
