using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using Msmla.Cli.Infrastructure;

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

        [Fact]
        public void RuntimeFailures_NameTheExceptionType()
        {
            (_, string message) = ErrorReport.Classify(new InvalidOperationException("The loss became NaN."), false);
            Assert.Equal("InvalidOperationException: The loss became NaN.", message);
        }
    }
}
