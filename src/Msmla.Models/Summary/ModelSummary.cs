using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Msmla.Core.Notebooks;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Models.Summary
{
    /// <summary>
    /// A Keras-like summary of an <see cref="LczModel"/>: each layer that holds weights or runs as a module, in the
    /// order the forward pass calls it, with its output shape and parameter count, and the totals (trainable,
    /// BatchNorm statistics, and the Keras total of both). <see cref="ToString"/> renders the table.
    /// </summary>
    [TypeFormatterSource(typeof(ModelSummaryFormatterSource), PreferredMimeTypes = new[] { MimeTypes.Html })]
    public sealed class ModelSummary
    {
        private ModelSummary(string modelName, IReadOnlyList<long> inputShape, IReadOnlyList<long> outputShape,
            IReadOnlyList<ModelSummaryRow> rows, ParameterCounts counts, ModelOutputKind outputKind)
        {
            ModelName = modelName;
            InputShape = inputShape;
            OutputShape = outputShape;
            Rows = rows;
            Counts = counts;
            OutputKind = outputKind;
        }

        /// <summary>The model's display name.</summary>
        public string ModelName { get; }

        /// <summary>The traced input shape [1, bands, patch, patch].</summary>
        public IReadOnlyList<long> InputShape { get; }

        /// <summary>The model output shape for that input.</summary>
        public IReadOnlyList<long> OutputShape { get; }

        /// <summary>The layers in call order (layers that did not run come last).</summary>
        public IReadOnlyList<ModelSummaryRow> Rows { get; }

        /// <summary>Trainable parameters, BatchNorm statistics and the Keras total.</summary>
        public ParameterCounts Counts { get; }

        /// <summary>Whether the model outputs logits or probabilities.</summary>
        public ModelOutputKind OutputKind { get; }

        /// <summary>Traces <paramref name="model"/> with one zero patch and collects the table. The model's mode is restored.</summary>
        /// <param name="model">The model.</param>
        /// <param name="patchSize">The patch side to trace with; defaults to the model's <see cref="LczModelOptions.PatchSize"/>.</param>
        public static ModelSummary Create(LczModel model, int? patchSize = null)
        {
            ArgumentNullException.ThrowIfNull(model);
            int size = patchSize ?? model.Options.PatchSize;
            if (size < 1) throw new ArgumentOutOfRangeException(nameof(patchSize), size, "The patch size must be positive.");

            var leaves = model.named_modules()
                .Where(m => !m.module.children().Any())
                .Select(m => (m.name, m.module))
                .ToList();
            var outputShapes = new Dictionary<string, long[]>();
            var callOrder = new List<string>();
            var removers = new List<Action>();
            foreach ((string name, nn.Module module) in leaves)
            {
                if (module is not nn.Module<Tensor, Tensor> hookable) continue;
                string key = name;
                var remover = hookable.register_forward_hook((m, input, output) =>
                {
                    if (!outputShapes.ContainsKey(key)) callOrder.Add(key);
                    outputShapes[key] = output.shape;
                    return output;
                });
                removers.Add(remover.remove);
            }

            bool wasTraining = model.training;
            long[] outputShape;
            try
            {
                model.eval();
                Device device = model.parameters().FirstOrDefault()?.device ?? CPU;
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                Tensor input = zeros(new long[] { 1, model.Options.Bands, size, size }, device: device);
                outputShape = model.call(input).shape;
            }
            finally
            {
                foreach (Action remove in removers) remove();
                model.train(wasTraining);
            }

            var byName = leaves.ToDictionary(l => l.name, l => l.module);
            var rows = callOrder.Concat(leaves.Select(l => l.name).Where(n => !outputShapes.ContainsKey(n)))
                .Select(name => Row(name, byName[name], outputShapes.TryGetValue(name, out long[]? s) ? s : null))
                .Where(r => r.KerasParameters > 0 || r.OutputShape != null)
                .ToList();
            return new ModelSummary(model.Info.Name, new long[] { 1, model.Options.Bands, size, size }, outputShape, rows,
                model.CountParameters(), model.OutputKind);
        }

        /// <summary>Renders the table in the style of Keras' <c>model.summary()</c>.</summary>
        public override string ToString()
        {
            const int nameWidth = 44, typeWidth = 14, shapeWidth = 22, paramWidth = 12;
            int width = nameWidth + typeWidth + shapeWidth + paramWidth;
            var text = new StringBuilder();
            text.Append("Model: \"").Append(ModelName).Append("\"  input ").Append(Shape(InputShape)).AppendLine();
            text.AppendLine(new string('_', width));
            text.Append(Pad("Layer", nameWidth)).Append(Pad("Type", typeWidth)).Append(Pad("Output Shape", shapeWidth))
                .Append("Param #".PadLeft(paramWidth)).AppendLine();
            text.AppendLine(new string('=', width));
            foreach (ModelSummaryRow row in Rows)
            {
                text.Append(Pad(row.Name, nameWidth)).Append(Pad(row.Type, typeWidth))
                    .Append(Pad(row.OutputShape == null ? "(not run)" : Shape(row.OutputShape), shapeWidth))
                    .Append(Number(row.KerasParameters).PadLeft(paramWidth)).AppendLine();
            }
            text.AppendLine(new string('=', width));
            text.Append("Output: ").Append(Shape(OutputShape)).Append(' ')
                .Append(OutputKind == ModelOutputKind.Logits ? "logits" : "probabilities").AppendLine();
            text.Append("Total params (Keras): ").AppendLine(Number(Counts.KerasTotal));
            text.Append("Trainable params: ").AppendLine(Number(Counts.Trainable));
            text.Append("Non-trainable params (BatchNorm running mean and variance): ").AppendLine(Number(Counts.BatchNormStatistics));
            text.AppendLine(new string('_', width));
            return text.ToString();
        }

        private static ModelSummaryRow Row(string name, nn.Module module, long[]? shape)
        {
            long trainable = module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
            long statistics = module.named_buffers()
                .Where(b => b.name is "running_mean" or "running_var")
                .Sum(b => b.buffer.numel());
            return new ModelSummaryRow(name, module.GetType().Name, shape, trainable, statistics);
        }

        private static string Shape(IReadOnlyList<long> shape) =>
            "(" + string.Join(", ", shape.Select((d, i) => i == 0 ? "None" : d.ToString(CultureInfo.InvariantCulture))) + ")";

        private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        private static string Pad(string value, int width) =>
            value.Length >= width - 1 ? value.Substring(0, width - 2) + "~ " : value.PadRight(width);
    }
}
