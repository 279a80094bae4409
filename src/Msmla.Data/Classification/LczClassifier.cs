using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Msmla.Core.Data;
using Msmla.Core.Metrics;
using Msmla.Core.Preprocessing;
using Msmla.Data.Transforms;
using Msmla.Models;
using Msmla.Models.Inference;
using Msmla.Models.Weights;

namespace Msmla.Data.Classification
{
    /// <summary>
    /// A saved model with the input pipeline it was trained with: it reads raw patch files (or takes any raw
    /// <see cref="IPatchSource"/>), selects the model's bands in the model's order, applies the recorded normalisation and
    /// predicts. Data whose bands, channel count or patch size do not fit are refused with what differs.
    /// </summary>
    /// <example>
    /// <code>
    /// using LczClassifier classifier = LczClassifier.Open("run/model.dat");
    /// PredictionResult result = classifier.PredictFile("testing.h5");
    /// LczEvaluation evaluation = classifier.EvaluateFile("testing.h5");
    /// </code>
    /// </example>
    /// <remarks>Not thread-safe: one call at a time (it keeps one predictor, with its own copy of the model).</remarks>
    public sealed class LczClassifier : IDisposable
    {
        private readonly bool _ownsModel;
        private readonly ILoggerFactory _loggers;
        private readonly ILogger _logger;
        private LczPredictor? _predictor;
        private bool _disposed;

        /// <summary>
        /// A classifier for a model in memory and the pipeline of its input (for example <see cref="Models.Training.LczTrainer.Input"/>).
        /// The model is not owned: dispose it yourself after the classifier.
        /// </summary>
        /// <param name="model">The model.</param>
        /// <param name="input">What turns raw data into the model's input; null = the architecture's default (<see cref="LczModelInfo.DefaultInput"/>).</param>
        /// <param name="classNames">One name per class; null = the LCZ codes (17 classes) or "0", "1", ...</param>
        /// <param name="options">Prediction, reading and pipeline overrides; null = defaults.</param>
        /// <param name="loggers">Receives the pipeline used and the warnings about overrides; null = none.</param>
        /// <exception cref="ArgumentException">The pipeline does not fit the model, or an override contradicts it.</exception>
        public LczClassifier(LczModel model, InputPipeline? input = null, IReadOnlyList<string>? classNames = null, LczClassifierOptions? options = null,
            ILoggerFactory? loggers = null)
            : this(model ?? throw new ArgumentNullException(nameof(model)), input ?? model.Info.DefaultInput, classNames, null, null, options, loggers, ownsModel: false)
        {
        }

        private LczClassifier(LczModel model, InputPipeline recorded, IReadOnlyList<string>? classNames, LczModelFileInfo? file, string? path,
            LczClassifierOptions? options, ILoggerFactory? loggers, bool ownsModel)
        {
            Model = model;
            ModelFile = file;
            ModelPath = path;
            Options = options ?? new LczClassifierOptions();
            Options.Prediction.Validate();
            _ownsModel = ownsModel;
            _loggers = loggers ?? NullLoggerFactory.Instance;
            _logger = _loggers.CreateLogger<LczClassifier>();
            RecordedInput = recorded;
            if (recorded.Channels != model.Options.Bands)
                throw new ArgumentException($"{model.Info.Name} takes {model.Options.Bands} channels but the input pipeline has {recorded.Channels} ({string.Join(",", recorded.Bands)}).", nameof(recorded));
            if (Options.Bands is { } bands && bands.Count != recorded.Channels)
                throw new ArgumentException(
                    $"{model.Info.Name} takes {recorded.Channels} channels ({string.Join(",", recorded.Bands)}) but {bands.Count} bands were given ({string.Join(",", bands)}).", nameof(options));
            Input = Effective(recorded, Options, file?.WeightsFile ?? model.Info.Name, _logger);
            ClassNames = classNames?.ToArray() ?? file?.Classes ?? Core.Lcz.LczClasses.DefaultNames(model.Options.Classes);
            if (ClassNames.Count != model.Options.Classes)
                throw new ArgumentException($"{model.Info.Name} has {model.Options.Classes} classes but {ClassNames.Count} class names were given.", nameof(classNames));
            _logger.LogInformation("{Model}: input {Input}", model.Info.Name, Input.Describe());
        }

        /// <summary>
        /// Opens a model saved with <see cref="LczModels.Save"/> (weights and sidecar) and the input pipeline its sidecar
        /// records (version-1 sidecars: the pipeline they imply).
        /// </summary>
        /// <param name="modelPath">The weights file; its sidecar is <c>modelPath + ".json"</c>.</param>
        /// <param name="options">Prediction, reading and pipeline overrides; null = defaults.</param>
        /// <param name="loggers">Receives the pipeline used and the warnings about overrides; null = none.</param>
        /// <exception cref="WeightFileException">The model files are missing, damaged or do not fit each other.</exception>
        /// <exception cref="ArgumentException">An override contradicts the recorded pipeline (for example a sensor the bands do not come from).</exception>
        public static LczClassifier Open(string modelPath, LczClassifierOptions? options = null, ILoggerFactory? loggers = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(modelPath);
            LczModelFileInfo file = LczModels.ReadFileInfo(modelPath);
            LczModel model = LczModels.Load(modelPath);
            try
            {
                return new LczClassifier(model, file.Input, file.Classes, file, System.IO.Path.GetFullPath(modelPath), options, loggers, ownsModel: true);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        /// <summary>A classifier that owns <paramref name="model"/> (disposes it with itself): for models built by a library, such as the pretrained ones.</summary>
        internal static LczClassifier Owning(LczModel model, InputPipeline input, LczClassifierOptions? options, ILoggerFactory? loggers) =>
            new(model, input, null, null, null, options, loggers, ownsModel: true);

        /// <summary>The model (in eval mode when opened from a file).</summary>
        public LczModel Model { get; }

        /// <summary>The sidecar of the model file, or null for a model given in memory.</summary>
        public LczModelFileInfo? ModelFile { get; }

        /// <summary>The full path of the model file, or null for a model given in memory.</summary>
        public string? ModelPath { get; }

        /// <summary>The pipeline the model records (or was given).</summary>
        public InputPipeline RecordedInput { get; }

        /// <summary>The pipeline applied: <see cref="RecordedInput"/> with the overrides of <see cref="LczClassifierOptions"/>.</summary>
        public InputPipeline Input { get; }

        /// <summary>One name per output class, in output order.</summary>
        public IReadOnlyList<string> ClassNames { get; }

        /// <summary>
        /// The number format predictions are computed in: <see cref="PredictionOptions.Precision"/> with
        /// <see cref="InferencePrecision.Auto"/> resolved for this machine (prepares the classifier's predictor).
        /// </summary>
        public InferencePrecision Precision
        {
            get
            {
                ThrowIfDisposed();
                return Predictor().Precision;
            }
        }

        /// <summary>The options in force.</summary>
        public LczClassifierOptions Options { get; }

        /// <summary>
        /// Opens a patch file with the model's bands in the model's order (the layout: So2Sat LCZ42 for Sentinel bands,
        /// MSMLA otherwise, unless <paramref name="layout"/> says). The source yields raw values; dispose it.
        /// </summary>
        /// <param name="path">The HDF5 file.</param>
        /// <param name="layout">The file layout; null = from the pipeline's sensor.</param>
        /// <param name="requireLabels">Refuse a file without labels.</param>
        /// <param name="cancellationToken">Stops loading a cached file.</param>
        /// <exception cref="PatchDataException">The file is missing, not HDF5, or lacks one of the model's bands or datasets.</exception>
        /// <exception cref="ArgumentException">The file's patches do not fit the model (what differs is named).</exception>
        public Hdf5PatchSource OpenFile(string path, PatchFileLayout? layout = null, bool requireLabels = false, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            PatchFileLayout chosen = layout ?? (Input.Modality == SensorModality.Other ? PatchFileLayout.Msmla : PatchFileLayout.So2Sat);
            Hdf5PatchSource file = PatchFile.Open(path, Options.Files with
            {
                Layout = chosen,
                Bands = Input.Bands,
                Modality = chosen == PatchFileLayout.So2Sat && Input.Modality != SensorModality.Other ? Input.Modality : null,
                RequireLabels = requireLabels,
                ClassCount = Model.Options.Classes,
            }, _loggers.CreateLogger<Hdf5PatchSource>(), cancellationToken);
            try
            {
                CheckFits(file.Info, path);
                return file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The model's input from a raw source: checks that its channels (by name and order), patch size and labels fit the
        /// model and applies the normalisation. The returned source reads from <paramref name="raw"/>, which stays yours.
        /// </summary>
        /// <exception cref="ArgumentException">The source does not fit (bands, channel count, patch size, classes, or already normalised); the message names what differs.</exception>
        public IPatchSource Prepare(IPatchSource raw)
        {
            ThrowIfDisposed();
            ArgumentNullException.ThrowIfNull(raw);
            CheckFits(raw.Info, "the source");
            return Input.Normalization.IsIdentity ? raw : raw.Normalize(Input.Normalization);
        }

        /// <summary>Predicts every patch of a raw source in its stored order (see <see cref="Prepare"/>).</summary>
        /// <exception cref="ArgumentException">The source does not fit the model.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public PredictionResult Predict(IPatchSource raw, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            IPatchSource input = Prepare(raw);
            return Predictor().Predict(input, progress, cancellationToken);
        }

        /// <summary>Reads a patch file with the model's bands (<see cref="OpenFile"/>) and predicts every patch.</summary>
        /// <exception cref="PatchDataException">The file cannot be read as the model needs.</exception>
        /// <exception cref="ArgumentException">The file's patches do not fit the model.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public PredictionResult PredictFile(string path, PatchFileLayout? layout = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            using Hdf5PatchSource file = OpenFile(path, layout, requireLabels: false, cancellationToken);
            return Predict(file, progress, cancellationToken);
        }

        /// <summary>Predicts a labelled raw source and measures the predictions against its labels.</summary>
        /// <exception cref="ArgumentException">The source has no labels or does not fit the model.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public LczEvaluation Evaluate(IPatchSource raw, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(raw);
            if (!raw.Info.HasLabels) throw new ArgumentException("Evaluation needs labelled patches; the source has no labels.", nameof(raw));
            PredictionResult result = Predict(raw, progress, cancellationToken);
            var matrix = new ConfusionMatrix(Model.Options.Classes);
            matrix.Add(result.TrueLabels!.ToArray(), result.LabelsToArray());
            return new LczEvaluation(result, matrix, ClassificationMetrics.Compute(matrix));
        }

        /// <summary>Reads a labelled patch file with the model's bands and evaluates the model on it.</summary>
        /// <exception cref="PatchDataException">The file cannot be read as the model needs, or has no labels.</exception>
        /// <exception cref="ArgumentException">The file's patches do not fit the model.</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
        public LczEvaluation EvaluateFile(string path, PatchFileLayout? layout = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            using Hdf5PatchSource file = OpenFile(path, layout, requireLabels: true, cancellationToken);
            return Evaluate(file, progress, cancellationToken);
        }

        /// <summary>Disposes the predictor's copy of the model, and the model when the classifier opened it.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _predictor?.Dispose();
            if (_ownsModel) Model.Dispose();
            _disposed = true;
        }

        /// <summary>
        /// Predicts <paramref name="count"/> windows that are already the model's input (the pipeline applied; NCHW of the
        /// pipeline's bands and patch size) into <paramref name="probabilities"/> (count x classes). The scene mapper's path.
        /// </summary>
        internal void PredictInput(ReadOnlySpan<float> windows, int count, Span<float> probabilities, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            PredictionResult result = Predictor().Predict(windows, count, Input.PatchSize, Input.PatchSize, cancellationToken);
            result.Probabilities.CopyTo(probabilities);
        }

        private LczPredictor Predictor() =>
            _predictor ??= new LczPredictor(Model, Options.Prediction, _loggers.CreateLogger<LczPredictor>());

        private void CheckFits(PatchSourceInfo info, string what)
        {
            var differences = new List<string>(Input.Differences(info));
            if (info.HasLabels && info.ClassCount != Model.Options.Classes)
                differences.Add($"the model has {Model.Options.Classes} classes but the labels have {info.ClassCount}");
            if (differences.Count > 0)
                throw new ArgumentException($"{what} does not fit {Model.Info.Name}: {string.Join("; ", differences)}.");
        }

        private static InputPipeline Effective(InputPipeline recorded, LczClassifierOptions options, string model, ILogger logger)
        {
            InputPipeline input = recorded;
            if (options.Bands is { } bands && !bands.SequenceEqual(recorded.Bands, StringComparer.OrdinalIgnoreCase))
            {
                logger.LogWarning("Reading the bands {Given} instead of {Recorded}, the bands {Model} records", string.Join(",", bands), string.Join(",", recorded.Bands), model);
                input = input.WithBands(bands);
            }
            if (options.Normalization is { } normalization && !normalization.ResolveFor(input.Bands).Equals(input.Normalization))
            {
                logger.LogWarning("Normalising with {Given} instead of {Recorded}, the normalisation {Model} records", normalization.Name, recorded.Normalization.Name, model);
                input = input.WithNormalization(normalization);
            }
            if (options.Modality is SensorModality modality && modality != input.Modality)
                throw new ArgumentException(
                    $"The data were asked for as {modality}, but {model} takes {input.Channels} bands from {input.Modality} ({string.Join(",", input.Bands)}).", nameof(options));
            return input;
        }

        private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
    }
}
