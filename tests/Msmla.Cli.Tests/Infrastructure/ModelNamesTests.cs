using Msmla.Cli.Infrastructure;
using Msmla.Models;

namespace Msmla.Cli.Tests.Infrastructure
{
    public class ModelNamesTests
    {
        [Theory]
        [InlineData("msmla-18", LczArchitecture.Msmla18)]
        [InlineData("MSMLA-18", LczArchitecture.Msmla18)]
        [InlineData("Msmla18", LczArchitecture.Msmla18)]
        [InlineData("msmla_50", LczArchitecture.Msmla50)]
        [InlineData("Sen2LCZ-Net-MF", LczArchitecture.Sen2LczNetMf)]
        [InlineData("sen2lcznet", LczArchitecture.Sen2LczNet)]
        [InlineData("rosentreter-cnn", LczArchitecture.RosentreterCnn)]
        [InlineData("RosentreterCnn", LczArchitecture.RosentreterCnn)]
        [InlineData("lcznet", LczArchitecture.LczNet)]
        public void Parse_AcceptsTheCommandLineEnumAndDisplayNames(string name, LczArchitecture expected) =>
            Assert.Equal(expected, ModelNames.Parse(name));

        [Fact]
        public void Parse_RejectsAnUnknownName_AsAUsageErrorListingTheNames()
        {
            var error = Assert.Throws<CliException>(() => ModelNames.Parse("msmla-34"));
            Assert.Equal(ExitCodes.Usage, error.ExitCode);
            Assert.Contains("'msmla-34' is not a model", error.Message);
            Assert.Contains("sen2lcz-net-mf", error.Message);
        }

        [Fact]
        public void EveryArchitecture_HasADistinctName()
        {
            Assert.Equal(System.Enum.GetValues<LczArchitecture>().Length, ModelNames.All.Count);
            Assert.Equal(ModelNames.All.Count, System.Linq.Enumerable.Count(System.Linq.Enumerable.Distinct(System.Linq.Enumerable.Select(ModelNames.All, a => a.Id))));
        }
    }
}
