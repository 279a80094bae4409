using System;
using System.Linq;
using System.Threading.Tasks;
using Msmla.Core.Metrics;
using Msmla.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Msmla.Core.Tests.Metrics;

public class ConfusionMatrixTests
{
    public ConfusionMatrixTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Counts_label_pairs_with_rows_truth_and_columns_prediction()
    {
        var matrix = new ConfusionMatrix(3);
        matrix.Add(new[] { 0, 0, 1, 2, 2, 2 }, new[] { 0, 1, 1, 2, 0, 2 });
        matrix.Add(1, 0);
        Assert.Equal(new long[,] { { 1, 1, 0 }, { 1, 1, 0 }, { 1, 0, 2 } }, matrix.ToArray());
        Assert.Equal(7, matrix.Total);
        Assert.Equal(4, matrix.Correct);
        Assert.Equal(new long[] { 2, 2, 3 }, matrix.RowSums());
        Assert.Equal(new long[] { 3, 2, 2 }, matrix.ColumnSums());
        Assert.Equal(3, matrix.RowSum(2));
        Assert.Equal(3, matrix.ColumnSum(0));
        Assert.Equal(1, matrix[2, 0]);
        Assert.Equal("ConfusionMatrix(3 classes, 7 samples, 4 correct)", matrix.ToString());
    }

    [Fact]
    public void Add_with_a_count_and_FromCounts_build_the_same_matrix()
    {
        var counts = new long[,] { { 5, 0 }, { 2, 7 } };
        ConfusionMatrix fromCounts = ConfusionMatrix.FromCounts(counts);
        var added = new ConfusionMatrix(2);
        added.Add(0, 0, 5);
        added.Add(1, 0, 2);
        added.Add(1, 1, 7);
        added.Add(0, 1, 0);
        Assert.Equal(counts, fromCounts.ToArray());
        Assert.Equal(counts, added.ToArray());
        Assert.Equal(14, fromCounts.Total);
    }

    [Fact]
    public void Span_errors_name_the_problem_and_leave_the_matrix_unchanged()
    {
        var matrix = new ConfusionMatrix(3);
        matrix.Add(0, 0);

        var length = Assert.Throws<ArgumentException>(() => matrix.Add(new[] { 0, 1 }, new[] { 0 }));
        Assert.Contains("2 labels", length.Message, StringComparison.Ordinal);
        Assert.Contains("1", length.Message, StringComparison.Ordinal);

        var truth = Assert.Throws<ArgumentException>(() => matrix.Add(new[] { 0, 1, 3 }, new[] { 0, 1, 2 }));
        Assert.Equal("truth", truth.ParamName);
        Assert.Contains("truth label 3 at position 2", truth.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 2", truth.Message, StringComparison.Ordinal);

        var predicted = Assert.Throws<ArgumentException>(() => matrix.Add(new[] { 0, 1, 2 }, new[] { 0, -1, 2 }));
        Assert.Equal("predicted", predicted.ParamName);
        Assert.Contains("predicted label -1 at position 1", predicted.Message, StringComparison.Ordinal);

        Assert.Equal("truth", Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(3, 0)).ParamName);
        Assert.Equal("predicted", Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(0, -1)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(0, 0, -1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix[0, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.RowSum(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.ColumnSum(3));

        Assert.Equal(1, matrix.Total);
        Assert.Equal(new long[,] { { 1, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 } }, matrix.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(ConfusionMatrix.MaxClassCount + 1)]
    public void Rejects_class_counts_out_of_range(int classCount)
    {
        Assert.Equal("classCount", Assert.Throws<ArgumentOutOfRangeException>(() => new ConfusionMatrix(classCount)).ParamName);
    }

    [Fact]
    public void FromCounts_rejects_non_square_empty_and_negative_counts()
    {
        Assert.Contains("2 x 3", Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromCounts(new long[2, 3])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromCounts(new long[0, 0]));
        Assert.Contains("[1, 0]", Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromCounts(new long[,] { { 1, 0 }, { -1, 0 } })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Totals_that_would_overflow_throw()
    {
        var matrix = new ConfusionMatrix(2);
        matrix.Add(0, 0, long.MaxValue);
        Assert.Throws<OverflowException>(() => matrix.Add(1, 1));
        Assert.Throws<OverflowException>(() => matrix.Merge(matrix.Clone()));
        Assert.Equal(long.MaxValue, matrix.Total);
        Assert.Equal(0, matrix[1, 1]);
    }

    [Fact]
    public void Merging_batch_matrices_equals_one_matrix_over_all_samples()
    {
        var random = new Random(11);
        int[] truth = Enumerable.Range(0, 1000).Select(_ => random.Next(17)).ToArray();
        int[] predicted = truth.Select(t => random.NextDouble() < 0.7 ? t : random.Next(17)).ToArray();
        var whole = new ConfusionMatrix(17);
        whole.Add(truth, predicted);

        // One matrix per batch, filled in parallel (the documented way to use several threads), then merged.
        ConfusionMatrix[] batches = Enumerable.Range(0, 7).Select(_ => new ConfusionMatrix(17)).ToArray();
        Parallel.For(0, batches.Length, b =>
        {
            int start = b * 150, length = Math.Min(150, truth.Length - start);
            batches[b].Add(truth.AsSpan(start, length), predicted.AsSpan(start, length));
        });
        var merged = new ConfusionMatrix(17);
        foreach (ConfusionMatrix batch in batches) merged.Merge(batch);

        Assert.Equal(whole.ToArray(), merged.ToArray());
        Assert.Equal(whole.Total, merged.Total);
        Assert.Equal(ClassificationMetrics.Compute(whole), ClassificationMetrics.Compute(merged));
    }

    [Fact]
    public void Tensor_batches_merged_give_the_same_matrix_as_the_whole_span()
    {
        // The size of the So2Sat v2 testing split: four batches of 5000 and a partial one.
        var random = new Random(12);
        int[] truth = Enumerable.Range(0, 24188).Select(_ => random.Next(17)).ToArray();
        int[] predicted = truth.Select(t => random.NextDouble() < 0.7 ? t : random.Next(17)).ToArray();
        var whole = new ConfusionMatrix(17);
        whole.Add(truth, predicted);

        var merged = new ConfusionMatrix(17);
        for (int start = 0; start < truth.Length; start += 5000)
        {
            using var scope = NewDisposeScope();
            int length = Math.Min(5000, truth.Length - start);
            var batch = new ConfusionMatrix(17);
            batch.Add(tensor(truth.AsSpan(start, length).ToArray()), tensor(predicted.AsSpan(start, length).ToArray()));
            merged.Merge(batch);
        }
        Assert.Equal(whole.ToArray(), merged.ToArray());
        Assert.Equal(24188, merged.Total);
    }

    [Fact]
    public void Merge_rejects_other_class_counts_and_a_matrix_can_merge_itself()
    {
        var matrix = new ConfusionMatrix(2);
        matrix.Add(new[] { 0, 1, 1 }, new[] { 0, 0, 1 });
        var error = Assert.Throws<ArgumentException>(() => matrix.Merge(new ConfusionMatrix(3)));
        Assert.Contains("3-class", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => matrix.Merge(null!));

        matrix.Merge(matrix);
        Assert.Equal(new long[,] { { 2, 0 }, { 2, 2 } }, matrix.ToArray());
        Assert.Equal(6, matrix.Total);
    }

    [Fact]
    public void Clone_is_independent_and_Clear_empties()
    {
        var matrix = new ConfusionMatrix(2);
        matrix.Add(0, 1);
        ConfusionMatrix copy = matrix.Clone();
        matrix.Add(1, 1);
        Assert.Equal(1, copy.Total);
        Assert.Equal(0, copy[1, 1]);
        matrix.Clear();
        Assert.Equal(0, matrix.Total);
        Assert.Equal(new long[2, 2], matrix.ToArray());
        Assert.Equal(1, copy[0, 1]);
    }

    [Fact]
    public void Normalize_divides_rows_columns_or_all_and_gives_zero_for_empty_rows()
    {
        // C = [[3 1 0] [0 0 0] [1 0 3]]: row sums 4 0 4, column sums 4 1 3, total 8.
        ConfusionMatrix matrix = ConfusionMatrix.FromCounts(new long[,] { { 3, 1, 0 }, { 0, 0, 0 }, { 1, 0, 3 } });
        Assert.Equal(new[,] { { 0.75, 0.25, 0 }, { 0, 0, 0 }, { 0.25, 0, 0.75 } }, matrix.Normalize());
        Assert.Equal(new[,] { { 0.75, 1, 0 }, { 0, 0, 0 }, { 0.25, 0, 1 } }, matrix.Normalize(ConfusionMatrixNormalization.Predicted));
        Assert.Equal(new[,] { { 0.375, 0.125, 0 }, { 0, 0, 0 }, { 0.125, 0, 0.375 } }, matrix.Normalize(ConfusionMatrixNormalization.All));
        Assert.Equal(new double[2, 2], new ConfusionMatrix(2).Normalize(ConfusionMatrixNormalization.All));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Normalize((ConfusionMatrixNormalization)7));
    }

    [Theory]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Int16)]
    [InlineData(ScalarType.Byte)]
    public void Tensor_labels_count_as_the_span_path(ScalarType type)
    {
        using var scope = NewDisposeScope();
        var random = new Random(5);
        int[] truth = Enumerable.Range(0, 777).Select(_ => random.Next(17)).ToArray();
        int[] predicted = truth.Select(t => random.NextDouble() < 0.5 ? t : random.Next(17)).ToArray();
        var expected = new ConfusionMatrix(17);
        expected.Add(truth, predicted);

        var actual = new ConfusionMatrix(17);
        actual.Add(tensor(truth).to_type(type), tensor(predicted).to_type(type));
        Assert.Equal(expected.ToArray(), actual.ToArray());
        Assert.Equal(777, actual.Total);
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void Tensor_scores_count_their_argmax(ScalarType type)
    {
        using var scope = NewDisposeScope();
        var random = new Random(6);
        const int n = 300, c = 5;
        int[] truth = Enumerable.Range(0, n).Select(_ => random.Next(c)).ToArray();
        var scores = new float[n * c];
        var predicted = new int[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < c; j++) scores[i * c + j] = (float)random.NextDouble();
            predicted[i] = Enumerable.Range(0, c).MaxBy(j => scores[i * c + j]);
        }
        var expected = new ConfusionMatrix(c);
        expected.Add(truth, predicted);

        var actual = new ConfusionMatrix(c);
        actual.Add(tensor(truth, ScalarType.Int64), tensor(scores).reshape(n, c).to_type(type));
        Assert.Equal(expected.ToArray(), actual.ToArray());
    }

    [Fact]
    public void Scores_that_require_gradients_are_counted_and_left_untouched()
    {
        using var scope = NewDisposeScope();
        Tensor scores = tensor(new float[,] { { 2f, 1f }, { 0f, 3f }, { 5f, 4f } }).requires_grad_(true);
        var matrix = new ConfusionMatrix(2);
        matrix.Add(tensor(new long[] { 0, 1, 1 }), scores);
        Assert.Equal(new long[,] { { 1, 0 }, { 1, 1 } }, matrix.ToArray());
        Assert.True(scores.requires_grad);
        Assert.Null(scores.grad);
    }

    [Fact]
    public void Tied_scores_count_as_the_first_maximum()
    {
        using var scope = NewDisposeScope();
        var matrix = new ConfusionMatrix(3);
        matrix.Add(tensor(new long[] { 2, 2 }), tensor(new float[,] { { 0.1f, 0.45f, 0.45f }, { 0.4f, 0.2f, 0.4f } }));
        Assert.Equal(1, matrix[2, 1]);
        Assert.Equal(1, matrix[2, 0]);
    }

    [Fact]
    public void Tensor_input_is_not_disposed_or_modified()
    {
        using var scope = NewDisposeScope();
        Tensor truth = tensor(new long[] { 0, 1, 1 });
        Tensor predicted = tensor(new long[] { 0, 1, 0 });
        var matrix = new ConfusionMatrix(2);
        matrix.Add(truth, predicted);
        matrix.Add(truth, predicted);
        Assert.Equal(new long[,] { { 2, 0 }, { 2, 2 } }, matrix.ToArray());
        Assert.Equal(new long[] { 0, 1, 1 }, truth.data<long>().ToArray());
        Assert.Equal(new long[] { 0, 1, 0 }, predicted.data<long>().ToArray());
    }

    [Fact]
    public void Empty_tensors_add_nothing()
    {
        using var scope = NewDisposeScope();
        var matrix = new ConfusionMatrix(4);
        matrix.Add(empty(0, ScalarType.Int64), empty(0, ScalarType.Int32));
        matrix.Add(empty(0, ScalarType.Int64), empty(0, 4));
        Assert.Equal(0, matrix.Total);
    }

    [Fact]
    public void Tensor_errors_name_the_problem_and_leave_the_matrix_unchanged()
    {
        using var scope = NewDisposeScope();
        var matrix = new ConfusionMatrix(3);
        matrix.Add(0, 0);
        Tensor labels = tensor(new long[] { 0, 1, 2, 1 });

        AssertError("truth", "rank-1 tensor of integer", () => matrix.Add(labels.reshape(2, 2), labels));
        AssertError("truth", "Float32", () => matrix.Add(labels.to_type(ScalarType.Float32), labels));
        AssertError("truth", "rank-1", () => matrix.Add(tensor(1L), labels));
        AssertError("predicted", "shape [4]", () => matrix.Add(labels, labels[..3]));
        AssertError("predicted", "[4, 3]", () => matrix.Add(labels, zeros(4, 4)));
        AssertError("predicted", "[4, 3]", () => matrix.Add(labels, zeros(3, 3)));
        AssertError("predicted", "floating-point", () => matrix.Add(labels, zeros(4, 3, ScalarType.Int64)));
        AssertError("predicted", "integer labels", () => matrix.Add(labels, labels.to_type(ScalarType.Float32)));
        AssertError("predicted", "integer labels", () => matrix.Add(labels, zeros(4, 3, 1)));
        AssertError("truth", "truth label 3 at position 2", () => matrix.Add(tensor(new long[] { 0, 1, 3, 1 }), labels));
        AssertError("truth", "truth label -1 at position 0", () => matrix.Add(tensor(new int[] { -1, 1, 2, 1 }), labels));
        AssertError("predicted", "predicted label 7 at position 3", () => matrix.Add(labels, tensor(new long[] { 0, 1, 2, 7 })));
        Tensor scores = zeros(4, 3);
        scores[2, 1] = tensor(float.NaN);
        scores[3, 2] = tensor(float.NaN);
        AssertError("predicted", "NaN values in 2 row(s), the first row 2", () => matrix.Add(labels, scores));
        Tensor allNaN = full(4, 3, float.NaN);
        AssertError("predicted", "NaN values in 4 row(s), the first row 0", () => matrix.Add(labels, allNaN));
        Assert.Throws<ArgumentNullException>(() => matrix.Add(null!, labels));

        Assert.Equal(1, matrix.Total);
        Assert.Equal(1, matrix[0, 0]);
    }

    private static void AssertError(string parameter, string text, Action action)
    {
        var error = Assert.Throws<ArgumentException>(action);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }
}
