using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>Turns an exception into the message printed on stderr and the documented exit code.</summary>
    internal static partial class ErrorReport
    {
        /// <summary>The exit code and message for <paramref name="error"/>; the message is one readable statement (see <see cref="Clean"/>).</summary>
        public static (int ExitCode, string Message) Classify(Exception error, bool cancelled)
        {
            (int code, string message) = ClassifyRaw(error, cancelled);
            return (code, Clean(message));
        }

        /// <summary>
        /// A message as the user sees it without <c>--verbose</c>: libtorch's C++ backtrace cut off (the first line of its
        /// error is kept; <c>--verbose</c> prints the full text), and the " (Parameter 'name')" that .NET appends to an
        /// <see cref="ArgumentException"/>'s message removed, also where a library quoted such a message in its own; and
        /// the library's remedies that name an option of its API (<c>So2SatReadOptions.AllowExternalFiles</c>) named as the
        /// command line gives them (<c>--allow-external-files</c>).
        /// </summary>
        public static string Clean(string message)
        {
            foreach ((string library, string command) in s_remedies) message = message.Replace(library, command, StringComparison.Ordinal);
            int backtrace = message.IndexOf("Exception raised from ", StringComparison.Ordinal);
            if (backtrace >= 0)
            {
                string head = message[..backtrace].TrimEnd();
                message = head.Contains('\n') ? head[..head.IndexOf('\n')].TrimEnd() : head;
            }
            message = ParameterSuffix().Replace(message, "");
            return ActualValueLine().Replace(message, " Actual value was ");
        }

        private static (int ExitCode, string Message) ClassifyRaw(Exception error, bool cancelled)
        {
            switch (error)
            {
                case CliException cli:
                    return (cli.ExitCode, cli.Message);
                case OperationCanceledException when cancelled:
                    return (ExitCodes.Cancelled, "cancelled");
                case Exception when DiskFull.Is(error):
                    // Not bad input: the work could not be saved. Checkpoints are replaced only once complete, so a run resumes.
                    return (ExitCodes.RuntimeFailure, $"the disk is full: {error.Message}");
                case FileNotFoundException missing:
                    return (ExitCodes.InputError, missing.FileName is { Length: > 0 } file && !missing.Message.Contains(file, StringComparison.Ordinal)
                        ? $"{missing.Message} ({file})" : missing.Message);
                case DirectoryNotFoundException or UnauthorizedAccessException:
                    return (ExitCodes.InputError, error.Message);
                case JsonException json:
                    return (ExitCodes.InputError, json.Message);
                case InvalidDataException:
                    // Corrupt or mismatched checkpoints and data files (InvalidDataException is not an IOException).
                    return (ExitCodes.InputError, error.Message);
                case ExternalException:
                    return (ExitCodes.RuntimeFailure, $"libtorch failed: {FirstLine(error.Message)}");
                case IOException:
                    // The readers' PatchDataException and the weight files' WeightFileException, InvalidDataException, bad HDF5.
                    return (ExitCodes.InputError, error.Message);
                case ArgumentException:
                    // The libraries check their inputs against each other (bands, shapes, classes, option values read from files).
                    return (ExitCodes.InputError, error.Message);
                default:
                    return (ExitCodes.RuntimeFailure, $"{error.GetType().Name}: {error.Message}");
            }
        }

        private static string FirstLine(string message)
        {
            string trimmed = message.Trim();
            int end = trimmed.IndexOf('\n');
            return end < 0 ? trimmed : trimmed[..end].TrimEnd();
        }

        /// <summary>The readers' remedies in library terms, and the same in the command line's.</summary>
        private static readonly (string Library, string Command)[] s_remedies =
        {
            ("set So2SatReadOptions.AllowExternalFiles to follow them", "pass --allow-external-files to follow them"),
            ("set MsmlaReadOptions.AllowExternalFiles to follow them", "pass --allow-external-files to follow them"),
            ("unless the read options allow external files (AllowExternalFiles)", "unless --allow-external-files is given"),
            ("(set the read options' ClassCount to read it)", "(msmla reads labels with one column per class of the model)"),
        };

        [GeneratedRegex(@" ?\(Parameter '[^'\r\n]*'\)")]
        private static partial Regex ParameterSuffix();

        [GeneratedRegex(@"\r?\nActual value was ")]
        private static partial Regex ActualValueLine();
    }
}
