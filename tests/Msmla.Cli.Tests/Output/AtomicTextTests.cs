using System.IO;
using System.Linq;
using Msmla.Cli.Infrastructure;
using Msmla.Cli.Output;
using Msmla.Tests.Shared;

namespace Msmla.Cli.Tests.Output
{
    public class AtomicTextTests
    {
        [Fact]
        public void A_file_is_replaced_whole_and_no_temporary_file_stays()
        {
            using var directory = TestPaths.CreateTemporaryDirectory();
            string path = directory.File("run.json");
            File.WriteAllText(path, new string('x', 10_000));
            Assert.Equal(path, AtomicText.Write(path, "{ \"a\": \"é\" }\n"));
            Assert.Equal(new byte[] { (byte)'{', (byte)' ', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)' ', (byte)'"', 0xC3, 0xA9, (byte)'"', (byte)' ', (byte)'}', (byte)'\n' },
                File.ReadAllBytes(path)); // UTF-8 without a byte-order mark, nothing left of the longer old file
            Assert.Equal(new[] { path }, Directory.GetFileSystemEntries(directory.Path));
        }

        [SkippableFact]
        public void On_a_full_disk_the_previous_file_stays_and_nothing_is_left_under_a_new_name()
        {
            using SmallFileSystem disk = SmallFileSystem.Mount(64 << 10);
            string old = disk.File("metrics.csv");
            File.WriteAllText(old, "metric,value\noa,0.5\n");
            disk.Fill();
            string text = string.Concat(Enumerable.Repeat("metric,value\n", 1000));

            // Before: File.WriteAllText truncated the old file first and left it empty (or half-written) on ENOSPC.
            IOException replaced = Assert.ThrowsAny<IOException>(() => AtomicText.Write(old, text));
            Assert.True(DiskFull.Is(replaced), replaced.ToString()); // ENOSPC itself, not .NET's errno-less preallocation failure
            Assert.Equal("metric,value\noa,0.5\n", File.ReadAllText(old));
            Assert.ThrowsAny<IOException>(() => AtomicText.Write(disk.File("new.csv"), text));
            Assert.Equal(new[] { disk.File("filler"), old }, Directory.GetFileSystemEntries(disk.Path).Order().ToArray());
        }
    }
}
