using System;
using Microsoft.Extensions.Logging;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// A logger provider that writes each entry as one line (<c>info: message</c>) through a callback: into an injected
    /// stderr writer (tests) or above the live progress bars (Spectre.Console), where the console logger's own writes
    /// would tear the bars.
    /// </summary>
    internal sealed class LineLoggerProvider : ILoggerProvider
    {
        private readonly Action<string> _writeLine;
        private readonly bool _exceptions;

        /// <summary>Creates the provider.</summary>
        /// <param name="writeLine">Writes one finished line.</param>
        /// <param name="exceptions">Whether to append the exception text of entries that carry one.</param>
        public LineLoggerProvider(Action<string> writeLine, bool exceptions)
        {
            _writeLine = writeLine ?? throw new ArgumentNullException(nameof(writeLine));
            _exceptions = exceptions;
        }

        /// <inheritdoc />
        public ILogger CreateLogger(string categoryName) => new LineLogger(this);

        /// <inheritdoc />
        public void Dispose()
        {
        }

        /// <summary>The short level names of Microsoft.Extensions.Logging's simple console formatter.</summary>
        internal static string LevelName(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            LogLevel.Critical => "crit",
            _ => "none",
        };

        private sealed class LineLogger : ILogger
        {
            private readonly LineLoggerProvider _provider;

            public LineLogger(LineLoggerProvider provider) => _provider = provider;

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel)) return;
                string line = LevelName(logLevel) + ": " + formatter(state, exception);
                if (exception != null && _provider._exceptions) line += Environment.NewLine + exception;
                _provider._writeLine(line);
            }
        }
    }
}
