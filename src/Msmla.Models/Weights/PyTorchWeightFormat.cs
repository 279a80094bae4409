namespace Msmla.Models.Weights
{
    /// <summary>The file formats PyTorch users keep a <c>state_dict</c> in.</summary>
    public enum PyTorchWeightFormat
    {
        /// <summary>
        /// <c>torch.save(model.state_dict(), "model.pt")</c>: a zip archive holding a pickle and the raw tensor data
        /// (the default since PyTorch 1.6; usual extensions .pt, .pth, .bin).
        /// </summary>
        Pickle,

        /// <summary>
        /// safetensors: an 8-byte little-endian header length, a JSON header (element type, shape, data offsets per
        /// tensor) and the raw little-endian data. Cannot run code when loaded. Extension .safetensors.
        /// </summary>
        Safetensors,
    }
}
