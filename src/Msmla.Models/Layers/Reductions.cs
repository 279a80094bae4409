using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Msmla.Models.Layers
{
    /// <summary>
    /// The means the networks take over space (global average pooling) and over channels (spatial attention). In
    /// bfloat16, libtorch 2.10's <c>mean</c> reduction runs 5-9x slower on the CPU than in float32 (measured on
    /// [256, 64, 32, 32] channels-last batches), which made MSMLA-18's stem attention two thirds of its bfloat16 inference
    /// time; there the same means go through <c>avg_pool2d</c> and a matrix product (oneDNN), both accumulating in float32.
    /// float32 and float64 keep <c>mean</c>, so their results are unchanged.
    /// </summary>
    internal static class Reductions
    {
        /// <summary>The mean over height and width: [N, C, H, W] to [N, C].</summary>
        public static Tensor SpatialMean(Tensor x)
        {
            if (!IsBFloat16(x)) return x.mean(new long[] { 2, 3 });
            using Tensor pooled = F.avg_pool2d(x, new long[] { x.size(2), x.size(3) });
            return pooled.flatten(1);
        }

        /// <summary>The mean over channels: [N, C, H, W] to [N, 1, H, W].</summary>
        public static Tensor ChannelMean(Tensor x)
        {
            if (!IsBFloat16(x)) return x.mean(new long[] { 1 }, keepdim: true);
            long channels = x.size(1);
            using Tensor ones = TorchSharp.torch.ones(new long[] { channels, 1 }, dtype: x.dtype, device: x.device);
            using Tensor last = x.permute(0, 2, 3, 1);
            using Tensor sum = last.matmul(ones);
            return sum.permute(0, 3, 1, 2).div_(channels);
        }

        private static bool IsBFloat16(Tensor x) => x.dtype == ScalarType.BFloat16;
    }
}
