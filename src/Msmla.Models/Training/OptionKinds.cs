using System;
using System.Collections.Generic;

namespace Msmla.Models.Training
{
    /// <summary>
    /// The kinds of the polymorphic option records (<see cref="OptimizerOptions"/>, <see cref="LearningRateScheduleOptions"/>)
    /// for <see cref="KindJsonConverter{TBase}"/>: each kind's JSON name and type, and the fields the previous version wrote
    /// for every kind with their default values (so its files still load).
    /// </summary>
    internal sealed record OptionKinds(string Family, IReadOnlyDictionary<string, Type> Kinds, IReadOnlyDictionary<string, object?> LegacyDefaults)
    {
        /// <summary>The optimizer kinds.</summary>
        public static OptionKinds Optimizers { get; } = new(
            "optimizer",
            Table(("Adam", typeof(AdamOptions)), ("Nadam", typeof(NadamOptions)), ("AdamW", typeof(AdamWOptions)), ("Sgd", typeof(SgdOptions))),
            Defaults(("LearningRate", 0.002), ("Beta1", 0.9), ("Beta2", 0.999), ("Epsilon", 1e-7), ("WeightDecay", 0.0), ("MomentumDecay", 0.004),
                ("AmsGrad", false), ("Momentum", 0.0), ("Nesterov", false)));

        /// <summary>The learning-rate schedule kinds.</summary>
        public static OptionKinds Schedules { get; } = new(
            "learning-rate schedule",
            Table(("Constant", typeof(ConstantSchedule)), ("KerasInverseTimeDecay", typeof(KerasInverseTimeDecaySchedule)), ("StepDecay", typeof(StepDecaySchedule)),
                ("ReduceOnPlateau", typeof(ReduceOnPlateauSchedule)), ("Cosine", typeof(CosineSchedule))),
            Defaults(("Decay", 0.0), ("Factor", 0.5), ("StepEpochs", 10.0), ("Monitor", "ValidationLoss"), ("Patience", 10.0), ("MinDelta", 1e-4),
                ("Cooldown", 0.0), ("MinLearningRate", 0.0), ("CosineEpochs", null)));

        /// <summary>The kinds of <paramref name="baseType"/>.</summary>
        public static OptionKinds For(Type baseType) =>
            baseType == typeof(OptimizerOptions) ? Optimizers
            : baseType == typeof(LearningRateScheduleOptions) ? Schedules
            : throw new ArgumentOutOfRangeException(nameof(baseType), baseType, "Not a polymorphic option record.");

        private static IReadOnlyDictionary<string, Type> Table(params (string Name, Type Type)[] kinds)
        {
            var table = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
            foreach ((string name, Type type) in kinds) table.Add(name, type);
            return table;
        }

        private static IReadOnlyDictionary<string, object?> Defaults(params (string Name, object? Value)[] fields)
        {
            var defaults = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach ((string name, object? value) in fields) defaults.Add(name, value);
            return defaults;
        }
    }
}
