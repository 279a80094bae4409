using System;

namespace Msmla.Cli.Progress
{
    /// <summary>
    /// An <see cref="IProgress{T}"/> that calls back synchronously on the reporting thread (unlike
    /// <see cref="Progress{T}"/>, which posts to a synchronisation context and may report after the work ended).
    /// </summary>
    internal sealed class CallbackProgress<T> : IProgress<T>
    {
        private readonly Action<T> _report;

        /// <summary>Wraps the callback.</summary>
        public CallbackProgress(Action<T> report) => _report = report;

        /// <inheritdoc />
        public void Report(T value) => _report(value);
    }
}
