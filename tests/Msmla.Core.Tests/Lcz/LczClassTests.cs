using Msmla.Core.Lcz;

namespace Msmla.Core.Tests.Lcz;

public class LczClassTests
{
    [Fact]
    public void Label_display_name_and_text_follow_the_code()
    {
        LczClass lcz = LczClasses.FromIndex(9);
        Assert.Equal(10, lcz.Label);
        Assert.Equal("LCZ 10 Heavy industry", lcz.DisplayName);
        Assert.Equal("LCZ 10 Heavy industry", lcz.ToString());
        Assert.Equal("LCZ A Dense trees", LczClasses.FromIndex(10).DisplayName);
    }

    [Theory]
    [InlineData("1", 0x8c, 0x00, 0x00)]
    [InlineData("4", 0xbf, 0x4d, 0x00)]
    [InlineData("9", 0xff, 0xcc, 0xaa)]
    [InlineData("D", 0xb9, 0xdb, 0x79)]
    [InlineData("E", 0x00, 0x00, 0x00)]
    [InlineData("G", 0x6a, 0x6a, 0xff)]
    public void Rgb_decodes_the_hex_colour(string code, int r, int g, int b)
    {
        Assert.Equal(((byte)r, (byte)g, (byte)b), LczClasses.FromCode(code).Rgb);
    }

    [Fact]
    public void Records_compare_by_value()
    {
        LczClass copy = LczClasses.FromIndex(3) with { };
        Assert.Equal(LczClasses.FromIndex(3), copy);
        Assert.NotEqual(LczClasses.FromIndex(3), LczClasses.FromIndex(4));
    }
}
