namespace Msmla.Models.Training
{
    /// <summary>The fields Adam, Nadam and AdamW share: the moment decay rates and epsilon.</summary>
    public abstract record AdamFamilyOptions : OptimizerOptions
    {
        private protected AdamFamilyOptions()
        {
        }

        /// <summary>Exponential decay rate of the first moment. Default 0.9.</summary>
        public double Beta1 { get; init; } = 0.9;

        /// <summary>Exponential decay rate of the second moment. Default 0.999.</summary>
        public double Beta2 { get; init; } = 0.999;

        /// <summary>Term added to the denominator. Default 1e-7 (Keras) for Adam and Nadam, 1e-8 (PyTorch) for AdamW.</summary>
        public double Epsilon { get; init; } = 1e-7;

        private protected override void ValidateKind()
        {
            if (!(Beta1 >= 0 && Beta1 < 1)) Fail(nameof(Beta1), $"must be in [0, 1) (got {Beta1})");
            if (!(Beta2 >= 0 && Beta2 < 1)) Fail(nameof(Beta2), $"must be in [0, 1) (got {Beta2})");
            if (!(Epsilon >= 0) || double.IsInfinity(Epsilon)) Fail(nameof(Epsilon), $"must be a finite value of 0 or more (got {Epsilon})");
        }
    }
}
