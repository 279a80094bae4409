using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Core.Preprocessing;
using Msmla.Models;

namespace Msmla.Cli.Commands.Models
{
    /// <summary>The work of <c>msmla models</c>: builds each architecture with its default options and counts its parameters.</summary>
    internal static class ModelsRunner
    {
        /// <summary>Lists the architectures on stdout, as a table or as JSON.</summary>
        public static int Run(CommandContext context, bool json)
        {
            List<ModelListing> listings = Describe(context);
            if (json)
            {
                CliJson.Write(context.Console.Out, new { models = listings });
                return ExitCodes.Success;
            }
            var table = new TextTable("model", "name", ">trainable", ">keras total", ">patch", "bands", "output");
            foreach (ModelListing m in listings)
            {
                table.Add(m.Id, m.Name + (m.IsReconstruction ? " *" : ""), Count(m.TrainableParameters), Count(m.KerasTotalParameters),
                    m.PatchSize.ToString(CultureInfo.InvariantCulture) + "x" + m.PatchSize.ToString(CultureInfo.InvariantCulture),
                    $"{m.Bands}: {string.Join(",", m.BandOrder)}", m.OutputKind.ToString().ToLowerInvariant());
            }
            table.Write(context.Console.Out);
            context.Console.Out.WriteLine();
            context.Console.Out.WriteLine("Counts for the default options (10 bands, 17 classes). * = reconstruction (the published layer table is not available).");
            return ExitCodes.Success;
        }

        private static List<ModelListing> Describe(CommandContext context)
        {
            var listings = new List<ModelListing>();
            foreach ((LczArchitecture architecture, string id) in ModelNames.All)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                using LczModel model = LczModels.Create(architecture);
                ParameterCounts counts = model.CountParameters();
                LczModelInfo info = model.Info;
                listings.Add(new ModelListing(id, info.Name, architecture, counts.Trainable, counts.KerasTotal, info.PatchSize, info.PublishedPatchSize,
                    info.Bands, info.BandOrder.ToArray(), info.InputScaling.Description, info.Classes, info.OutputKind, info.IsReconstruction, info.Citation));
            }
            return listings;
        }

        private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
