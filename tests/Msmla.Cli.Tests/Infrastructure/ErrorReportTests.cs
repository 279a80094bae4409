using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using Msmla.Cli.Infrastructure;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Infrastructure
{
    public class ErrorReportTests
    {
        [Fact]
        public void Exceptions_MapToTheDocumentedExitCodes()
        {
            Assert.Equal(1, ErrorReport.Classify(CliException.Usage("u"), false).ExitCode);
            Assert.Equal(2, ErrorReport.Classify(CliException.Input("i"), false).ExitCode);
            Assert.Equal(2, ErrorReport.Classify(new FileNotFoundException("gone", "/x/y.h5"), false).ExitCode);
            Assert.Equal(2, ErrorReport.Classify(new DirectoryNotFoundException("gone"), false).ExitCode);
            Assert.Equal(2, ErrorReport.Classify(new InvalidDataException("bad"), false).ExitCode);
            Assert.Equal(2, ErrorReport.Classify(new JsonException("bad"), false).ExitCode);
            Assert.Equal(2, ErrorReport.Classify(new ArgumentException("bad"), false).ExitCode);
            Assert.Equal(3, ErrorReport.Classify(new InvalidOperationException("diverged"), false).ExitCode);
            Assert.Equal(3, ErrorReport.Classify(new ExternalException("libtorch"), false).ExitCode);
            Assert.Equal(3, ErrorReport.Classify(new OutOfMemoryException(), false).ExitCode);
            Assert.Equal(130, ErrorReport.Classify(new OperationCanceledException(), true).ExitCode);
            Assert.Equal(3, ErrorReport.Classify(new OperationCanceledException(), false).ExitCode);
        }

        [Fact]
        public void FileNotFound_NamesTheFile()
        {
            (_, string message) = ErrorReport.Classify(new FileNotFoundException("Could not find the file.", "/data/x.h5"), false);
            Assert.Contains("/data/x.h5", message);
        }

        [SkippableFact]
        public void A_libtorch_error_is_its_first_line_without_the_cpp_backtrace()
        {
            // libtorch's own error text with its C++ backtrace, from PyTorch (TorchSharp puts the same what() text into the
            // ExternalException it throws; on hosts where its native library is patched, the C++ runtime aborts instead).
            string python = PythonPeer.Require("torch");
            string text = PythonPeer.Run(python, """
                import os, sys
                os.environ["TORCH_SHOW_CPP_STACKTRACES"] = "1"
                import torch
                try:
                    torch.ones(2, 3) @ torch.ones(4, 5)
                except RuntimeError as e:
                    sys.stdout.write(str(e))
                """);
            Assert.Contains("Exception raised from", text);
            Assert.Contains("frame #0", text);
            string first = text.Split('\n')[0].Trim();
            Assert.Equal("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", first);

            Assert.Equal((3, "libtorch failed: " + first), ErrorReport.Classify(new ExternalException(text), false));
            // libtorch's text quoted inside another message loses its backtrace too (--verbose prints the whole exception).
            var wrapped = new InvalidDataException("The optimizer state in x.ckpt does not fit: " + text);
            Assert.Equal("The optimizer state in x.ckpt does not fit: " + first, ErrorReport.Classify(wrapped, false).Message);
            Assert.Equal("a\nb", ErrorReport.Classify(new InvalidDataException("a\nb"), false).Message); // other messages are kept whole
        }

        [Fact]
        public void Argument_messages_lose_the_parameter_suffix_also_when_quoted()
        {
            var argument = new ArgumentException("Band 'B13' is not a So2Sat band.", "options");
            Assert.EndsWith("(Parameter 'options')", argument.Message);
            Assert.Equal((2, "Band 'B13' is not a So2Sat band."), ErrorReport.Classify(argument, false));

            var range = new ArgumentOutOfRangeException("bestEpoch", 1, "The best epoch must be 0 to 0.");
            Assert.Equal("The best epoch must be 0 to 0. Actual value was 1.", ErrorReport.Classify(range, false).Message);

            CliException quoted = CliException.Input("Invalid model options: " + argument.Message);
            Assert.Equal("Invalid model options: Band 'B13' is not a So2Sat band.", ErrorReport.Classify(quoted, false).Message);
        }

        [SkippableTheory]
        [InlineData(28)]  // ENOSPC
        [InlineData(122)] // EDQUOT
        public void A_full_disk_is_a_runtime_failure_named_as_such_also_when_wrapped(int errno)
        {
            Requirement.Host(OperatingSystem.IsLinux(), "Linux error numbers");
            var full = new IOException("No space left on device : '/run/x.csv'", errno);
            Assert.Equal((3, "the disk is full: No space left on device : '/run/x.csv'"), ErrorReport.Classify(full, false));
            var wrapped = new InvalidDataException("Cannot save the model.", full);
            Assert.Equal(3, ErrorReport.Classify(wrapped, false).ExitCode);
            Assert.Equal(2, ErrorReport.Classify(new IOException("Broken file", 5), false).ExitCode);
        }

        [Fact]
        public void RuntimeFailures_NameTheExceptionType()
        {
            (_, string message) = ErrorReport.Classify(new InvalidOperationException("The loss became NaN."), false);
            Assert.Equal("InvalidOperationException: The loss became NaN.", message);
        }
    }
}
