using System;
using System.Collections.Generic;
using System.Text;

namespace Msmla.Core.TorchSharpWorkarounds.NativeLoad
{
    /// <summary>
    /// A minimal, strict reader of 64-bit little-endian ELF shared objects: just enough to list the
    /// symbol versions an object needs (<c>.gnu.version_r</c>), the versions it defines
    /// (<c>.gnu.version_d</c>) and which dynamic symbols use each version (<c>.gnu.version</c>).
    /// Anything it does not understand raises <see cref="ElfFormatException"/>.
    /// </summary>
    internal sealed class ElfImage
    {
        private const uint ShtDynSym = 11;
        private const uint ShtDynamic = 6;
        private const uint ShtGnuVerDef = 0x6ffffffd;
        private const uint ShtGnuVerNeed = 0x6ffffffe;
        private const uint ShtGnuVerSym = 0x6fffffff;
        private const long DtNull = 0;
        private const long DtVerNeed = 0x6ffffffe;
        private const long DtVerNeedNum = 0x6fffffff;
        private const int SectionHeaderSize = 64;
        private const int DynamicSymbolSize = 24;
        private const int MaxEntries = 1 << 20;

        private readonly byte[] _bytes;
        private readonly string _name;
        private readonly Section[] _sections;

        private ElfImage(byte[] bytes, string name)
        {
            _bytes = bytes;
            _name = name;
            _sections = ReadHeaderAndSections();
            VersionRequirements = ReadVersionRequirements();
            VersionDefinitions = ReadVersionDefinitions();
        }

        /// <summary>The versions this object requires from other libraries, in file order.</summary>
        public IReadOnlyList<ElfVersionRequirement> VersionRequirements { get; }

        /// <summary>The version names this object defines (empty unless it is a versioned library).</summary>
        public IReadOnlyList<string> VersionDefinitions { get; }

        /// <summary>Parses an ELF image held in memory.</summary>
        /// <param name="bytes">The whole file.</param>
        /// <param name="name">The file name used in error messages.</param>
        public static ElfImage Parse(byte[] bytes, string name)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            return new ElfImage(bytes, name ?? "<memory>");
        }

        /// <summary>The names of the dynamic symbols whose <c>.gnu.version</c> entry is <paramref name="versionIndex"/>.</summary>
        public IReadOnlyList<string> SymbolsWithVersion(ushort versionIndex)
        {
            Section? versym = Find(ShtGnuVerSym);
            Section? dynsym = Find(ShtDynSym);
            var names = new List<string>();
            if (versym == null) return names;
            if (dynsym == null) throw Fail(".gnu.version is present but .dynsym is missing");
            if (dynsym.EntrySize != DynamicSymbolSize) throw Fail($".dynsym has entry size {dynsym.EntrySize}, expected {DynamicSymbolSize}");
            long count = dynsym.Size / DynamicSymbolSize;
            if (versym.Size != count * 2) throw Fail($".gnu.version has {versym.Size / 2} entries but .dynsym has {count}");
            Section strings = Link(dynsym);
            for (long i = 0; i < count; i++)
            {
                ushort version = (ushort)(U16(versym.Offset + 2 * i) & 0x7fff);
                if (version != versionIndex) continue;
                uint nameOffset = U32(dynsym.Offset + DynamicSymbolSize * i);
                names.Add(ReadString(strings, nameOffset));
            }
            return names;
        }

        /// <summary>The standard System V hash of a symbol or version name (used by <c>vna_hash</c>).</summary>
        public static uint ElfHash(string name)
        {
            uint h = 0;
            foreach (byte b in Encoding.UTF8.GetBytes(name))
            {
                h = (h << 4) + b;
                uint g = h & 0xf0000000;
                if (g != 0) h ^= g >> 24;
                h &= ~g;
            }
            return h;
        }

        private Section[] ReadHeaderAndSections()
        {
            if (_bytes.Length < 64) throw Fail($"file is {_bytes.Length} bytes, too short for an ELF header");
            if (_bytes[0] != 0x7f || _bytes[1] != (byte)'E' || _bytes[2] != (byte)'L' || _bytes[3] != (byte)'F')
                throw Fail("not an ELF file (bad magic number)");
            if (_bytes[4] != 2) throw Fail($"ELF class {_bytes[4]} is not supported; only 64-bit objects are");
            if (_bytes[5] != 1) throw Fail($"ELF data encoding {_bytes[5]} is not supported; only little-endian objects are");
            if (_bytes[6] != 1) throw Fail($"ELF version {_bytes[6]} is not supported");
            if (!BitConverter.IsLittleEndian) throw Fail("the patcher runs on little-endian hosts only");
            ushort type = U16(16);
            if (type != 3) throw Fail($"ELF type {type} is not a shared object (ET_DYN)");

            long shoff = checked((long)U64(40));
            ushort shentsize = U16(58);
            long shnum = U16(60);
            uint shstrndx = U16(62);
            if (shoff == 0) throw Fail("the file has no section headers");
            if (shentsize != SectionHeaderSize) throw Fail($"section header size {shentsize} is not {SectionHeaderSize}");
            Require(shoff, SectionHeaderSize, "section header 0");
            if (shnum == 0) shnum = checked((long)U64(shoff + 32));
            if (shstrndx == 0xffff) shstrndx = U32(shoff + 40);
            if (shnum <= 0 || shnum > MaxEntries) throw Fail($"implausible section count {shnum}");
            Require(shoff, checked(shnum * SectionHeaderSize), "the section header table");

            var sections = new Section[shnum];
            for (long i = 0; i < shnum; i++)
            {
                long at = shoff + i * SectionHeaderSize;
                var s = new Section(
                    index: (int)i,
                    type: U32(at + 4),
                    address: U64(at + 16),
                    offset: checked((long)U64(at + 24)),
                    size: checked((long)U64(at + 32)),
                    link: U32(at + 40),
                    info: U32(at + 44),
                    entrySize: checked((long)U64(at + 56)));
                // SHT_NOBITS (8) sections occupy no file space.
                if (s.Type != 0 && s.Type != 8) Require(s.Offset, s.Size, $"section {i}");
                sections[i] = s;
            }
            if (shstrndx >= shnum) throw Fail($"section name table index {shstrndx} is out of range");
            return sections;
        }

        private IReadOnlyList<ElfVersionRequirement> ReadVersionRequirements()
        {
            var result = new List<ElfVersionRequirement>();
            Section? verneed = Find(ShtGnuVerNeed);
            if (verneed == null) return result;
            Section strings = Link(verneed);
            CheckAgainstDynamicSection(verneed);

            long at = verneed.Offset;
            long end = verneed.Offset + verneed.Size;
            for (uint entry = 0; entry < verneed.Info; entry++)
            {
                RequireWithin(at, 16, end, "a Verneed entry");
                ushort version = U16(at);
                if (version != 1) throw Fail($"Verneed entry at offset {at} has version {version}, expected 1");
                ushort count = U16(at + 2);
                string library = ReadString(strings, U32(at + 4));
                uint auxOffset = U32(at + 8);
                uint next = U32(at + 12);

                long aux = at + auxOffset;
                for (int j = 0; j < count; j++)
                {
                    RequireWithin(aux, 16, end, $"a Vernaux entry of {library}");
                    uint hash = U32(aux);
                    ushort flags = U16(aux + 4);
                    ushort other = U16(aux + 6);
                    string name = ReadString(strings, U32(aux + 8));
                    uint auxNext = U32(aux + 12);
                    if (hash != ElfHash(name))
                        throw Fail($"Vernaux entry {name} of {library} has hash 0x{hash:x8}, expected 0x{ElfHash(name):x8}");
                    if ((flags & ~(ElfVersionRequirement.WeakFlag | 0x1)) != 0)
                        throw Fail($"Vernaux entry {name} of {library} has unknown flags 0x{flags:x4}");
                    result.Add(new ElfVersionRequirement(library, name, flags, other, aux + 4));
                    if (auxNext == 0)
                    {
                        if (j != count - 1) throw Fail($"Verneed entry for {library} announces {count} versions but lists {j + 1}");
                        break;
                    }
                    aux += auxNext;
                }

                if (next == 0)
                {
                    if (entry != verneed.Info - 1)
                        throw Fail($".gnu.version_r announces {verneed.Info} entries but lists {entry + 1}");
                    break;
                }
                at += next;
            }
            return result;
        }

        private IReadOnlyList<string> ReadVersionDefinitions()
        {
            var result = new List<string>();
            Section? verdef = Find(ShtGnuVerDef);
            if (verdef == null) return result;
            Section strings = Link(verdef);
            long at = verdef.Offset;
            long end = verdef.Offset + verdef.Size;
            for (uint entry = 0; entry < verdef.Info; entry++)
            {
                RequireWithin(at, 20, end, "a Verdef entry");
                ushort version = U16(at);
                if (version != 1) throw Fail($"Verdef entry at offset {at} has version {version}, expected 1");
                ushort count = U16(at + 6);
                uint auxOffset = U32(at + 12);
                uint next = U32(at + 16);
                if (count > 0)
                {
                    // The first Verdaux names the version itself; later ones name its parents.
                    RequireWithin(at + auxOffset, 8, end, "a Verdaux entry");
                    result.Add(ReadString(strings, U32(at + auxOffset)));
                }
                if (next == 0) break;
                at += next;
            }
            return result;
        }

        /// <summary>
        /// The loader reads version needs through DT_VERNEED, not through section headers: make sure
        /// both describe the same table before anything is changed.
        /// </summary>
        private void CheckAgainstDynamicSection(Section verneed)
        {
            Section? dynamic = Find(ShtDynamic);
            if (dynamic == null) throw Fail("the file has .gnu.version_r but no .dynamic section");
            ulong? address = null;
            ulong? count = null;
            for (long at = dynamic.Offset; at + 16 <= dynamic.Offset + dynamic.Size; at += 16)
            {
                long tag = (long)U64(at);
                ulong value = U64(at + 8);
                if (tag == DtNull) break;
                if (tag == DtVerNeed) address = value;
                if (tag == DtVerNeedNum) count = value;
            }
            if (address != verneed.Address || count != verneed.Info)
                throw Fail("DT_VERNEED/DT_VERNEEDNUM in .dynamic do not match the .gnu.version_r section header");
        }

        private Section? Find(uint type)
        {
            Section? found = null;
            foreach (Section s in _sections)
            {
                if (s.Type != type) continue;
                if (found != null) throw Fail($"more than one section of type 0x{type:x}");
                found = s;
            }
            return found;
        }

        private Section Link(Section s)
        {
            if (s.Link == 0 || s.Link >= _sections.Length) throw Fail($"section {s.Index} links to invalid section {s.Link}");
            Section target = _sections[s.Link];
            if (target.Type != 3) throw Fail($"section {s.Index} links to section {s.Link}, which is not a string table");
            return target;
        }

        private string ReadString(Section table, uint offset)
        {
            if (offset >= table.Size) throw Fail($"string offset {offset} is outside its string table");
            long start = table.Offset + offset;
            long end = table.Offset + table.Size;
            long at = start;
            while (at < end && _bytes[at] != 0) at++;
            if (at == end) throw Fail($"unterminated string at offset {start}");
            return Encoding.UTF8.GetString(_bytes, (int)start, (int)(at - start));
        }

        private void Require(long offset, long length, string what)
        {
            if (offset < 0 || length < 0 || offset > _bytes.Length || length > _bytes.Length - offset)
                throw Fail($"{what} (offset {offset}, {length} bytes) lies beyond the end of the {_bytes.Length}-byte file; the file is truncated or corrupt");
        }

        private void RequireWithin(long offset, long length, long end, string what)
        {
            if (offset < 0 || offset + length > end)
                throw Fail($"{what} at offset {offset} runs past the end of its section");
            Require(offset, length, what);
        }

        private ushort U16(long at) { Require(at, 2, "a field"); return BitConverter.ToUInt16(_bytes, (int)at); }

        private uint U32(long at) { Require(at, 4, "a field"); return BitConverter.ToUInt32(_bytes, (int)at); }

        private ulong U64(long at) { Require(at, 8, "a field"); return BitConverter.ToUInt64(_bytes, (int)at); }

        private ElfFormatException Fail(string problem) => new ElfFormatException($"{_name}: {problem}.");

        private sealed class Section
        {
            public Section(int index, uint type, ulong address, long offset, long size, uint link, uint info, long entrySize)
            {
                Index = index;
                Type = type;
                Address = address;
                Offset = offset;
                Size = size;
                Link = link;
                Info = info;
                EntrySize = entrySize;
            }

            public int Index { get; }
            public uint Type { get; }
            public ulong Address { get; }
            public long Offset { get; }
            public long Size { get; }
            public uint Link { get; }
            public uint Info { get; }
            public long EntrySize { get; }
        }
    }
}
