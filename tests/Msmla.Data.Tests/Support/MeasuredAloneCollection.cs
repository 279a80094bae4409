namespace Msmla.Data.Tests.Support;

/// <summary>
/// Tests that measure process-wide allocations run alone: no other test class runs in parallel with
/// them, so what they measure is their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAloneCollection
{
    public const string Name = "Measured alone";
}
