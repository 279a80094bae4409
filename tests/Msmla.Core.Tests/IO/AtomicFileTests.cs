using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Msmla.Core.IO;
using Msmla.Tests.Shared;

namespace Msmla.Core.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void Every_write_gets_a_temporary_name_of_its_own_beside_the_destination()
    {
        using var directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("out.csv");
        var temporaries = new ConcurrentBag<string>();
        for (int i = 0; i < 3; i++)
        {
            AtomicFile.Write(path, temporary =>
            {
                Assert.False(File.Exists(temporary));
                temporaries.Add(temporary);
                File.WriteAllText(temporary, "run " + i);
            });
        }
        Assert.Equal(3, temporaries.Distinct().Count());
        Assert.All(temporaries, t => Assert.Equal(directory.Path, Path.GetDirectoryName(t)));
        Assert.DoesNotContain(path + ".tmp", temporaries);
        Assert.Equal("run 2", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void A_failed_write_leaves_the_old_file_and_no_temporary()
    {
        using var directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("metrics.csv");
        AtomicFile.WriteAllText(path, "old");

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, temporary =>
        {
            File.WriteAllText(temporary, "half of the n");
            throw new IOException("disk full");
        }));

        Assert.Equal("disk full", error.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void A_failed_rename_leaves_no_temporary()
    {
        using var directory = TestPaths.CreateTemporaryDirectory();
        // The destination is a directory: the content is written, the rename fails.
        string path = Directory.CreateDirectory(directory.File("taken")).FullName;
        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(path, "content"));
        Assert.Empty(Directory.GetFiles(directory.Path));
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void A_missing_directory_is_named_and_nothing_is_written()
    {
        using var directory = TestPaths.CreateTemporaryDirectory();
        string missing = directory.File("no-such-directory");
        bool called = false;
        var error = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(Path.Combine(missing, "a.json"), _ => called = true));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.False(called);
    }

    [Fact]
    public async Task Concurrent_writers_of_one_file_all_succeed_and_readers_only_ever_see_a_complete_content()
    {
        using var directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("predictions.csv");
        // Each writer's content is recognisable and long enough that a partial file would show.
        string Content(int writer) => string.Concat(Enumerable.Repeat($"writer {writer:D2};", 20_000));
        string[] contents = Enumerable.Range(0, 8).Select(Content).ToArray();
        AtomicFile.WriteAllText(path, contents[0]);

        using var stop = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                string seen = File.ReadAllText(path);
                Assert.Contains(seen, contents);
                reading.TrySetResult();
            }
        });
        // The writers start once the reader reads, so that they overlap however busy the machine is.
        await Task.WhenAny(reading.Task, reader);
        if (reader.IsCompleted) await reader; // it failed on its first read
        Parallel.For(0, contents.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            string text = contents[i % contents.Length];
            AtomicFile.Write(path, temporary => File.WriteAllText(temporary, text, new UTF8Encoding(false)));
        });
        stop.Cancel();
        await reader;

        Assert.Contains(File.ReadAllText(path), contents);
        Assert.Equal(new[] { path }, Directory.GetFiles(directory.Path));
    }
}
