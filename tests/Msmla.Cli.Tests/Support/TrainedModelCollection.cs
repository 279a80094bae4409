namespace Msmla.Cli.Tests.Support
{
    /// <summary>The tests that share one trained model (<see cref="TrainedModelFixture"/>).</summary>
    [CollectionDefinition(Name)]
    public sealed class TrainedModelCollection : ICollectionFixture<TrainedModelFixture>
    {
        public const string Name = "trained model";
    }
}
