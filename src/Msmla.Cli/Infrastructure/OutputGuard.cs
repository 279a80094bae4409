using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Msmla.Core.IO;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// The check every command that writes makes before its work starts: no output is one of the command's inputs (the same
    /// file by identity, <see cref="FileIdentity.IsSameFile"/>: symbolic and hard links and other spellings are seen through),
    /// and the output can be written (its directory exists or is created here, can be written into, and neither the file nor
    /// the directory is read-only). Refusals are input errors (exit code 2) that name the option, the path and the reason.
    /// </summary>
    internal static class OutputGuard
    {
        /// <summary>Checks an output file given with <paramref name="option"/> before anything is computed.</summary>
        /// <exception cref="CliException">The output is an input, a directory, read-only, or its directory cannot be created or written.</exception>
        public static void CheckFile(string output, string option, IEnumerable<CommandInput> inputs)
        {
            RefuseInputs(output, $"{option} {output}", inputs);
            if (Directory.Exists(output)) throw CliException.Input($"{option} {output} is a directory; give the path of the file to write.");
            PrepareDirectory(Path.GetDirectoryName(Path.GetFullPath(output)) ?? ".", option);
            if (File.Exists(output) && IsReadOnly(output))
                throw CliException.Input($"{option} {output} exists and is read-only; make it writable or choose another output path.");
        }

        /// <summary>
        /// Checks an output directory given with <paramref name="option"/>, into which the command writes <paramref name="files"/>
        /// (paths relative to it), before anything is computed; the directory is created when missing.
        /// </summary>
        /// <exception cref="CliException">A file the command writes there is an input, or the directory is a file, read-only, or cannot be created or written.</exception>
        public static void CheckDirectory(string directory, string option, IEnumerable<string> files, IEnumerable<CommandInput> inputs)
        {
            if (File.Exists(directory)) throw CliException.Input($"{option} {directory} is a file, not a directory.");
            IReadOnlyList<CommandInput> given = inputs.ToList();
            foreach (string file in files) RefuseInputs(Path.Combine(directory, file), $"{option} {directory} holds {file}, which", given);
            PrepareDirectory(directory, option);
        }

        private static void RefuseInputs(string output, string what, IEnumerable<CommandInput> inputs)
        {
            CommandInput? same = inputs.FirstOrDefault(i => FileIdentity.IsSameFile(i.Path, output));
            if (same != null)
                throw CliException.Input($"{what} is {same.Role} ({same.Path}): writing it would destroy that input; choose another output path.");
        }

        /// <summary>Creates the directory when missing and checks that a file can be created in it (a probe, removed at once).</summary>
        private static void PrepareDirectory(string directory, string option)
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && !DiskFull.Is(e))
            {
                throw CliException.Input($"Cannot create the directory {directory} for {option}: {e.Message}", e);
            }
            // Windows gives directories a read-only attribute that it does not enforce on their files: there the probe decides.
            if (!OperatingSystem.IsWindows() && IsReadOnly(directory)) throw CliException.Input($"The directory {directory} (for {option}) is read-only; make it writable or choose another output path.");
            string probe = Path.Combine(directory, $".msmla-write-check.{Guid.NewGuid():N}.tmp");
            try
            {
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && !DiskFull.Is(e))
            {
                throw CliException.Input($"Cannot write into the directory {directory} (for {option}): {e.Message}", e);
            }
        }

        /// <summary>Whether the file or directory is read-only (on Unix: it lacks write permission for this user, which root too is held to here).</summary>
        private static bool IsReadOnly(string path) => (File.GetAttributes(path) & FileAttributes.ReadOnly) != 0;
    }
}
