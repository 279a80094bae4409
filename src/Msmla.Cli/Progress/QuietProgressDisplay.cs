using System;

namespace Msmla.Cli.Progress
{
    /// <summary>Shows nothing (<c>--quiet</c>).</summary>
    internal sealed class QuietProgressDisplay : IProgressDisplay, IProgressSession, IProgressItem
    {
        private readonly Action<string> _writeLine;

        /// <summary>Creates the display; log lines still go to <paramref name="writeLine"/>.</summary>
        public QuietProgressDisplay(Action<string> writeLine) => _writeLine = writeLine;

        /// <inheritdoc />
        public T Run<T>(Func<IProgressSession, T> work) => work(this);

        /// <inheritdoc />
        public void WriteLine(string line) => _writeLine(line);

        /// <inheritdoc />
        public IProgressItem Add(string description, double total) => this;

        /// <inheritdoc />
        public void Update(double value, double? total = null, string? description = null)
        {
        }

        /// <inheritdoc />
        public void Complete(string? description = null)
        {
        }
    }
}
