using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>Turns an exception into the message printed on stderr and the documented exit code.</summary>
    internal static class ErrorReport
    {
        /// <summary>The exit code and message for <paramref name="error"/>.</summary>
        public static (int ExitCode, string Message) Classify(Exception error, bool cancelled)
        {
            switch (error)
            {
                case CliException cli:
                    return (cli.ExitCode, cli.Message);
                case OperationCanceledException when cancelled:
                    return (ExitCodes.Cancelled, "cancelled");
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
                    return (ExitCodes.RuntimeFailure, $"libtorch failed: {error.Message}");
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
    }
}
