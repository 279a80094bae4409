using System;

namespace Msmla.Core.Lcz
{
    /// <summary>One Local Climate Zone class of the standard 17-class scheme (Stewart and Oke, 2012).</summary>
    /// <param name="Index">The 0-based index in the standard order (0-9 = LCZ 1-10, 10-16 = LCZ A-G).</param>
    /// <param name="Code">The LCZ code: <c>"1"</c> to <c>"10"</c>, <c>"A"</c> to <c>"G"</c>.</param>
    /// <param name="Name">The standard English name, for example "Compact high-rise".</param>
    /// <param name="Group">Built-up (LCZ 1-10) or natural (LCZ A-G).</param>
    /// <param name="Color">The standard map colour as <c>#rrggbb</c>.</param>
    public sealed record LczClass(int Index, string Code, string Name, LczGroup Group, string Color)
    {
        /// <summary>The 1-based label used by the So2Sat files and the LCZ literature (1-17).</summary>
        public int Label => Index + 1;

        /// <summary>The display name, for example <c>"LCZ 1 Compact high-rise"</c>.</summary>
        public string DisplayName => $"LCZ {Code} {Name}";

        /// <summary>The map colour as red, green and blue bytes.</summary>
        public (byte R, byte G, byte B) Rgb => (
            Convert.ToByte(Color.Substring(1, 2), 16),
            Convert.ToByte(Color.Substring(3, 2), 16),
            Convert.ToByte(Color.Substring(5, 2), 16));

        /// <inheritdoc />
        public override string ToString() => DisplayName;
    }
}
