using System;
using System.Linq;
using Msmla.Core.Lcz;

namespace Msmla.Core.Tests.Lcz;

public class LczClassesTests
{
    // Typed from the LCZ scheme (Stewart and Oke 2012), independently of the source.
    private static readonly string[] s_codes = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "A", "B", "C", "D", "E", "F", "G" };

    [Fact]
    public void Has_17_classes_in_the_standard_order_with_consistent_indices_and_labels()
    {
        Assert.Equal(17, LczClasses.Count);
        Assert.Equal(10, LczClasses.BuiltUpCount);
        Assert.Equal(s_codes, LczClasses.All.Select(c => c.Code));
        Assert.Equal(s_codes, LczClasses.Codes);
        for (int i = 0; i < 17; i++)
        {
            LczClass lcz = LczClasses.All[i];
            Assert.Equal(i, lcz.Index);
            Assert.Equal(i + 1, lcz.Label);
            Assert.Same(lcz, LczClasses.FromIndex(i));
            Assert.Same(lcz, LczClasses.FromLabel(i + 1));
            Assert.Same(lcz, LczClasses.FromCode(lcz.Code));
            Assert.Equal(i < 10 ? LczGroup.BuiltUp : LczGroup.Natural, lcz.Group);
            Assert.Equal(i < 10, LczClasses.IsBuiltUp(i));
        }
    }

    [Fact]
    public void Names_and_colours_match_hand_typed_reference_values()
    {
        Assert.Equal(("Compact high-rise", "#8c0000"), (LczClasses.FromCode("1").Name, LczClasses.FromCode("1").Color));
        Assert.Equal(("Heavy industry", "#555555"), (LczClasses.FromCode("10").Name, LczClasses.FromCode("10").Color));
        Assert.Equal(("Bush, scrub", "#648525"), (LczClasses.FromCode("C").Name, LczClasses.FromCode("C").Color));
        Assert.Equal(("Water", "#6a6aff"), (LczClasses.FromCode("G").Name, LczClasses.FromCode("G").Color));
        Assert.All(LczClasses.All, c => Assert.Matches("^#[0-9a-f]{6}$", c.Color));
        Assert.Equal(17, LczClasses.All.Select(c => c.Color).Distinct().Count());
        Assert.Equal(17, LczClasses.All.Select(c => c.Name).Distinct().Count());
    }

    [SkippableFact]
    public void Codes_names_and_colours_match_the_so2sat_document()
    {
        var documented = So2SatDocument.Classes(So2SatDocument.Require());
        Assert.Equal(17, documented.Count);
        for (int i = 0; i < 17; i++)
        {
            LczClass lcz = LczClasses.All[i];
            Assert.Equal(documented[i].Code, lcz.Code);
            Assert.Equal(documented[i].Name, lcz.Name);
            Assert.Equal(documented[i].Color, lcz.Color, ignoreCase: true);
        }
    }

    [Theory]
    [InlineData("3", 2)]
    [InlineData(" 10 ", 9)]
    [InlineData("a", 10)]
    [InlineData("LCZ 3", 2)]
    [InlineData("lcz_a", 10)]
    [InlineData("LCZ-G", 16)]
    [InlineData("lcz10", 9)]
    public void FromCode_accepts_the_usual_spellings(string code, int index)
    {
        Assert.Equal(index, LczClasses.FromCode(code).Index);
        Assert.True(LczClasses.TryFromCode(code, out LczClass? lcz));
        Assert.Equal(index, lcz!.Index);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("H")]
    [InlineData("")]
    [InlineData("LCZ")]
    [InlineData("1A")]
    public void FromCode_rejects_codes_that_are_not_lcz(string code)
    {
        var error = Assert.Throws<ArgumentException>(() => LczClasses.FromCode(code));
        Assert.Contains($"'{code}'", error.Message, StringComparison.Ordinal);
        Assert.Equal("code", error.ParamName);
        Assert.False(LczClasses.TryFromCode(code, out LczClass? lcz));
        Assert.Null(lcz);
    }

    [Fact]
    public void TryFromCode_of_null_is_false()
    {
        Assert.False(LczClasses.TryFromCode(null, out LczClass? lcz));
        Assert.Null(lcz);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(17)]
    [InlineData(int.MinValue)]
    public void FromIndex_and_IsBuiltUp_reject_indices_out_of_range(int index)
    {
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => LczClasses.FromIndex(index)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => LczClasses.IsBuiltUp(index));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(18)]
    [InlineData(-3)]
    public void FromLabel_rejects_labels_out_of_range(int label)
    {
        Assert.Equal("label", Assert.Throws<ArgumentOutOfRangeException>(() => LczClasses.FromLabel(label)).ParamName);
    }

    [Fact]
    public void ToOneHot_sets_exactly_the_index()
    {
        for (int i = 0; i < 17; i++)
        {
            float[] vector = LczClasses.ToOneHot(i);
            Assert.Equal(17, vector.Length);
            for (int j = 0; j < 17; j++) Assert.Equal(i == j ? 1f : 0f, vector[j]);
            Assert.Equal(i, LczClasses.FromOneHot<float>(vector));
        }
        Assert.Equal(new[] { 0f, 0f, 1f }, LczClasses.ToOneHot(2, classCount: 3));
    }

    [Theory]
    [InlineData(-1, 17)]
    [InlineData(17, 17)]
    [InlineData(3, 3)]
    [InlineData(0, 0)]
    [InlineData(0, -1)]
    public void ToOneHot_rejects_bad_indices_and_class_counts(int index, int classCount)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LczClasses.ToOneHot(index, classCount));
        Assert.Equal(classCount < 1 ? "classCount" : "index", error.ParamName);
    }

    [Fact]
    public void FromOneHot_reads_float64_vectors_as_so2sat_stores_them()
    {
        var vector = new double[17];
        vector[12] = 1.0;
        Assert.Equal(12, LczClasses.FromOneHot<double>(vector));
        vector[3] = -0.0;
        Assert.Equal(12, LczClasses.FromOneHot<double>(vector));
    }

    [Theory]
    [InlineData(new double[] { 0, 0, 0 }, "every entry is 0")]
    [InlineData(new double[0], "every entry is 0")]
    [InlineData(new double[] { 0, 1, 1 }, "entry 2")]
    [InlineData(new double[] { 0, 0.5, 0 }, "entry 1 is 0.5")]
    [InlineData(new double[] { 2, 0, 0 }, "entry 0 is 2")]
    [InlineData(new double[] { 0, 0, -1 }, "entry 2 is -1")]
    [InlineData(new double[] { 1, double.NaN, 0 }, "entry 1 is NaN")]
    public void FromOneHot_rejects_vectors_that_are_not_one_hot(double[] vector, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => LczClasses.FromOneHot<double>(vector));
        Assert.Contains("Not a one-hot vector", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
