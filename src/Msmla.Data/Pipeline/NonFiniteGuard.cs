using System;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Msmla.Data.Pipeline
{
    /// <summary>Applies a <see cref="NonFiniteHandling"/> to converted patches.</summary>
    internal sealed class NonFiniteGuard
    {
        private const int LoggedPatches = 10;
        private readonly PatchLayout _layout;
        private readonly string _filePath;
        private readonly ILogger _logger;

        public NonFiniteGuard(NonFiniteHandling mode, NonFiniteReport report, PatchLayout layout, string filePath, ILogger logger)
        {
            Mode = mode;
            Report = report;
            _layout = layout;
            _filePath = filePath;
            _logger = logger;
        }

        public NonFiniteHandling Mode { get; }

        public NonFiniteReport Report { get; }

        /// <summary>Checks one converted patch (CHW); throws or records when it holds non-finite values.</summary>
        public void Inspect(long index, ReadOnlySpan<float> patch)
        {
            if (Mode == NonFiniteHandling.Ignore || FiniteCheck.AllFinite(patch)) return;
            int first = FiniteCheck.FirstNonFinite(patch);
            int count = FiniteCheck.CountNonFinite(patch);
            int channel = first / _layout.Pixels;
            int pixel = first % _layout.Pixels;
            string problem = string.Create(CultureInfo.InvariantCulture,
                $"patch {index} holds {count} non-finite value(s) (NaN, infinity, or beyond float32 range); the first is {patch[first]} in band {_layout.ChannelNames[channel]} at row {pixel / _layout.Width}, column {pixel % _layout.Width}.");
            if (Mode == NonFiniteHandling.Fail)
                throw new PatchDataException(_filePath, _layout.DatasetOf(channel), problem + " Clean the file or open it with NonFinite = Report to read it anyway.");
            if (Report.Add(index, count) && Report.PatchCount <= LoggedPatches)
                _logger.LogWarning("{File}, dataset '{Dataset}': {Problem}", _filePath, _layout.DatasetOf(channel), problem);
        }
    }
}
