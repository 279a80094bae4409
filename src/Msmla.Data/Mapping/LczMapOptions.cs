using System;
using Msmla.Data.Scenes;

namespace Msmla.Data.Mapping
{
    /// <summary>How <see cref="LczMapper"/> turns scenes into an LCZ map. The model's input pipeline decides bands, scaling and normalisation.</summary>
    public sealed record LczMapOptions
    {
        /// <summary>Scene pixels per map cell along each axis. Default 10 (100 m cells on a 10 m scene, So2Sat's convention).</summary>
        public int Step { get; init; } = 10;

        /// <summary>How several scenes of one place combine. Default mean probability.</summary>
        public MapCombine Combine { get; init; } = MapCombine.MeanProbability;

        /// <summary>Which probabilities to write beside the classes. Default none.</summary>
        public MapProbabilities Probabilities { get; init; } = MapProbabilities.None;

        /// <summary>How probabilities are stored: uint8 percent (default) or float32.</summary>
        public ProbabilityEncoding ProbabilityEncoding { get; init; } = ProbabilityEncoding.Percent;

        /// <summary>
        /// Subtract the processing-baseline 04.00 offset (1000) from integer digital numbers before dividing by 10,000:
        /// for Sentinel-2 products from 25 January 2022 on. Float scenes are reflectance and refuse it.
        /// </summary>
        public bool BaselineOffset { get; init; }

        /// <summary>What cells whose window reaches outside the scene get. Default nodata.</summary>
        public MapEdges Edges { get; init; } = MapEdges.NoData;

        /// <summary>Map only this block of rows (an array-job task); null = the whole map.</summary>
        public MapShard? Shard { get; init; }

        /// <summary>Scene rows read at once, the memory bound of reading (x bands x width x 4 bytes). Default 192.</summary>
        public int BlockRows { get; init; } = 192;

        /// <summary>Replace existing outputs (and shards of another run) instead of refusing.</summary>
        public bool Overwrite { get; init; }

        /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
        public LczMapOptions Validate()
        {
            if (Step < 1 || Step > 1000) throw new ArgumentException($"Invalid map option Step: must be 1 to 1000 (got {Step}).", nameof(Step));
            if (!Enum.IsDefined(Combine)) throw new ArgumentException($"Invalid map option Combine: {(int)Combine}.", nameof(Combine));
            if (!Enum.IsDefined(Probabilities)) throw new ArgumentException($"Invalid map option Probabilities: {(int)Probabilities}.", nameof(Probabilities));
            if (!Enum.IsDefined(ProbabilityEncoding)) throw new ArgumentException($"Invalid map option ProbabilityEncoding: {(int)ProbabilityEncoding}.", nameof(ProbabilityEncoding));
            if (!Enum.IsDefined(Edges)) throw new ArgumentException($"Invalid map option Edges: {(int)Edges}.", nameof(Edges));
            if (BlockRows < 1) throw new ArgumentException($"Invalid map option BlockRows: must be at least 1 (got {BlockRows}).", nameof(BlockRows));
            Shard?.Validate();
            return this;
        }
    }
}
