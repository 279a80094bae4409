using System.IO;
using System.Linq;
using Msmla.Core.IO;
using Msmla.Models.Training;
using Msmla.Models.Weights;
using Msmla.Tests.Shared;

namespace Msmla.Models.Tests.Training;

/// <summary>
/// Text files written on a full disk (a filled tmpfs): the failure carries the kernel's ENOSPC, the previous file stays
/// whole, and no temporary file is left.
/// </summary>
public sealed class TrainerOptionsFullDiskTests
{
    private const int NoSpace = 28; // ENOSPC, which .NET puts into IOException.HResult on Linux

    [SkippableFact]
    public void A_text_file_on_a_full_disk_fails_with_enospc_and_the_previous_file_stays()
    {
        using SmallFileSystem disk = SmallFileSystem.Mount(64 << 10);
        string options = disk.File("trainer-options.json");
        new TrainerOptions { Epochs = 3 }.Save(options);
        byte[] before = File.ReadAllBytes(options);
        disk.Fill();

        // Before: File.WriteAllText preallocated the file and failed with an IOException without the error number.
        IOException saved = Assert.ThrowsAny<IOException>(() => new TrainerOptions { Epochs = 4 }.Save(options));
        Assert.Equal(NoSpace, saved.HResult);
        Assert.Equal(before, File.ReadAllBytes(options));
        Assert.Equal(3, TrainerOptions.Load(options).Epochs);

        IOException text = Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(disk.File("history.json"), new string('x', 8192)));
        Assert.Equal(NoSpace, text.HResult);
        Assert.Equal(new[] { disk.File("filler"), options }, Directory.GetFileSystemEntries(disk.Path).Order().ToArray());
    }
}
