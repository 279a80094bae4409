using System;

namespace Msmla.Cli.Progress
{
    /// <summary>Shows the progress of long work on stderr: live bars on a terminal, plain lines otherwise, nothing when quiet.</summary>
    internal interface IProgressDisplay
    {
        /// <summary>Runs <paramref name="work"/> with a session to add progress items to; the display ends with it.</summary>
        T Run<T>(Func<IProgressSession, T> work);

        /// <summary>Writes a log line so that it does not tear the display (used by the logger while a display is live).</summary>
        void WriteLine(string line);
    }
}
