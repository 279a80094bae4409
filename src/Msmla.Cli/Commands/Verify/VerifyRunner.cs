using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Cli.Progress;
using Msmla.Data.So2Sat;

namespace Msmla.Cli.Commands.Verify
{
    /// <summary>The work of <c>msmla verify</c>: <see cref="So2SatVerifier.Verify"/> of every file, with a progress bar per file.</summary>
    internal static class VerifyRunner
    {
        /// <summary>Verifies the files (directories: the release files in them) and reports; exit code 2 when any is not verified.</summary>
        public static int Run(CommandContext context, IReadOnlyList<string> paths, bool json)
        {
            var files = new List<string>();
            foreach (string path in paths)
            {
                if (Directory.Exists(path)) files.AddRange(So2SatVerifier.FilesIn(path));   // PatchDataException: an input error naming the directory
                else if (File.Exists(path)) files.Add(Path.GetFullPath(path));
                else throw CliException.Input($"{Path.GetFullPath(path)} does not exist.");
            }

            List<So2SatFileCheck> checks = context.Progress.Run(session => files.Select(file =>
            {
                IProgressItem item = session.Add($"MD5 of {Path.GetFileName(file)}", new FileInfo(file).Length);
                So2SatFileCheck check = So2SatVerifier.Verify(file, new CallbackProgress<long>(done => item.Update(done)), context.Cancellation);
                item.Complete();
                return check;
            }).ToList());

            bool allVerified = checks.All(c => c.Status == So2SatFileStatus.Verified);
            if (json)
            {
                CliJson.Write(context.Console.Out, new
                {
                    verified = allVerified,
                    files = checks.Select(c => new
                    {
                        path = c.Path,
                        bytes = c.Bytes,
                        md5 = c.Md5,
                        status = c.Status.ToString().ToLowerInvariant(),
                        claimed = c.Claimed.Select(Describe).ToArray(),
                        matches = c.Matches.Select(Describe).ToArray(),
                        message = c.Message,
                    }).ToArray(),
                });
            }
            else
            {
                TextWriter output = context.Console.Out;
                var table = new TextTable("file", "status", "release", ">bytes", "md5");
                foreach (So2SatFileCheck c in checks)
                {
                    IEnumerable<So2SatKnownFile> release = c.Status == So2SatFileStatus.Verified && c.Claimed.Count == 0 ? c.Matches : c.Claimed;
                    table.Add(c.Path, c.Status.ToString().ToLowerInvariant(), string.Join(" = ", release.Select(f => $"{f.Version}/{f.Split}")),
                        c.Bytes.ToString("N0", CultureInfo.InvariantCulture), c.Md5);
                }
                table.Write(output);
            }
            foreach (So2SatFileCheck c in checks.Where(c => c.Status != So2SatFileStatus.Verified)) context.Console.Error.WriteLine(c.Message);
            return allVerified ? ExitCodes.Success : ExitCodes.InputError;
        }

        private static object Describe(So2SatKnownFile file) => new { version = file.Version, split = file.Split, path = file.RelativePath, md5 = file.Md5 };
    }
}
