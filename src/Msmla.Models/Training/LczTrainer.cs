using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;
using Msmla.Models.Inference;
using Msmla.Models.Training.Callbacks;
using Msmla.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Training
{
    /// <summary>
    /// Trains an LCZ model on an <see cref="IPatchSource"/> and evaluates it: <see cref="Fit"/> runs a seeded, resumable
    /// training run (<see cref="TrainerOptions"/>; <see cref="TrainingRecipes"/> has the published recipes),
    /// <see cref="Resume"/> continues one from its checkpoint, <see cref="Evaluate"/> measures a labelled source and
    /// <see cref="Predict"/> returns class probabilities.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Every step runs in its own dispose scope and every batch from a source is disposed, so memory stays flat over
    /// epochs. The model is moved to the chosen device and, when <see cref="TrainerOptions.ChannelsLast"/> is true (by
    /// default on the CPU), switched to channels-last; after <see cref="Fit"/> and <see cref="Resume"/> (also when they end by an exception) it
    /// stays so, in eval mode. Per epoch
    /// the trainer logs one information line with every metric, reports <see cref="EpochEndProgress"/> (with samples per
    /// second and an ETA), and keeps an <see cref="EpochRecord"/>.
    /// </para>
    /// <para>
    /// Callbacks (<see cref="ITrainingCallback"/>, as Keras' and Lightning's) run at the run's begin and end, each epoch's
    /// begin and end and each batch: the ones given to the constructor first, then those the options stand for
    /// (<see cref="TrainerOptions.CreateCallbacks"/>: reduce-on-plateau, early stopping, checkpoints), then the progress
    /// reporter of <see cref="Fit"/>. They can log extra per-epoch values, change the learning rate and stop the run.
    /// </para>
    /// <para>
    /// Reproducibility: the shuffle is drawn from (<see cref="TrainerOptions.Seed"/>, epoch) and TorchSharp's global
    /// generator (dropout) is reseeded from them at the start of every epoch, so on the CPU the same options and data give
    /// the same history and weights, bit for bit, with the same number of threads (TorchSharp's <c>set_num_threads</c>
    /// changes the order of floating-point sums). The global generator is shared by the process: do not draw from it on
    /// another thread while training if you need exact reproducibility.
    /// </para>
    /// <para>
    /// Cancellation: the token is checked after every batch. The run then stops cleanly, writes a resumable
    /// <c>last.ckpt</c> when checkpoints are on (with the batch position and the generator state, so
    /// <see cref="Resume"/> continues the interrupted epoch exactly on the CPU), and returns the history so far with
    /// <see cref="TrainingStopReason.Cancelled"/>: it does not throw <see cref="OperationCanceledException"/>. (A callback's
    /// decision to stop ends the run with <see cref="TrainingStopReason.EarlyStopped"/> and
    /// <see cref="TrainingHistory.StopDecision"/> instead.)
    /// On CUDA, dropout draws from the CUDA generator, which is reseeded per epoch but not saved mid-epoch.
    /// </para>
    /// <para>Not thread-safe: one run at a time per trainer and per model.</para>
    /// </remarks>
    public sealed class LczTrainer
    {
        private readonly ILogger _logger;

        /// <summary>Creates a trainer for <paramref name="model"/> (not owned: the caller disposes it).</summary>
        /// <param name="model">The model to train.</param>
        /// <param name="options">The run's options; null = <see cref="TrainerOptions"/> defaults.</param>
        /// <param name="logger">Receives the per-epoch lines and decisions; defaults to no logging.</param>
        /// <param name="callbacks">
        /// Your callbacks, run in this order before the built-ins that <paramref name="options"/> stand for. To replace a
        /// built-in, set its option to null and give your own instance (for example an <see cref="Callbacks.EarlyStopping"/>
        /// with other settings). They are not part of the options (nor of their JSON).
        /// </param>
        /// <exception cref="ArgumentException">An option is out of range (the message names it), the class weights do not match the model, or a callback is null.</exception>
        /// <exception cref="InvalidOperationException">CUDA was requested but is not available.</exception>
        public LczTrainer(LczModel model, TrainerOptions? options = null, ILogger? logger = null, IEnumerable<ITrainingCallback>? callbacks = null)
        {
            ArgumentNullException.ThrowIfNull(model);
            Model = model;
            Options = (options ?? new TrainerOptions()).Validate();
            Options.Loss.Validate(model.Options.Classes);
            Callbacks = callbacks?.ToArray() ?? Array.Empty<ITrainingCallback>();
            if (Callbacks.Any(c => c is null)) throw new ArgumentException("A callback is null.", nameof(callbacks));
            _logger = logger ?? NullLogger.Instance;
            TorchRuntime.EnsureLoaded(Options.Device == ComputeDevice.Cuda ? TorchBackendKind.Cuda : TorchBackendKind.Cpu, _logger);
            Device = TorchDevices.Resolve(Options.Device, _logger);
        }

        /// <summary>The model being trained.</summary>
        public LczModel Model { get; }

        /// <summary>The options in force.</summary>
        public TrainerOptions Options { get; }

        /// <summary>The callbacks given to the constructor (the built-ins of the options are created per run).</summary>
        public IReadOnlyList<ITrainingCallback> Callbacks { get; }

        /// <summary>The device the trainer runs on.</summary>
        public Device Device { get; }

        /// <summary>
        /// What turns raw data into the model's input, read off the training source of the last <see cref="Fit"/> or
        /// <see cref="Resume"/> (<see cref="InputPipeline.FromSource"/>: its bands, sensor, scaling and normalisation, as
        /// Msmla.Data's readers and <c>Normalize</c> record them); null before. The best model the trainer writes records it;
        /// pass it to <see cref="LczModels.Save"/> when you save the model yourself.
        /// </summary>
        public InputPipeline? Input { get; private set; }

        /// <summary>
        /// Trains the model from its current weights with a fresh optimizer, starting at epoch 1, and returns the history.
        /// </summary>
        /// <param name="training">Labelled training patches (wrap it in Msmla.Data's augmentation for recipes that augment).</param>
        /// <param name="validation">Labelled validation patches evaluated after every epoch, or null (then only training monitors can be used).</param>
        /// <param name="progress">Receives typed progress reports (<see cref="TrainingProgress"/>) through a <see cref="TrainingProgressCallback"/> run after every other callback; may be null.</param>
        /// <param name="cancellationToken">Stops the run cleanly after the current batch (see the class remarks).</param>
        /// <exception cref="ArgumentException">A source does not fit the model, or an option or a callback needs a validation source that is missing.</exception>
        /// <exception cref="InvalidOperationException">The loss became NaN or infinite, or a source broke its contract (the message says which).</exception>
        public TrainingHistory Fit(IPatchSource training, IPatchSource? validation = null, IProgress<TrainingProgress>? progress = null,
            CancellationToken cancellationToken = default)
        {
            IReadOnlyList<ITrainingCallback> callbacks = RunCallbacks(progress);
            CheckSources(training, validation, callbacks);
            Input = InputPipeline.FromSource(training.Info);
            Prepare();
            using var threads = TorchThreadScope.Enter(Options.Threads, _logger);
            _logger.LogInformation("Training {Model} on {Device}: {Training} training and {Validation} validation patches, {Epochs} epochs of {Batch}, {Optimizer} lr {LearningRate:G6}, schedule {Schedule}, seed {Seed}, precision {Precision}",
                Model.Info.Name, Device.type, training.Info.Count, validation?.Info.Count ?? 0, Options.Epochs, Options.BatchSize,
                Options.Optimizer.Kind, Options.Optimizer.LearningRate, Options.Schedule.Kind, Options.Seed, Options.Precision);
            using var run = new TrainingRun(Model, Options, Device, _logger, training, validation, Input, callbacks);
            try
            {
                return run.Execute(cancellationToken);
            }
            finally
            {
                Model.eval();
                DisposeBuiltIns(callbacks);
            }
        }

        /// <summary>
        /// Continues a run from a checkpoint written by <see cref="Fit"/>: loads the weights, the optimizer state and the run
        /// state (epoch, batch, learning rate, generator state, history, stop decision) and the states of the stateful
        /// callbacks (early stopping, best value, reduce-on-plateau, yours: <see cref="IStatefulTrainingCallback"/>) and
        /// trains on. Resuming an interrupted run gives the same history and weights as the uninterrupted run on the CPU.
        /// </summary>
        /// <param name="checkpoint">A checkpoint file, or a run directory (its <c>last.ckpt</c> is used). Stray temporary files are ignored.</param>
        /// <param name="training">The same training source as the interrupted run.</param>
        /// <param name="validation">The same validation source as the interrupted run, or null if it had none.</param>
        /// <param name="progress">Receives progress reports; may be null.</param>
        /// <param name="cancellationToken">Stops the run cleanly after the current batch.</param>
        /// <exception cref="FileNotFoundException">The checkpoint does not exist.</exception>
        /// <exception cref="InvalidDataException">
        /// The checkpoint is corrupt, or belongs to another architecture, model options, data or trainer options (the
        /// message says what differs). <see cref="TrainerOptions.Epochs"/>, the device, TF32, channels-last, prefetch,
        /// logging, progress and the checkpoint directory may differ (the device, TF32 and the layout change float rounding,
        /// so only the same ones resume bit for bit).
        /// </exception>
        public TrainingHistory Resume(string checkpoint, IPatchSource training, IPatchSource? validation = null, IProgress<TrainingProgress>? progress = null,
            CancellationToken cancellationToken = default)
        {
            string path = RunDirectory.ResolveCheckpoint(checkpoint);
            IReadOnlyList<ITrainingCallback> callbacks = RunCallbacks(progress);
            CheckSources(training, validation, callbacks);
            TrainingCheckpointFile.Contents contents = TrainingCheckpointFile.Read(path);
            CheckpointState state = ReadState(path, contents);
            CheckpointCompatibility.Check(path, state, Model, Options, training, validation, _logger);
            Input = InputPipeline.FromSource(training.Info);
            Prepare();
            using var threads = TorchThreadScope.Enter(Options.Threads, _logger);
            _logger.LogInformation("Resuming {Model} from {Checkpoint}: {Epochs} epochs done, {Batches} batches into the next, step {Step}",
                Model.Info.Name, path, state.Epoch, state.BatchesDone, state.Step);
            using var run = new TrainingRun(Model, Options, Device, _logger, training, validation, Input, callbacks);
            run.Restore(state, contents, path);
            try
            {
                return run.Execute(cancellationToken);
            }
            finally
            {
                Model.eval();
                DisposeBuiltIns(callbacks);
            }
        }

        /// <summary>
        /// Evaluates the model on a labelled source (eval and inference mode): the metrics, the confusion matrix and the mean
        /// loss without class weights.
        /// </summary>
        /// <exception cref="ArgumentException">The source does not fit the model.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled (after the current batch).</exception>
        public EvaluationResult Evaluate(IPatchSource source, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            BatchChecks.Source(source, Model, nameof(source));
            Prepare();
            using var threads = TorchThreadScope.Enter(Options.Threads, _logger);
            using var loss = new LczLoss(Model.OutputKind, Model.Options.Classes, Options.Loss with { ClassWeights = null }, Device);
            int batchSize = Options.ValidationBatchSize ?? Options.BatchSize;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            EvaluationResult result = EvaluationPass.Run(Model, loss, source, batchSize, Options.Prefetch, Device, "evaluation",
                (batch, batches, meanLoss, accuracy, samples) =>
                {
                    if (batch % Options.ProgressEveryBatches == 0 || batch == batches)
                    {
                        double elapsed = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                        progress?.Report(new EvaluationProgress(batch, batches, meanLoss, accuracy, samples / elapsed,
                            TimeSpan.FromSeconds(elapsed * (batches - batch) / batch), clock.Elapsed));
                    }
                },
                cancellationToken);
            _logger.LogInformation("Evaluated {Model}: loss {Loss:0.0000} {Metrics}", Model.Info.Name, result.Loss, result.Metrics);
            return result;
        }

        /// <summary>
        /// The class probabilities of every patch of a source, in its stored order (through <see cref="LczPredictor"/> on
        /// this trainer's device, in batches of <see cref="TrainerOptions.ValidationBatchSize"/>, or at least
        /// <see cref="PredictionOptions.DefaultBatchSize"/>; softmax of
        /// logits, or the model's own probabilities). The predictor works on its own copy of the model.
        /// </summary>
        /// <param name="source">The patches; labels are optional.</param>
        /// <param name="progress">Receives the number of patches done; may be null.</param>
        /// <param name="cancellationToken">Stops between batches.</param>
        /// <exception cref="ArgumentException">The source's channels differ from the model's bands.</exception>
        public PredictionResult Predict(IPatchSource source, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(source);
            var options = new PredictionOptions { Device = Options.Device, Threads = Options.Threads, BatchSize = Options.ValidationBatchSize ?? Math.Max(Options.BatchSize, PredictionOptions.DefaultBatchSize) };
            using var predictor = new LczPredictor(Model, options);
            return predictor.Predict(source, progress, cancellationToken);
        }

        /// <summary>Reads what a checkpoint holds, without loading it into a model.</summary>
        /// <param name="checkpoint">A checkpoint file, or a run directory (its <c>last.ckpt</c>).</param>
        /// <exception cref="FileNotFoundException">The checkpoint does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not a valid checkpoint.</exception>
        public static TrainingCheckpointInfo ReadCheckpoint(string checkpoint)
        {
            string path = RunDirectory.ResolveCheckpoint(checkpoint);
            CheckpointState state = ReadState(path, TrainingCheckpointFile.Read(path));
            TrainingHistory history;
            try
            {
                history = new TrainingHistory(state.History, state.StopReason, state.BestMonitor, TrainingHistory.FindBestEpoch(state.History, state.BestMonitor),
                    Path.GetDirectoryName(Path.GetFullPath(path)), state.StopDecision);
            }
            catch (ArgumentException e)
            {
                // An edited run state is bad input naming the file, not a bare range error.
                throw new InvalidDataException($"The run state in {path} is not valid: {e.Message}", e);
            }
            return new TrainingCheckpointInfo(path, state.SavedAt, state.ModelName, state.Architecture, state.ModelOptions, state.Options,
                state.Training, state.Validation, state.Input, state.Augmentation, state.AugmentationSeed, state.Epoch, state.BatchesDone, state.Step, state.ClassWeights, history);
        }

        /// <summary>
        /// Loads the model weights of a checkpoint (for example <c>best.ckpt</c>) into <paramref name="model"/>, which must be
        /// the same architecture with the same options.
        /// </summary>
        /// <exception cref="FileNotFoundException">The checkpoint does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is not a valid checkpoint or holds another architecture or options.</exception>
        public static void LoadWeights(string checkpoint, LczModel model)
        {
            ArgumentNullException.ThrowIfNull(model);
            string path = RunDirectory.ResolveCheckpoint(checkpoint);
            TrainingCheckpointFile.Contents contents = TrainingCheckpointFile.Read(path);
            CheckpointState state = ReadState(path, contents);
            CheckpointCompatibility.CheckModel(path, state, model);
            ModelStateFormat.Load(model, contents.Model, path);
        }

        /// <summary>
        /// The run state of a checkpoint, checked against its model weights before any model is built: the tensor shapes
        /// the weights section records must be those the recorded model options imply (an edited checkpoint cannot make
        /// a loader allocate what its options ask for).
        /// </summary>
        private static CheckpointState ReadState(string path, TrainingCheckpointFile.Contents contents)
        {
            CheckpointState state;
            try
            {
                state = JsonSerializer.Deserialize<CheckpointState>(contents.State, TrainingJson.Options)
                    ?? throw new InvalidDataException($"{path} holds no run state.");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"The run state in {path} is not valid: {e.Message}", e);
            }
            if (state.ModelOptions is null || state.Options is null || state.History is null)
                throw new InvalidDataException($"The run state in {path} lacks the model options, the trainer options or the history.");
            string? mismatch;
            try
            {
                mismatch = ModelShapes.Mismatch(state.Architecture, state.ModelOptions, ModelStateFormat.Entries(contents.Model, path));
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"The run state in {path} records model options that are invalid for {state.Architecture}: {e.Message}", e);
            }
            if (mismatch != null)
                throw new InvalidDataException($"{path}: its model weights do not fit the {state.ModelName} that its run state describes, so no model is built: {mismatch}");
            return state;
        }

        /// <summary>The callbacks of a run: the constructor's, then the options' built-ins, then the progress reporter.</summary>
        private IReadOnlyList<ITrainingCallback> RunCallbacks(IProgress<TrainingProgress>? progress)
        {
            var callbacks = new List<ITrainingCallback>(Callbacks);
            callbacks.AddRange(Options.CreateCallbacks());
            if (progress != null) callbacks.Add(new TrainingProgressCallback(progress, Options.ProgressEveryBatches));
            return callbacks;
        }

        /// <summary>Releases what the built-in callbacks of a run hold (early stopping's copy of the best weights); yours are left alone.</summary>
        private void DisposeBuiltIns(IReadOnlyList<ITrainingCallback> callbacks)
        {
            foreach (IDisposable disposable in callbacks.Skip(Callbacks.Count).OfType<IDisposable>()) disposable.Dispose();
        }

        private void CheckSources(IPatchSource training, IPatchSource? validation, IReadOnlyList<ITrainingCallback> callbacks)
        {
            BatchChecks.Source(training, Model, nameof(training));
            if (validation != null) BatchChecks.Source(validation, Model, nameof(validation));
            if (validation == null)
            {
                IReadOnlyList<string> needs = ValidationRequirements.Of(callbacks);
                if (needs.Count > 0)
                    throw new ArgumentException(
                        $"No validation source was given, but the run needs one for {string.Join(" and ", needs)}. Pass a validation source or monitor a training value.",
                        nameof(validation));
            }
        }

        private void Prepare()
        {
            Model.to(Device);
            if ((Options.ChannelsLast ?? Device.type == DeviceType.CPU) && !Model.IsChannelsLast)
            {
                Model.UseChannelsLast();
                _logger.LogDebug("{Model} switched to channels-last convolutions", Model.Info.Name);
            }
            if (Device.type == DeviceType.CUDA) TorchDevices.SetTensorFloat32(Options.AllowTf32);
        }
    }
}
