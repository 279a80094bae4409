using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace Msmla.Tests.Shared;

/// <summary>
/// A lock across test processes for tests that build, pack or run the repository's own projects (dotnet pack, dotnet
/// run --project, file-based apps with #:project). `dotnet test Msmla.sln` runs the test projects in parallel, and two
/// builds of the same project (Msmla.Core in Release, say) write the same bin/ and obj/ files: one of them then packs a
/// half-written output. Holding this lock, such tests take turns.
/// </summary>
internal sealed class RepositoryBuildLock : IDisposable
{
    private readonly FileStream _stream;

    private RepositoryBuildLock(FileStream stream) => _stream = stream;

    /// <summary>Waits (up to <paramref name="timeout"/>, default 20 minutes) until no other test process builds the repository's projects.</summary>
    /// <exception cref="TimeoutException">The lock was not free in time.</exception>
    public static RepositoryBuildLock Acquire(TimeSpan? timeout = null)
    {
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(TestPaths.RepositoryRoot)))[..16];
        string path = Path.Combine(Path.GetTempPath(), $"msmla-tests-build-{key}.lock");
        var clock = Stopwatch.StartNew();
        TimeSpan limit = timeout ?? TimeSpan.FromMinutes(20);
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock (flock on Unix), released when the stream is closed or the process ends.
                return new RepositoryBuildLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (clock.Elapsed < limit)
            {
                Thread.Sleep(250);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Another test process held {path} for more than {limit}.", e);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();
}
