namespace Msmla.Models.Weights
{
    /// <summary>How strictly weights read from a file must match the model they are loaded into.</summary>
    public sealed record WeightLoadOptions
    {
        /// <summary>The defaults: strict key matching, finite values only.</summary>
        public static WeightLoadOptions Default { get; } = new();

        /// <summary>
        /// When true (default) the file must hold exactly the model's parameters and buffers: a missing or an
        /// unexpected key refuses the file, listing them. When false only the keys present in both are loaded and the
        /// <see cref="WeightLoadReport"/> lists the rest. Shapes must match in either mode.
        /// </summary>
        public bool Strict { get; init; } = true;

        /// <summary>
        /// When false (default) a floating-point tensor holding NaN or infinity refuses the file, naming the tensor and
        /// the count: such weights give NaN predictions. Set to true to load them anyway (for inspection); the report
        /// then lists the tensors in <see cref="WeightLoadReport.NonFiniteKeys"/>.
        /// </summary>
        public bool AllowNonFinite { get; init; }
    }
}
