using System;
using System.Globalization;

namespace Msmla.Cli.Infrastructure
{
    /// <summary>
    /// The largest batch a command accepts: one batch's input tensor (float32, patches x channels x height x width) may take
    /// at most <see cref="MaxInputBytes"/>. A batch larger than the data is read as one batch of the data (the readers size
    /// their buffers by the patches there are), so only the patches that can be in one batch count.
    /// </summary>
    /// <remarks>
    /// The network's activations are many times its input (MSMLA-18's first stage alone holds 64 channels per pixel, and
    /// training keeps every stage's for the backward pass), so a batch near the limit may still need more memory than the
    /// machine has; the limit stops values that cannot work (an overflow, or an out-of-memory failure halfway through) with
    /// a reason before any work.
    /// </remarks>
    internal static class BatchSizeLimit
    {
        /// <summary>The most bytes of one batch's input tensor: 256 MiB (6,553 So2Sat patches of 10 x 32 x 32).</summary>
        public const long MaxInputBytes = 256L << 20;

        /// <summary>The patches one batch of <paramref name="batchSize"/> holds over <paramref name="patches"/> patches.</summary>
        public static long Effective(int batchSize, long patches) => Math.Min(batchSize, Math.Max(patches, 1));

        /// <summary>
        /// Refuses a batch whose input tensor would exceed <see cref="MaxInputBytes"/>, naming the bytes and the largest batch
        /// that fits; <paramref name="what"/> names the setting (e.g. "--batch-size 1000000"), <paramref name="unit"/> what a
        /// batch holds ("patches", or "windows" of a scene).
        /// </summary>
        /// <exception cref="CliException">The batch is too large: a usage error when the value came from the command line, else an input error.</exception>
        public static void Check(string what, bool fromCommandLine, int batchSize, long patches, int channels, int height, int width, string unit = "patches")
        {
            long perPatch = (long)channels * height * width * sizeof(float);
            long effective = Effective(batchSize, patches);
            long bytes = effective * perPatch;
            if (bytes <= MaxInputBytes) return;
            string message = string.Create(CultureInfo.InvariantCulture,
                $"{what} puts {effective:N0} {unit} of {channels} x {height} x {width} float32 values ({perPatch:N0} bytes each) into one batch: " +
                $"an input tensor of {bytes:N0} bytes ({bytes / (double)(1L << 20):N0} MiB), more than the {MaxInputBytes >> 20:N0} MiB allowed " +
                $"(the network's activations take several times more). Use a batch of at most {MaxInputBytes / perPatch:N0} {unit}.");
            throw fromCommandLine ? CliException.Usage(message) : CliException.Input(message);
        }
    }
}
