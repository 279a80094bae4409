using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Msmla.Core.Data;
using Msmla.Core.Preprocessing;
using Msmla.Data.Transforms;

namespace Msmla.Data.Tests.Transforms;

public sealed class AugmentedPatchSourceTests
{
    [Fact]
    public void The_same_seed_and_epoch_give_the_same_batches_with_or_without_prefetch()
    {
        ArrayPatchSource source = Source(40, 3, 8);
        IPatchSource augmented = source.Augment(AugmentationOptions.MsmlaRecipe with { Rotate90 = true }, seed: 17);
        var options = new BatchOptions { BatchSize = 7, Shuffle = true, Seed = 4 };
        float[] a = Flatten(augmented, options, 2);
        float[] b = Flatten(augmented, options with { Prefetch = 0 }, 2);
        float[] c = Flatten(source.Augment(AugmentationOptions.MsmlaRecipe with { Rotate90 = true }, seed: 17), options with { Prefetch = 5 }, 2);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
        Assert.NotEqual(a, Flatten(augmented, options, 3));
        Assert.NotEqual(a, Flatten(source.Augment(AugmentationOptions.MsmlaRecipe with { Rotate90 = true }, seed: 18), options, 2));
        Assert.NotEqual(Flatten(source, options, 2), a);
    }

    [Fact]
    public void A_patch_is_augmented_the_same_way_whatever_batch_it_lands_in()
    {
        ArrayPatchSource source = Source(30, 2, 6);
        var recipe = new AugmentationOptions { HorizontalFlip = true, Rotate90 = true, MaxRotationDegrees = 33 };
        Dictionary<long, float[]> small = ByIndex(source.Augment(recipe, 5), new BatchOptions { BatchSize = 4, Shuffle = true, Seed = 1 }, 6);
        Dictionary<long, float[]> large = ByIndex(source.Augment(recipe, 5), new BatchOptions { BatchSize = 11 }, 6);
        foreach (long index in small.Keys) Assert.Equal(small[index], large[index]);
    }

    [Fact]
    public void Flips_and_quarter_turns_move_values_without_changing_them()
    {
        ArrayPatchSource source = Source(20, 4, 8);
        var exact = new AugmentationOptions { HorizontalFlip = true, VerticalFlip = true, Rotate90 = true };
        Dictionary<long, float[]> original = ByIndex(source, new BatchOptions { BatchSize = 20 }, 0);
        Dictionary<long, float[]> moved = ByIndex(source.Augment(exact, 9), new BatchOptions { BatchSize = 20 }, 0);
        int changed = 0;
        foreach (long index in original.Keys)
        {
            for (int c = 0; c < 4; c++)
            {
                float[] before = original[index].Skip(c * 64).Take(64).Order().ToArray();
                float[] after = moved[index].Skip(c * 64).Take(64).Order().ToArray();
                Assert.Equal(before, after);
            }
            if (!original[index].SequenceEqual(moved[index])) changed++;
        }
        Assert.True(changed >= 12, $"only {changed} of 20 patches changed");
    }

    [Fact]
    public void Draws_follow_the_options_distribution()
    {
        var options = new AugmentationOptions { HorizontalFlip = true, Rotate90 = true, MaxRotationDegrees = 90 };
        PatchAugmentation[] draws = Enumerable.Range(0, 8000).Select(i => PatchAugmentation.Draw(options, 3, 1, i)).ToArray();
        Assert.InRange(draws.Count(d => d.FlipHorizontal) / 8000.0, 0.47, 0.53);
        Assert.All(draws, d => Assert.False(d.FlipVertical));
        for (int k = 0; k < 4; k++) Assert.InRange(draws.Count(d => d.QuarterTurns == k) / 8000.0, 0.22, 0.28);
        Assert.All(draws, d => Assert.InRange(d.RotationDegrees, -90, 90));
        Assert.InRange(draws.Average(d => d.RotationDegrees), -3, 3);
        Assert.InRange(draws.Count(d => Math.Abs(d.RotationDegrees) > 45) / 8000.0, 0.47, 0.53);
        Assert.Equal(draws[123], PatchAugmentation.Draw(options, 3, 1, 123));
        Assert.NotEqual(draws[123], PatchAugmentation.Draw(options, 3, 2, 123));
    }

    [Fact]
    public void Options_round_trip_through_json_with_readable_names()
    {
        string json = JsonSerializer.Serialize(AugmentationOptions.MsmlaRecipe);
        Assert.Contains("\"Border\":\"Nearest\"", json);
        Assert.Equal(AugmentationOptions.MsmlaRecipe, JsonSerializer.Deserialize<AugmentationOptions>(json));
        Assert.True(new AugmentationOptions().IsIdentity);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AugmentationOptions { MaxRotationDegrees = 200 }.Validate());
        ArrayPatchSource oblong = new(new float[2 * 4 * 6], null, new[] { "a" }, 4, 6, 2);
        Assert.Throws<ArgumentException>(() => oblong.Augment(new AugmentationOptions { Rotate90 = true }, 1));
    }

    [Fact]
    public void An_exception_in_a_transform_reaches_the_consumer_and_batches_are_returned()
    {
        ArrayPatchSource source = Source(12, 1, 4);
        var failing = new FailingTransform(source, failAt: 2);
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (PatchBatch batch in failing.ReadBatches(new BatchOptions { BatchSize = 3, Prefetch = 2 })) batch.Dispose();
        });
        Assert.Equal("transform failed on batch 2", e.Message);
    }

    internal static ArrayPatchSource Source(int count, int channels, int size)
    {
        var rng = new SeededRandom(77);
        float[] data = Enumerable.Range(0, count * channels * size * size).Select(_ => (float)rng.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, count).Select(i => i % 5).ToArray();
        return new ArrayPatchSource(data, labels, Enumerable.Range(0, channels).Select(c => "B" + c).ToArray(), size, size, 5);
    }

    private static float[] Flatten(IPatchSource source, BatchOptions options, int epoch)
    {
        var all = new List<float>();
        foreach (PatchBatch batch in source.ReadBatches(options, epoch))
        {
            using (batch) all.AddRange(batch.Data.ToArray());
        }
        return all.ToArray();
    }

    private static Dictionary<long, float[]> ByIndex(IPatchSource source, BatchOptions options, int epoch)
    {
        var all = new Dictionary<long, float[]>();
        foreach (PatchBatch batch in source.ReadBatches(options, epoch))
        {
            using (batch)
            {
                for (int i = 0; i < batch.Count; i++) all[batch.Indices[i]] = batch.Patch(i).ToArray();
            }
        }
        return all;
    }

    private sealed class FailingTransform : TransformedPatchSource
    {
        private readonly int _failAt;
        private int _seen;

        public FailingTransform(IPatchSource inner, int failAt)
            : base(inner)
        {
            _failAt = failAt;
        }

        protected override void Transform(PatchBatch batch, int epoch)
        {
            if (_seen++ == _failAt) throw new InvalidOperationException($"transform failed on batch {_failAt}");
        }
    }
}
