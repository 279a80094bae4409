using System;
using Msmla.Core.Data;

namespace Msmla.Data.Tests.Support;

internal static class SeededRandomTestExtensions
{
    public static void NextBytesForTest(this SeededRandom random, Span<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)random.NextInt(256);
    }
}
