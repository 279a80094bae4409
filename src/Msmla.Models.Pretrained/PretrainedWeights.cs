using System;
using System.IO;
using Microsoft.Extensions.Logging;
using Msmla.Core.Preprocessing;
using Msmla.Data.Classification;
using Msmla.Models.Weights;

namespace Msmla.Models.Pretrained
{
    /// <summary>
    /// One set of released weights carried by this package, with everything needed to use it correctly (like a member of
    /// TorchGeo's weight enums): the architecture and options, the input pipeline the weights were trained on, where they
    /// come from, their licence and the work to cite.
    /// </summary>
    public sealed class PretrainedWeights
    {
        private readonly string _resourceName;
        private readonly string _licenseResourceName;

        internal PretrainedWeights(string id, string name, LczArchitecture architecture, LczModelOptions options, InputPipeline input,
            string licenseExpression, string licenseResourceName, string citation, string source, string sha256, string description, string resourceName)
        {
            Id = id;
            Name = name;
            Architecture = architecture;
            Options = options;
            Input = input;
            LicenseExpression = licenseExpression;
            _licenseResourceName = licenseResourceName;
            Citation = citation;
            Source = source;
            Sha256 = sha256;
            Description = description;
            _resourceName = resourceName;
        }

        /// <summary>The identifier (also the command line's <c>--model</c> value), such as <c>sen2lcz-net-mf</c>.</summary>
        public string Id { get; }

        /// <summary>The model's name as published.</summary>
        public string Name { get; }

        /// <summary>The network the weights are for.</summary>
        public LczArchitecture Architecture { get; }

        /// <summary>The options the network is built with (bands, classes, patch size, widths) to take the weights.</summary>
        public LczModelOptions Options { get; }

        /// <summary>What turns raw data into the model's input: the bands in the trained order, their scaling and normalisation, the patch size.</summary>
        public InputPipeline Input { get; }

        /// <summary>The SPDX expression of the weights' licence (<c>MIT</c>).</summary>
        public string LicenseExpression { get; }

        /// <summary>The full licence text of the weights, with its copyright notice (also in the package's <c>licenses/</c> folder).</summary>
        public string License => EmbeddedWeights.ReadText(_licenseResourceName);

        /// <summary>The publication to cite when using the weights.</summary>
        public string Citation { get; }

        /// <summary>Where the weights were published (repository and file).</summary>
        public string Source { get; }

        /// <summary>The SHA-256 of the released weight file (lower-case hex), checked when the package is built.</summary>
        public string Sha256 { get; }

        /// <summary>The training data and the published result of the weights.</summary>
        public string Description { get; }

        /// <summary>Whether this build carries the weights (a build made without the weight file does not; the published package always does).</summary>
        public bool IsAvailable => EmbeddedWeights.Exists(_resourceName);

        /// <summary>Builds the network and loads the weights; the model is in evaluation mode on the CPU. Dispose it.</summary>
        /// <exception cref="InvalidOperationException">This build of the package carries no weights (<see cref="IsAvailable"/> is false).</exception>
        public LczModel CreateModel()
        {
            LczModel model = LczModels.Create(Architecture, Options);
            try
            {
                EmbeddedWeights.WithFile(_resourceName, Id, path => KerasWeights.Import(model, path));
                model.eval();
                return model;
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The model with its input pipeline, ready for raw data: <c>PredictFile("testing.h5")</c> reads So2Sat's
        /// <c>sen2</c> as the weights were trained on it. The classifier owns the model; dispose the classifier.
        /// </summary>
        /// <param name="options">Prediction, reading and pipeline overrides; null = defaults.</param>
        /// <param name="loggers">Receives the pipeline used and the warnings about overrides; null = none.</param>
        /// <exception cref="InvalidOperationException">This build of the package carries no weights.</exception>
        /// <exception cref="ArgumentException">An override of <paramref name="options"/> contradicts the input pipeline.</exception>
        public LczClassifier CreateClassifier(LczClassifierOptions? options = null, ILoggerFactory? loggers = null)
        {
            LczModel model = CreateModel();
            try
            {
                return LczClassifier.Owning(model, Input, options, loggers);
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        /// <summary>The identifier and name.</summary>
        public override string ToString() => $"{Id} ({Name}, {LicenseExpression})";
    }
}
