using System;
using System.Globalization;

namespace Msmla.Data.Mapping
{
    /// <summary>
    /// One of <see cref="Count"/> contiguous blocks of map rows (0-based <see cref="Index"/>), for array jobs: shard i maps
    /// the rows [i x H / n, (i + 1) x H / n) of a map of H rows.
    /// </summary>
    /// <param name="Index">The 0-based shard.</param>
    /// <param name="Count">The number of shards.</param>
    public readonly record struct MapShard(int Index, int Count)
    {
        /// <summary>The environment variable of a Kubernetes Indexed Job's completion index.</summary>
        public const string KubernetesIndexVariable = "JOB_COMPLETION_INDEX";

        /// <summary>The environment variable of a Slurm job array's task id.</summary>
        public const string SlurmIndexVariable = "SLURM_ARRAY_TASK_ID";

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 0 &lt;= index &lt; count.</summary>
        public MapShard Validate()
        {
            if (Count < 1) throw new ArgumentOutOfRangeException(nameof(Count), Count, "The shard count must be at least 1.");
            if (Index < 0 || Index >= Count) throw new ArgumentOutOfRangeException(nameof(Index), Index, $"The shard index must be 0 to {Count - 1}.");
            return this;
        }

        /// <summary>The map rows [First, End) of this shard in a map of <paramref name="mapRows"/> rows.</summary>
        public (int First, int End) Rows(int mapRows) =>
            ((int)((long)Index * mapRows / Count), (int)((long)(Index + 1) * mapRows / Count));

        /// <summary>
        /// Parses "i/n" (for example "3/8"); "env/n" takes i from <see cref="KubernetesIndexVariable"/> or
        /// <see cref="SlurmIndexVariable"/> (<see cref="FromEnvironment"/>).
        /// </summary>
        /// <exception cref="FormatException">The text is not i/n with 0 &lt;= i &lt; n.</exception>
        public static MapShard Parse(string text, Func<string, string?>? environment = null)
        {
            ArgumentNullException.ThrowIfNull(text);
            string[] parts = text.Split('/');
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
                throw new FormatException($"'{text}' is not a shard: write i/n with 0 <= i < n (for example 0/8), or env/n.");
            if (parts[0] == "env") return FromEnvironment(count, environment);
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= count)
                throw new FormatException($"'{text}' is not a shard: the index must be 0 to {count - 1}.");
            return new MapShard(index, count);
        }

        /// <summary>
        /// The shard of an array job: the index from <see cref="KubernetesIndexVariable"/> (Kubernetes Indexed Job) or
        /// <see cref="SlurmIndexVariable"/> (Slurm job array), <paramref name="count"/> shards.
        /// </summary>
        /// <exception cref="FormatException">Neither variable is set, both are set to different values, or the index is not 0 to count - 1.</exception>
        public static MapShard FromEnvironment(int count, Func<string, string?>? environment = null)
        {
            environment ??= Environment.GetEnvironmentVariable;
            string? kubernetes = environment(KubernetesIndexVariable), slurm = environment(SlurmIndexVariable);
            string? value = kubernetes ?? slurm;
            if (value == null)
                throw new FormatException($"Neither {KubernetesIndexVariable} (Kubernetes Indexed Job) nor {SlurmIndexVariable} (Slurm job array) is set: no shard index in the environment.");
            if (kubernetes != null && slurm != null && kubernetes != slurm)
                throw new FormatException($"{KubernetesIndexVariable}={kubernetes} and {SlurmIndexVariable}={slurm} disagree.");
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= count)
                throw new FormatException($"The shard index '{value}' from the environment is not 0 to {count - 1}.");
            return new MapShard(index, count);
        }

        /// <inheritdoc />
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
    }
}
