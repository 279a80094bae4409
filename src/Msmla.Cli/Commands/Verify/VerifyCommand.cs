using System.CommandLine;
using System.Linq;
using Msmla.Cli.Infrastructure;
using Msmla.Data.So2Sat;

namespace Msmla.Cli.Commands.Verify
{
    /// <summary><c>msmla verify</c>: So2Sat LCZ42 files checked against the published MD5s (as TorchGeo checks them).</summary>
    internal static class VerifyCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(CliConsole console, GlobalOptions global)
        {
            var paths = new Argument<string[]>("paths")
            {
                Description = "So2Sat LCZ42 .h5 files, or directories holding a release as downloaded (training.h5 ... for version 2; random/, block/, culture_10/ for version 3).",
                Arity = ArgumentArity.OneOrMore,
                HelpName = "file-or-directory",
            };
            var json = new Option<bool>("--json") { Description = "Write the result of every file as JSON on stdout." };
            var command = new Command("verify",
                $"Check So2Sat LCZ42 files against the MD5s of the published releases (version 2: {So2SatChecksums.Version2Url}, version 3: {So2SatChecksums.Version3Url}). " +
                "Exits with 2 when a file differs from the release its name says it is, or is none of them.")
            {
                paths,
                json,
            };
            command.SetAction((parse, cancellation) => CommandExecution.RunAsync(console, global.VerbosityOf(parse), cancellation, context =>
                VerifyRunner.Run(context, parse.GetValue(paths)!.ToArray(), parse.GetValue(json))));
            return command;
        }
    }
}
