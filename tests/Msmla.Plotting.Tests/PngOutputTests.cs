using System.IO;
using System.Linq;
using Msmla.Tests.Shared;

namespace Msmla.Plotting.Tests
{
    /// <summary>A PNG written on a full disk (a filled tmpfs): the kernel's ENOSPC reaches the caller, the previous image stays, no temporary file is left.</summary>
    public class PngOutputTests
    {
        private const int NoSpace = 28; // ENOSPC, which .NET puts into IOException.HResult on Linux

        [SkippableFact]
        public void A_png_on_a_full_disk_fails_with_enospc_and_the_previous_image_stays()
        {
            using SmallFileSystem disk = SmallFileSystem.Mount(64 << 10);
            string path = disk.File("learning-curves.png");
            byte[] old = { 0x89, (byte)'P', (byte)'N', (byte)'G', 1 };
            PngOutput.Write(old, path);
            disk.Fill();

            // Before: File.WriteAllBytes preallocated the file and failed with an IOException without the error number.
            IOException e = Assert.ThrowsAny<IOException>(() => PngOutput.Write(new byte[20_000], path));
            Assert.Equal(NoSpace, e.HResult);
            Assert.Equal(old, File.ReadAllBytes(path));
            Assert.Equal(new[] { disk.File("filler"), path }, Directory.GetFileSystemEntries(disk.Path).Order().ToArray());
        }
    }
}
