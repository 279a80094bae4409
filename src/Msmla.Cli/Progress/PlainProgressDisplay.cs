using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace Msmla.Cli.Progress
{
    /// <summary>
    /// Progress as plain lines on stderr, for logs and pipes: an item prints its state at most every
    /// <see cref="Interval"/>, and once when it completes.
    /// </summary>
    internal sealed class PlainProgressDisplay : IProgressDisplay, IProgressSession
    {
        private readonly TextWriter _error;

        /// <summary>Creates the display over the error writer.</summary>
        public PlainProgressDisplay(TextWriter error, TimeSpan? interval = null)
        {
            _error = error;
            Interval = interval ?? TimeSpan.FromSeconds(10);
        }

        /// <summary>The least time between two lines of the same item.</summary>
        public TimeSpan Interval { get; }

        /// <inheritdoc />
        public T Run<T>(Func<IProgressSession, T> work) => work(this);

        /// <inheritdoc />
        public void WriteLine(string line) => _error.WriteLine(line);

        /// <inheritdoc />
        public IProgressItem Add(string description, double total) => new Item(this, description, total);

        private sealed class Item : IProgressItem
        {
            private readonly PlainProgressDisplay _display;
            private readonly Stopwatch _since = Stopwatch.StartNew();
            private readonly object _gate = new();
            private string _description;
            private double _total;
            private bool _completed;

            public Item(PlainProgressDisplay display, string description, double total)
            {
                _display = display;
                _description = description;
                _total = total;
            }

            public void Update(double value, double? total = null, string? description = null)
            {
                lock (_gate)
                {
                    if (total is double t) _total = t;
                    if (description != null) _description = description;
                    if (_completed || _since.Elapsed < _display.Interval) return;
                    _since.Restart();
                    string percent = _total > 0 ? (100 * value / _total).ToString("0", CultureInfo.InvariantCulture) + "%" : "";
                    _display.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress: {_description} {percent} ({value:0}/{_total:0})"));
                }
            }

            public void Complete(string? description = null)
            {
                lock (_gate)
                {
                    if (_completed) return;
                    _completed = true;
                    _display.WriteLine("progress: " + (description ?? _description) + " done");
                }
            }
        }
    }
}
