using System;
using Spectre.Console;

namespace Msmla.Cli.Progress
{
    /// <summary>Live progress bars on an interactive stderr with Spectre.Console; log lines are written above the bars.</summary>
    internal sealed class SpectreProgressDisplay : IProgressDisplay
    {
        private readonly IAnsiConsole _console;
        private readonly object _gate = new();

        /// <summary>Creates the display over a Spectre console (writing to stderr).</summary>
        public SpectreProgressDisplay(IAnsiConsole console) => _console = console;

        /// <inheritdoc />
        public T Run<T>(Func<IProgressSession, T> work) =>
            _console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context => work(new Session(context, _gate)));

        /// <inheritdoc />
        public void WriteLine(string line)
        {
            // Lines are cut to the console width here: a line the terminal wraps itself throws off the live display's
            // count of the rows it has to redraw.
            int width = Math.Max(20, _console.Profile.Width - 1);
            lock (_gate)
            {
                foreach (string part in line.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
                {
                    for (int start = 0; start == 0 || start < part.Length; start += width)
                        _console.WriteLine(part.Substring(start, Math.Min(width, part.Length - start)), Style.Plain);
                }
            }
        }

        private sealed class Session : IProgressSession
        {
            private readonly ProgressContext _context;
            private readonly object _gate;

            public Session(ProgressContext context, object gate)
            {
                _context = context;
                _gate = gate;
            }

            public IProgressItem Add(string description, double total)
            {
                lock (_gate) return new Item(_context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1e-9)), _gate);
            }
        }

        private sealed class Item : IProgressItem
        {
            private readonly ProgressTask _task;
            private readonly object _gate;

            public Item(ProgressTask task, object gate)
            {
                _task = task;
                _gate = gate;
            }

            public void Update(double value, double? total = null, string? description = null)
            {
                lock (_gate)
                {
                    if (total is double t && t > 0) _task.MaxValue = t;
                    if (description != null) _task.Description = Markup.Escape(description);
                    _task.Value = Math.Min(value, _task.MaxValue);
                }
            }

            public void Complete(string? description = null)
            {
                lock (_gate)
                {
                    if (description != null) _task.Description = Markup.Escape(description);
                    _task.Value = _task.MaxValue;
                    _task.StopTask();
                }
            }
        }
    }
}
