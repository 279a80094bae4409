using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Msmla.Data.So2Sat;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.So2Sat;

/// <summary>
/// So2Sat LCZ42 verification: the streamed MD5 against coreutils' md5sum, the file that differs named with the release it
/// claims to be, and the table of published MD5s against TorchGeo's (hand-copied below).
/// </summary>
public sealed class So2SatVerifierTests
{
    /// <summary>
    /// Hand-copied from TorchGeo, torchgeo/datasets/so2sat.py (class So2Sat, filenames_by_version and md5s_by_version),
    /// https://github.com/microsoft/torchgeo at commit 7ea0616ded0cc27a8feb8b2aafefd7c14155f6fb (14 August 2025).
    /// </summary>
    private static readonly (string Version, string Split, string File, string Md5)[] TorchGeo =
    {
        ("2", "train", "training.h5", "702bc6a9368ebff4542d791e53469244"),
        ("2", "validation", "validation.h5", "71cfa6795de3e22207229d06d6f8775d"),
        ("2", "test", "testing.h5", "e81426102b488623a723beab52b31a8a"),
        ("3_random", "train", "random/training.h5", "94e2e2e667b406c2adf61e113b42204e"),
        ("3_random", "test", "random/testing.h5", "1e15c425585ce816342d1cd779d453d8"),
        ("3_block", "train", "block/training.h5", "a91d6150e8b059dac86105853f377a11"),
        ("3_block", "test", "block/testing.h5", "6414af1ec33ace417e879f9c88066d47"),
        ("3_culture_10", "train", "culture_10/training.h5", "702bc6a9368ebff4542d791e53469244"),
        ("3_culture_10", "test", "culture_10/testing.h5", "58335ce34ca3a18424e19da84f2832fc"),
    };

    [Fact]
    public void The_table_is_TorchGeos()
    {
        Assert.Equal(TorchGeo.OrderBy(t => t.File), So2SatChecksums.Files.Select(f => (f.Version, f.Split, f.RelativePath, f.Md5)).OrderBy(t => t.RelativePath));
        Assert.All(So2SatChecksums.Files.Where(f => f.Version == "2"), f => Assert.Equal("https://mediatum.ub.tum.de/1483140", f.DownloadUrl));
        Assert.All(So2SatChecksums.Files.Where(f => f.Version != "2"), f => Assert.Equal("https://mediatum.ub.tum.de/1613658", f.DownloadUrl));
    }

    /// <summary>A file of 3 MiB + 12,345 bytes (several read blocks and a partial one) hashes as md5sum does; progress ends at its length.</summary>
    [SkippableFact]
    public void The_streamed_MD5_is_md5sums()
    {
        string md5sum = Requirement.Tool("md5sum", "coreutils");
        using var directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("data.h5");
        var bytes = new byte[3 * 1024 * 1024 + 12_345];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        ProcessOutcome outcome = TestProcess.Run(TestProcess.StartInfo(md5sum, new[] { path }), TestProcess.ShortTimeout);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());

        var reports = new List<long>();
        So2SatFileCheck check = So2SatVerifier.Verify(path, new SynchronousProgress(reports.Add));
        Assert.Equal(outcome.StandardOutput.Split(' ')[0], check.Md5);
        Assert.Equal(bytes.Length, check.Bytes);
        Assert.Equal(bytes.Length, reports[^1]);
        Assert.True(reports.Count >= 4 && reports.Zip(reports.Skip(1)).All(p => p.First < p.Second), string.Join(",", reports));
        Assert.Equal(So2SatFileStatus.Unknown, check.Status);
        Assert.Contains(path, check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hashing_stops_when_cancelled()
    {
        using var directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("testing.h5");
        File.WriteAllBytes(path, new byte[4 * 1024 * 1024]);
        using var cancellation = new CancellationTokenSource();
        long seen = 0;
        Assert.Throws<OperationCanceledException>(() => So2SatVerifier.Verify(path, new SynchronousProgress(b =>
        {
            seen = b;
            cancellation.Cancel();
        }), cancellation.Token));
        Assert.Equal(1024 * 1024, seen);
    }

    [Fact]
    public void A_file_that_differs_is_named_with_the_release_it_claims_to_be()
    {
        using var directory = TestPaths.CreateTemporaryDirectory();
        string path = Path.Combine(directory.Path, "random", "testing.h5");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "not the published file");

        IReadOnlyList<So2SatFileCheck> checks = So2SatVerifier.VerifyDirectory(directory.Path);
        So2SatFileCheck check = Assert.Single(checks);
        Assert.Equal(So2SatFileStatus.Differs, check.Status);
        Assert.Equal(path, check.Path);
        var exception = Assert.Throws<PatchDataException>(() => check.EnsureVerified());
        Assert.Equal(path, exception.FilePath);
        foreach (string expected in new[] { path, "version 3_random, test (random/testing.h5)", "1e15c425585ce816342d1cd779d453d8", check.Md5, "https://mediatum.ub.tum.de/1613658" })
            Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_claims_the_release_of_its_folder_and_a_bare_name_version_2()
    {
        Assert.Equal(new[] { "3_culture_10/train" }, So2SatChecksums.ClaimedBy("/data/culture_10/training.h5").Select(f => $"{f.Version}/{f.Split}"));
        Assert.Equal(new[] { "2/train" }, So2SatChecksums.ClaimedBy("/data/training.h5").Select(f => $"{f.Version}/{f.Split}"));
        Assert.Equal(new[] { "3_block/test" }, So2SatChecksums.ClaimedBy(@"D:\so2sat\block\testing.h5").Select(f => $"{f.Version}/{f.Split}"));
        Assert.Empty(So2SatChecksums.ClaimedBy("/data/train.h5"));
        // The culture-10 training file is version 2's: one MD5, two releases.
        Assert.Equal(new[] { "2/train", "3_culture_10/train" }, So2SatChecksums.WithMd5("702BC6A9368EBFF4542D791E53469244").Select(f => $"{f.Version}/{f.Split}"));
    }

    [Fact]
    public void The_status_follows_the_claimed_and_matching_releases()
    {
        So2SatKnownFile v2Train = So2SatChecksums.Files.Single(f => f.Version == "2" && f.Split == "train");
        So2SatKnownFile cultureTrain = So2SatChecksums.Files.Single(f => f.Version == "3_culture_10" && f.Split == "train");
        So2SatKnownFile randomTrain = So2SatChecksums.Files.Single(f => f.Version == "3_random" && f.Split == "train");
        var bothTrain = new[] { v2Train, cultureTrain };

        var named = new So2SatFileCheck("/d/training.h5", 1, v2Train.Md5, new[] { v2Train }, bothTrain);
        Assert.Equal(So2SatFileStatus.Verified, named.Status);
        Assert.Contains("version 2, train (training.h5)", named.Message, StringComparison.Ordinal);

        var renamed = new So2SatFileCheck("/d/a.h5", 1, v2Train.Md5, Array.Empty<So2SatKnownFile>(), bothTrain);
        Assert.Equal(So2SatFileStatus.Verified, renamed.Status);
        Assert.Contains("version 2, train (training.h5) = version 3_culture_10, train (culture_10/training.h5)", renamed.Message, StringComparison.Ordinal);

        var misplaced = new So2SatFileCheck("/d/random/training.h5", 1, v2Train.Md5, new[] { randomTrain }, bothTrain);
        Assert.Equal(So2SatFileStatus.Differs, misplaced.Status);
        Assert.Contains("that of version 2, train (training.h5)", misplaced.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress : IProgress<long>
    {
        private readonly Action<long> _report;

        public SynchronousProgress(Action<long> report) => _report = report;

        public void Report(long value) => _report(value);
    }
}
