namespace Msmla.Core.TorchSharpWorkarounds.NativeLoad
{
    /// <summary>
    /// One version that an ELF object requires from a shared library: a <c>Vernaux</c> entry of its
    /// <c>.gnu.version_r</c> section.
    /// </summary>
    internal sealed class ElfVersionRequirement
    {
        /// <summary>The flag that makes a missing version a warning instead of a load failure.</summary>
        public const ushort WeakFlag = 0x2;

        public ElfVersionRequirement(string library, string name, ushort flags, ushort index, long flagsOffset)
        {
            Library = library;
            Name = name;
            Flags = flags;
            Index = index;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The file name of the library that must provide the version (<c>vn_file</c>).</summary>
        public string Library { get; }

        /// <summary>The version name, for example <c>GLIBCXX_3.4.32</c>.</summary>
        public string Name { get; }

        /// <summary>The <c>vna_flags</c> field.</summary>
        public ushort Flags { get; }

        /// <summary>The version index (<c>vna_other</c>) that <c>.gnu.version</c> entries refer to.</summary>
        public ushort Index { get; }

        /// <summary>The file offset of the two-byte <c>vna_flags</c> field.</summary>
        public long FlagsOffset { get; }

        /// <summary>Whether the requirement is already weak.</summary>
        public bool IsWeak => (Flags & WeakFlag) != 0;
    }
}
