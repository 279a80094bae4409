using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.Build;

/// <summary>
/// CI=true (set by CI services and .ci/run) turns on ContinuousIntegrationBuild (deterministic paths in the packages and
/// symbols), checked by MSBuild evaluation of a packaged library with and without the variable.
/// </summary>
public class ContinuousIntegrationBuildTests
{
    private static readonly string Root =
        typeof(ContinuousIntegrationBuildTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Theory]
    [InlineData("true", "true")]
    [InlineData(null, "")]
    public void CI_true_turns_on_ContinuousIntegrationBuild(string? ci, string expected)
    {
        ProcessStartInfo info = TestProcess.StartInfo(TestProcess.Dotnet,
            new[] { "msbuild", Path.Combine(Root, "src", "Msmla.Core", "Msmla.Core.csproj"), "-nologo", "-getProperty:ContinuousIntegrationBuild" }, Root);
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (ci == null) info.Environment.Remove(Requirement.CiVariable);
        else info.Environment[Requirement.CiVariable] = ci;
        ProcessOutcome outcome = TestProcess.Run(info, TestProcess.ShortTimeout);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Equal(expected, outcome.StandardOutput.Trim());
    }
}
