using System.Text.Json.Serialization;

namespace Msmla.Data
{
    /// <summary>The HDF5 layouts of patch files the library reads.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<PatchFileLayout>))]
    public enum PatchFileLayout
    {
        /// <summary>So2Sat LCZ42: <c>sen2</c> (N x 32 x 32 x 10), <c>sen1</c> (N x 32 x 32 x 8) and one-hot <c>label</c> (<see cref="So2Sat.So2SatReader"/>).</summary>
        So2Sat,

        /// <summary>MSMLA patch files: the So2Sat layout with any patch size and channel count, or per-date groups (<see cref="PatchFiles.MsmlaPatchReader"/>).</summary>
        Msmla,
    }
}
