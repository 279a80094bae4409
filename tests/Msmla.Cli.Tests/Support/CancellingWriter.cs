using System;
using System.IO;
using System.Text;
using System.Threading;

namespace Msmla.Cli.Tests.Support
{
    /// <summary>
    /// A stderr writer that cancels the run (as Ctrl+C does) when the command writes a line that
    /// <c>when</c> accepts (by default its first line), synchronously, so the command sees the cancellation before it
    /// goes on. It keeps the text.
    /// </summary>
    internal sealed class CancellingWriter : StringWriter
    {
        private readonly CancellationTokenSource _cancellation;
        private readonly Func<string, bool> _when;

        public CancellingWriter(CancellationTokenSource cancellation, Func<string, bool>? when = null)
        {
            _cancellation = cancellation;
            _when = when ?? (_ => true);
        }

        /// <summary>The first line written, at which the run was cancelled.</summary>
        public string? CancelledAt { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            base.Write(value);
            Cancel(value.ToString());
        }

        public override void Write(string? value)
        {
            base.Write(value);
            Cancel(value);
        }

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            Cancel(value);
        }

        private void Cancel(string? text)
        {
            if (string.IsNullOrWhiteSpace(text) || _cancellation.IsCancellationRequested || !_when(text)) return;
            CancelledAt = text;
            _cancellation.Cancel();
        }
    }
}
