using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace Msmla.Core.Lcz
{
    /// <summary>
    /// The 17 Local Climate Zones in the standard order used by So2Sat LCZ42 and the LCZ literature,
    /// with conversions between 0-based indices, LCZ codes, 1-based labels and one-hot vectors.
    /// </summary>
    public static class LczClasses
    {
        /// <summary>The number of classes in the standard scheme.</summary>
        public const int Count = 17;

        /// <summary>The number of built-up classes (LCZ 1-10), which come first in the standard order.</summary>
        public const int BuiltUpCount = 10;

        private static readonly LczClass[] s_all =
        {
            new(0, "1", "Compact high-rise", LczGroup.BuiltUp, "#8c0000"),
            new(1, "2", "Compact mid-rise", LczGroup.BuiltUp, "#d10000"),
            new(2, "3", "Compact low-rise", LczGroup.BuiltUp, "#ff0000"),
            new(3, "4", "Open high-rise", LczGroup.BuiltUp, "#bf4d00"),
            new(4, "5", "Open mid-rise", LczGroup.BuiltUp, "#ff6600"),
            new(5, "6", "Open low-rise", LczGroup.BuiltUp, "#ff9955"),
            new(6, "7", "Lightweight low-rise", LczGroup.BuiltUp, "#faee05"),
            new(7, "8", "Large low-rise", LczGroup.BuiltUp, "#bcbcbc"),
            new(8, "9", "Sparsely built", LczGroup.BuiltUp, "#ffccaa"),
            new(9, "10", "Heavy industry", LczGroup.BuiltUp, "#555555"),
            new(10, "A", "Dense trees", LczGroup.Natural, "#006a00"),
            new(11, "B", "Scattered trees", LczGroup.Natural, "#00aa00"),
            new(12, "C", "Bush, scrub", LczGroup.Natural, "#648525"),
            new(13, "D", "Low plants", LczGroup.Natural, "#b9db79"),
            new(14, "E", "Bare rock or paved", LczGroup.Natural, "#000000"),
            new(15, "F", "Bare soil or sand", LczGroup.Natural, "#fbf7ae"),
            new(16, "G", "Water", LczGroup.Natural, "#6a6aff"),
        };

        private static readonly Dictionary<string, LczClass> s_byCode =
            s_all.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

        /// <summary>All 17 classes, index 0 to 16.</summary>
        public static IReadOnlyList<LczClass> All => s_all;

        /// <summary>The LCZ codes in order: "1".."10", "A".."G".</summary>
        public static IReadOnlyList<string> Codes { get; } = s_all.Select(c => c.Code).ToArray();

        /// <summary>The class names a model of <paramref name="classes"/> outputs gets by default: the LCZ codes for 17 classes, "0", "1", ... otherwise.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than one class.</exception>
        public static IReadOnlyList<string> DefaultNames(int classes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
            return classes == Count ? Codes : Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }

        /// <summary>The class at a 0-based index.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The index is not 0-16.</exception>
        public static LczClass FromIndex(int index)
        {
            if ((uint)index >= Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"An LCZ index is 0 to {Count - 1}.");
            return s_all[index];
        }

        /// <summary>The class with an LCZ code ("1".."10", "A".."G"; also accepts "LCZ 3", "lcz_a" and lower case).</summary>
        /// <exception cref="ArgumentException">The code is not an LCZ code.</exception>
        public static LczClass FromCode(string code)
        {
            if (TryFromCode(code, out LczClass? lcz)) return lcz!;
            throw new ArgumentException($"'{code}' is not an LCZ code; expected 1-10 or A-G.", nameof(code));
        }

        /// <summary>Tries to find the class with an LCZ code; see <see cref="FromCode"/>.</summary>
        public static bool TryFromCode(string? code, out LczClass? lcz)
        {
            lcz = null;
            if (code == null) return false;
            string trimmed = code.Trim();
            if (trimmed.StartsWith("LCZ", StringComparison.OrdinalIgnoreCase)) trimmed = trimmed.Substring(3).TrimStart(' ', '_', '-');
            return s_byCode.TryGetValue(trimmed, out lcz);
        }

        /// <summary>The class with a 1-based label (1-17) as stored in So2Sat label files.</summary>
        public static LczClass FromLabel(int label)
        {
            if (label < 1 || label > Count)
                throw new ArgumentOutOfRangeException(nameof(label), label, $"An LCZ label is 1 to {Count}.");
            return s_all[label - 1];
        }

        /// <summary>Whether a 0-based index is a built-up class (LCZ 1-10).</summary>
        public static bool IsBuiltUp(int index) => FromIndex(index).Group == LczGroup.BuiltUp;

        /// <summary>The one-hot vector of a 0-based index.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The class count is less than 1, or the index is not 0 to <paramref name="classCount"/> - 1.</exception>
        public static float[] ToOneHot(int index, int classCount = Count)
        {
            if (classCount < 1)
                throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "The class count must be at least 1.");
            if ((uint)index >= (uint)classCount)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Index must be 0 to {classCount - 1}.");
            var vector = new float[classCount];
            vector[index] = 1f;
            return vector;
        }

        /// <summary>
        /// The 0-based index encoded by a one-hot vector (float or double, as So2Sat stores labels).
        /// </summary>
        /// <exception cref="ArgumentException">The vector is not one-hot (exactly one entry 1, the rest 0).</exception>
        public static int FromOneHot<T>(ReadOnlySpan<T> oneHot) where T : INumber<T>
        {
            int index = -1;
            for (int i = 0; i < oneHot.Length; i++)
            {
                T v = oneHot[i];
                if (T.IsZero(v)) continue;
                if (v != T.One || index >= 0)
                    throw new ArgumentException($"Not a one-hot vector: entry {i} is {v}{(index >= 0 ? $" and entry {index} is already set" : "")}.", nameof(oneHot));
                index = i;
            }
            if (index < 0) throw new ArgumentException("Not a one-hot vector: every entry is 0.", nameof(oneHot));
            return index;
        }
    }
}
