using System.Text.Json.Serialization;

namespace Msmla.Models
{
    /// <summary>Which channel-attention computation a CBAM module uses.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<CbamVariant>))]
    public enum CbamVariant
    {
        /// <summary>
        /// As in the code released with MSMLA: <c>a = ReLU(fc2(ReLU(fc1(GAP(x)))))</c>, <c>b = ReLU(fc3(a))</c>,
        /// scale = <c>sigmoid(a + b)</c>. The max-pooled descriptor is not used. Needed to load weights trained with that code.
        /// </summary>
        Released,

        /// <summary>
        /// As in the CBAM paper (Woo et al. 2018): a shared MLP <c>fc2(ReLU(fc1(.)))</c> on the average- and max-pooled
        /// descriptors, scale = <c>sigmoid(MLP(avg) + MLP(max))</c>.
        /// </summary>
        Textbook,
    }
}
