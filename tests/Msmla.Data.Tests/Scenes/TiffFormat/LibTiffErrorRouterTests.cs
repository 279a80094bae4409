using System;
using System.IO;
using System.Linq;
using BitMiracle.LibTiff.Classic;
using Microsoft.Extensions.Logging;
using Msmla.Data.Scenes;
using Msmla.Data.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Scenes.TiffFormat;

/// <summary>
/// LibTiff.NET's messages about files the reader opens reach the logger (warnings) or the exception
/// (errors), never the console; messages about other files still reach the handler installed before.
/// Runs alone: it replaces the process's standard error for a moment.
/// </summary>
[Collection(MeasuredAloneCollection.Name)]
public sealed class LibTiffErrorRouterTests
{
    [Fact]
    public void Warnings_go_to_the_logger_and_errors_into_the_exception_not_to_the_console()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        // A private tag LibTiff.NET does not know: it warns. No georeferencing: the reader then refuses the file.
        string unknownTag = directory.File("unknown.tif");
        CraftedTiff.Tiled(16, 16, 16, 16).Entry(65000, CraftedTiff.Short, 1, 7).Write(unknownTag);
        // Different bits per sample for two samples: LibTiff.NET reports an error and reads no directory.
        string mixedBits = directory.File("mixed.tif");
        new CraftedTiff()
            .Entry(256, CraftedTiff.Long, 1, 16).Entry(257, CraftedTiff.Long, 1, 16)
            .Entry(258, CraftedTiff.Short, 2, 8 | (16 << 16)).Entry(259, CraftedTiff.Short, 1, 1)
            .Entry(273, CraftedTiff.Long, 1, 8).Entry(277, CraftedTiff.Short, 1, 2)
            .Entry(278, CraftedTiff.Long, 1, 16).Entry(279, CraftedTiff.Long, 1, 16)
            .Write(mixedBits, padding: 1024);

        var logger = new ListLogger();
        string console = CaptureConsole(() =>
        {
            var refused = Assert.Throws<SceneDataException>(() => GeoTiffRaster.Open(unknownTag, logger: logger));
            Assert.Contains("has no georeferencing", refused.Message);
            var error = Assert.Throws<SceneDataException>(() => GeoTiffRaster.Open(mixedBits, logger: logger));
            Assert.Contains("LibTiff.NET cannot read the first image file directory", error.Message);
            Assert.Contains("BitsPerSample", error.Message);
        });
        Assert.Equal("", console);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("unknown field with tag 65000", StringComparison.Ordinal));
    }

    [Fact]
    public void Expected_warnings_about_GeoTIFF_tags_are_only_traced()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("map.tif");
        LczMapWriter.WriteClasses(path, new byte[] { 1, 2, 3, 4 }, 2, 2, GeoReferencing.ForProjected(new GeoTransform(0, 1, 0, 0, 0, -1), 32633));
        var logger = new ListLogger();
        using (GeoTiffRaster.Open(path, logger: logger))
        {
        }
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Trace && e.Message.Contains("unknown field with tag 34735", StringComparison.Ordinal));
    }

    [Fact]
    public void Messages_about_other_files_reach_the_previous_handler()
    {
        using TemporaryDirectory directory = TestPaths.CreateTemporaryDirectory();
        string path = directory.File("map.tif");
        LczMapWriter.WriteClasses(path, new byte[] { 1 }, 1, 1, GeoReferencing.ForProjected(new GeoTransform(0, 1, 0, 0, 0, -1), 32633));
        using (GeoTiffRaster.Open(path))
        {
        }
        // The reader's handler is installed now; a message from another user of LibTiff.NET goes to LibTiff.NET's default handler.
        string console = CaptureConsole(() => Tiff.Warning(null, "OtherLibrary", "message {0}", 42));
        Assert.Contains("OtherLibrary: Warning, message 42", console);
    }

    private static string CaptureConsole(Action action)
    {
        TextWriter error = Console.Error, output = Console.Out;
        using var captured = new StringWriter();
        Console.SetError(captured);
        Console.SetOut(captured);
        try
        {
            action();
        }
        finally
        {
            Console.SetError(error);
            Console.SetOut(output);
        }
        return captured.ToString();
    }
}
