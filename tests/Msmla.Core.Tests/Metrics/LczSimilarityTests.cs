using System;
using Msmla.Core.Metrics;
using Msmla.Core.Tests.Lcz;

namespace Msmla.Core.Tests.Metrics;

public class LczSimilarityTests
{
    [SkippableFact]
    public void Scores_equal_the_matrix_in_so2sat_md()
    {
        int[,] documented = So2SatDocument.SimilarityMatrix(So2SatDocument.Require());
        Assert.Equal(documented, LczSimilarity.ToScoreArray());
        for (int i = 0; i < 17; i++)
            for (int j = 0; j < 17; j++)
                Assert.Equal(documented[i, j], LczSimilarity.Score(i, j));
    }

    [Fact]
    public void Scores_are_symmetric_with_12_on_the_diagonal_only()
    {
        int[,] scores = LczSimilarity.ToScoreArray();
        Assert.Equal(new[] { 17, 17 }, new[] { scores.GetLength(0), scores.GetLength(1) });
        for (int i = 0; i < 17; i++)
            for (int j = 0; j < 17; j++)
            {
                Assert.Equal(scores[i, j], scores[j, i]);
                Assert.InRange(scores[i, j], 0, i == j ? 12 : 11);
            }
        Assert.Equal(12, LczSimilarity.MaxScore);
        // Spot checks typed from so2sat.md: compact high-rise vs mid-rise, vs water; dense vs scattered trees.
        Assert.Equal(11, LczSimilarity.Score(0, 1));
        Assert.Equal(0, LczSimilarity.Score(0, 16));
        Assert.Equal(11, LczSimilarity.Score(10, 11));
        Assert.Equal(1, LczSimilarity.Score(3, 14));
    }

    [Fact]
    public void Weights_are_scores_divided_by_12()
    {
        double[,] weights = LczSimilarity.ToWeightArray();
        int[,] scores = LczSimilarity.ToScoreArray();
        for (int i = 0; i < 17; i++)
            for (int j = 0; j < 17; j++)
            {
                Assert.Equal(scores[i, j] / 12.0, weights[i, j]);
                Assert.Equal(scores[i, j] / 12.0, LczSimilarity.Weight(i, j));
            }
        Assert.Equal(1.0, LczSimilarity.Weight(5, 5));
    }

    [Fact]
    public void Arrays_are_copies()
    {
        LczSimilarity.ToScoreArray()[0, 1] = 99;
        LczSimilarity.ToWeightArray()[0, 1] = 99;
        Assert.Equal(11, LczSimilarity.Score(0, 1));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 17)]
    public void Rejects_indices_out_of_range(int truth, int predicted)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LczSimilarity.Score(truth, predicted));
        Assert.Throws<ArgumentOutOfRangeException>(() => LczSimilarity.Weight(truth, predicted));
    }
}
