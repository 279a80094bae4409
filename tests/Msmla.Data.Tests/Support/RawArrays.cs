using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Msmla.Data.Tests.Support;

/// <summary>Reads the little-endian raw arrays (numpy <c>tofile</c>) that the Python peer writes as references.</summary>
internal static class RawArrays
{
    public static float[] Floats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    public static double[] Doubles(string path) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(path)).ToArray();

    public static int[] Ints(string path) => MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(path)).ToArray();

    public static long[] Longs(string path) => MemoryMarshal.Cast<byte, long>(File.ReadAllBytes(path)).ToArray();

    public static void Write(string path, ReadOnlySpan<float> values) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(values).ToArray());
}
