using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Logging;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Models;
using Msmla.Models.Weights;

namespace Msmla.Cli.Commands.ImportKeras
{
    /// <summary>The work of <c>msmla import-keras</c>, through <see cref="KerasWeights"/> and <see cref="LczModels.Save"/>.</summary>
    internal static class ImportKerasRunner
    {
        /// <summary>Imports, saves and reports.</summary>
        public static int Run(CommandContext context, ImportKerasSettings settings)
        {
            ILogger logger = context.Logger("msmla.import-keras");
            if (!File.Exists(settings.KerasFile)) throw CliException.Input($"The Keras weight file {settings.KerasFile} does not exist.");
            var inputs = new List<CommandInput> { new("the Keras weight file given with --keras", settings.KerasFile) };
            if (settings.OptionsFile != null) inputs.Add(new CommandInput("the model options file given with --options", settings.OptionsFile));
            OutputGuard.CheckFile(settings.Output, "--output", inputs);
            OutputGuard.CheckFile(LczModelFileInfo.SidecarPath(settings.Output), "--output's sidecar", inputs);
            using LczModel model = LczModels.Create(settings.Model.Architecture, settings.Model.Options);
            KerasImportReport report;
            try
            {
                report = KerasWeights.Import(model, settings.KerasFile);
            }
            catch (NotSupportedException e)
            {
                throw CliException.Usage(e.Message);
            }
            logger.LogInformation("Imported {Count} Keras layers from {File} into {Model}", report.Mappings.Count, report.FilePath, model.Info.Name);
            context.Cancellation.ThrowIfCancellationRequested();

            LczModelFileInfo saved = LczModels.Save(model, settings.Output);
            string sidecar = LczModelFileInfo.SidecarPath(settings.Output);

            if (settings.Json)
            {
                CliJson.Write(context.Console.Out, new
                {
                    model = ModelNames.IdOf(model.Architecture),
                    modelName = model.Info.Name,
                    keras = report.FilePath,
                    kerasVersion = report.KerasVersion,
                    output = settings.Output,
                    sidecar,
                    weightsSha256 = saved.WeightsSha256,
                    layers = report.Mappings.Select(m => new { kerasLayer = m.KerasLayer, kind = m.Kind, target = m.Target }).ToArray(),
                    loadedTensors = report.Load.LoadedKeys.Count,
                    missingKeys = report.Load.MissingKeys,
                    unexpectedKeys = report.Load.UnexpectedKeys,
                });
                return ExitCodes.Success;
            }

            var output = context.Console.Out;
            output.WriteLine($"Imported {report.FilePath} (Keras {report.KerasVersion ?? "version not recorded"}) into {model.Info.Name}:");
            output.WriteLine($"{report.Mappings.Count} Keras layers mapped, {report.Load.LoadedKeys.Count} tensors loaded, {report.Load.UnexpectedKeys.Count} file tensors unused.");
            if (report.Load.MissingKeys.Count > 0)
            {
                bool onlyCounters = report.Load.MissingKeys.All(k => k.EndsWith("num_batches_tracked", StringComparison.Ordinal));
                output.WriteLine(onlyCounters
                    ? $"{report.Load.MissingKeys.Count} BatchNorm num_batches_tracked counters kept (Keras does not store them)."
                    : $"Model tensors not in the file, left as initialised: {string.Join(", ", report.Load.MissingKeys)}.");
            }
            output.WriteLine();
            var table = new TextTable("keras layer", "kind", "model submodule");
            foreach (KerasLayerMapping mapping in report.Mappings) table.Add(mapping.KerasLayer, mapping.Kind.ToString(), mapping.Target);
            table.Write(output);
            output.WriteLine();
            output.WriteLine($"Wrote {settings.Output}");
            output.WriteLine($"  and {sidecar}");
            return ExitCodes.Success;
        }
    }
}
