using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Msmla.Data.Tests.Support;
using Msmla.Hdf5;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Hdf5;

/// <summary>
/// The navigator reads group links itself (symbol tables, compact and dense link storage, version 1 and 2 object
/// headers with continuation blocks); h5py, through the HDF5 library, is the reference for what each link is and where
/// it leads. Loops and over-long link chains end in <see cref="Hdf5StructureException"/>, where HDF5 refuses them too.
/// </summary>
public sealed class Hdf5NavigatorTests : IClassFixture<Hdf5NavigatorTests.Files>
{
    private readonly Files _files;

    public Hdf5NavigatorTests(Files files)
    {
        _files = files;
    }

    [SkippableTheory]
    [InlineData("old-style.h5")]
    [InlineData("compact.h5")]
    [InlineData("dense.h5")]
    [InlineData("ordered.h5")]
    [InlineData("continued.h5")]
    [InlineData("userblock.h5")]
    public void Every_link_is_read_as_h5py_reads_it(string file)
    {
        string path = _files.Require(file);
        JsonElement reference = _files.Reference.GetProperty(file);
        using SafeFileHandle handle = File.OpenHandle(path);
        using Hdf5Navigator navigator = Hdf5Navigator.Open(path, handle, allowExternalFiles: false, refusalHint: "");
        foreach (JsonProperty group in reference.GetProperty("groups").EnumerateObject())
        {
            Hdf5Object found = navigator.Resolve(group.Name) ?? throw new InvalidOperationException($"{group.Name} not found");
            Assert.Equal(group.Value.GetProperty("addr").GetUInt64(), found.Address);
            Assert.Equal(Hdf5ObjectKind.Group, Hdf5Navigator.KindOf(found));
            var expected = group.Value.GetProperty("links").EnumerateArray()
                .Select(l => $"{l[0].GetString()} {l[1].GetString()} {l[2].GetString()} {l[3].GetString()}")
                .Order(StringComparer.Ordinal).ToArray();
            var actual = Hdf5Navigator.Children(found)
                .Select(c => $"{c.Name} {c.Link.Kind.ToString().ToLowerInvariant()} {Describe(c)} {c.Link.TargetFile ?? ""}")
                .Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, actual);
        }
        foreach (JsonProperty item in reference.GetProperty("objects").EnumerateObject())
        {
            Hdf5Object found = navigator.Resolve(item.Name) ?? throw new InvalidOperationException($"{item.Name} not found");
            Assert.Equal(item.Value.GetProperty("addr").GetUInt64(), found.Address);
            Assert.Equal(item.Value.GetProperty("kind").GetString(), Hdf5Navigator.KindOf(found).ToString());
        }
    }

    [SkippableTheory]
    [InlineData("loops.h5", "/sen2")]
    [InlineData("loops.h5", "/self")]
    [InlineData("loops.h5", "/g/a")]
    [InlineData("loops.h5", "/g/a/deeper")]
    [InlineData("loops.h5", "/chain20")]
    [InlineData("loops-latest.h5", "/sen2")]
    [InlineData("loops-latest.h5", "/g/a")]
    [InlineData("loops-latest.h5", "/chain20")]
    public void Soft_link_loops_and_chains_longer_than_HDF5_follows_are_refused(string file, string link)
    {
        string path = _files.Require(file);
        // HDF5 itself cannot resolve these paths (h5py: "too many links").
        Assert.Contains(link, _files.Reference.GetProperty(file).GetProperty("unresolvable").EnumerateArray().Select(e => e.GetString()));
        using SafeFileHandle handle = File.OpenHandle(path);
        using Hdf5Navigator navigator = Hdf5Navigator.Open(path, handle, allowExternalFiles: false, refusalHint: "");
        var e = Assert.Throws<Hdf5StructureException>(() => navigator.Resolve(link));
        Assert.Contains(link == "/chain20" ? "form a chain of more than 16 soft or external links" : "they form a loop", e.Message);
    }

    [SkippableFact]
    public void Listing_a_group_names_looping_and_dangling_links_as_leading_nowhere()
    {
        string path = _files.Require("loops.h5");
        using SafeFileHandle handle = File.OpenHandle(path);
        using Hdf5Navigator navigator = Hdf5Navigator.Open(path, handle, allowExternalFiles: false, refusalHint: "");
        var root = Hdf5Navigator.Children(navigator.Root).ToDictionary(c => c.Name);
        foreach (string looping in new[] { "sen2", "x", "self" })
        {
            Assert.Null(root[looping].Target);
            Assert.Contains("they form a loop", root[looping].Problem);
        }
        Assert.Null(root["chain20"].Target);
        Assert.Contains("more than HDF5 follows", root["chain20"].Problem);
        Assert.NotNull(root["end"].Target);
        Assert.NotNull(root["chain16"].Target);
        var g = Hdf5Navigator.Children(navigator.Resolve("/g")!.Value);
        Assert.All(g, c => Assert.Null(c.Target));

        string old = _files.Require("old-style.h5");
        using SafeFileHandle oldHandle = File.OpenHandle(old);
        using Hdf5Navigator oldNavigator = Hdf5Navigator.Open(old, oldHandle, allowExternalFiles: false, refusalHint: "");
        var links = Hdf5Navigator.Children(oldNavigator.Resolve("/g")!.Value).ToDictionary(c => c.Name);
        Assert.Equal("'dangling' is a soft link to '/nothing' that leads nowhere", links["dangling"].Problem);
        Assert.Contains("'away' is an external link to '/x' in the file 'other.h5'; links to other files are not followed", links["away"].Problem);
        Assert.Equal(oldNavigator.Resolve("/data"), links["soft"].Target);
        Assert.Equal(oldNavigator.Resolve("/g/d00"), links["relative"].Target);
    }

    [SkippableTheory]
    [InlineData("loops.h5")]
    [InlineData("loops-latest.h5")]
    public void A_chain_of_sixteen_soft_links_resolves_where_HDF5_resolves_it(string file)
    {
        string path = _files.Require(file);
        JsonElement reference = _files.Reference.GetProperty(file);
        using SafeFileHandle handle = File.OpenHandle(path);
        using Hdf5Navigator navigator = Hdf5Navigator.Open(path, handle, allowExternalFiles: false, refusalHint: "");
        Hdf5Object end = navigator.Resolve("/chain16") ?? throw new InvalidOperationException("not found");
        Assert.Equal(reference.GetProperty("chain16").GetUInt64(), end.Address);
    }

    [SkippableFact]
    public void A_hard_link_cycle_is_listed_without_end_of_recursion()
    {
        string path = _files.Require("cycle.h5");
        using SafeFileHandle handle = File.OpenHandle(path);
        using Hdf5Navigator navigator = Hdf5Navigator.Open(path, handle, allowExternalFiles: false, refusalHint: "");
        Hdf5Object g = navigator.Resolve("/g")!.Value;
        // g/loop is g itself: the same header address, as HDF5 reports.
        Assert.Equal(g, navigator.Resolve("/g/loop/loop/loop"));
        Assert.Equal(_files.Reference.GetProperty("cycle.h5").GetProperty("g").GetUInt64(), g.Address);
    }

    [SkippableFact]
    public void External_links_are_refused_unless_allowed_and_then_lead_where_HDF5_leads()
    {
        string path = _files.Require("external.h5");
        using SafeFileHandle handle = File.OpenHandle(path);
        using (Hdf5Navigator refusing = Hdf5Navigator.Open(path, handle, allowExternalFiles: false, refusalHint: ": allow them"))
        {
            var e = Assert.Throws<Hdf5StructureException>(() => refusing.Resolve("/linked"));
            Assert.Contains("'linked' is an external link to '/data' in the file 'target.h5'; links to other files are not followed: allow them", e.Message);
        }
        using Hdf5Navigator allowing = Hdf5Navigator.Open(path, handle, allowExternalFiles: true, refusalHint: "");
        Hdf5Object target = allowing.Resolve("/linked") ?? throw new InvalidOperationException("not found");
        Assert.EndsWith("target.h5", target.File.FilePath);
        Assert.Equal(_files.Reference.GetProperty("external.h5").GetProperty("target").GetUInt64(), target.Address);
        Assert.Null(allowing.Resolve("/missing-file"));
        var loop = Assert.Throws<Hdf5StructureException>(() => allowing.Resolve("/ping"));
        Assert.Contains("they form a loop", loop.Message);
    }

    private static string Describe(Hdf5Child child) => child.Link.Kind switch
    {
        Hdf5LinkKind.Hard => child.Link.Address.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => child.Link.Target ?? "",
    };

    /// <summary>The files, written by h5py, and h5py's view of them (JSON).</summary>
    public sealed class Files : IDisposable
    {
        private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();
        private readonly JsonElement? _reference;

        public Files()
        {
            if (PythonPeer.Find("h5py", "numpy") == null) return;
            using JsonDocument document = JsonDocument.Parse(H5Py.Run(Script, _directory.Path));
            _reference = document.RootElement.Clone();
        }

        public JsonElement Reference => _reference ?? throw new InvalidOperationException("The h5py files were not written.");

        public string Require(string name)
        {
            H5Py.Require();
            Requirement.Peer(_reference != null, "The h5py files were not written.", "python3-h5py");
            return _directory.File(name);
        }

        public void Dispose() => _directory.Dispose();

        private const string Script = """
out = sys.argv[1]
os.chdir(out)
addr = lambda o: h5py.h5o.get_info(o.id).addr
def links(g):
    result = []
    for name in g:
        l = g.get(name, getlink=True)
        if isinstance(l, h5py.HardLink):
            result.append([name, 'hard', str(addr(g[name])), ''])
        elif isinstance(l, h5py.SoftLink):
            result.append([name, 'soft', l.path, ''])
        else:
            result.append([name, 'external', l.path, l.filename])
    return result
def describe(f):
    groups, objects = {'/': {'addr': addr(f), 'links': links(f)}}, {}
    def visit(name, o):
        if isinstance(o, h5py.Group):
            groups['/' + name] = {'addr': addr(o), 'links': links(o)}
        objects['/' + name] = {'addr': addr(o), 'kind': 'Group' if isinstance(o, h5py.Group) else 'Dataset'}
    f.visititems(visit)
    return {'groups': groups, 'objects': objects}
def fill(f, n):
    f['data'] = np.arange(10.0)
    g = f.create_group('g')
    for i in range(n):
        g.create_dataset('d%02d' % i, data=np.full(i + 1, i, dtype=np.int16))
    g['soft'] = h5py.SoftLink('/data')
    g['relative'] = h5py.SoftLink('d00')
    g['dangling'] = h5py.SoftLink('/nothing')
    g['away'] = h5py.ExternalLink('other.h5', '/x')
    g.create_group('sub')['back'] = h5py.SoftLink('/g')
result = {}
def write(name, n, **kw):
    with h5py.File(name, 'w', **kw) as f:
        fill(f, n)
        if name == 'continued.h5':
            for i in range(40):
                f['g'].attrs['a%02d' % i] = np.arange(40.0) + i
            for i in range(5):
                f['g']['late%d' % i] = h5py.SoftLink('/g/d%02d' % i)
    with h5py.File(name, 'r') as f:
        result[name] = describe(f)
write('old-style.h5', 30)
write('compact.h5', 3, libver='latest')
write('dense.h5', 40, libver='latest')
write('ordered.h5', 20, track_order=True)
write('continued.h5', 4, libver='latest')
write('userblock.h5', 12, userblock_size=1024)

def unresolvable(f, paths):
    bad = []
    for p in paths:
        try:
            f[p]
        except (KeyError, RuntimeError):
            bad.append(p)
    return bad
for name, kw in [('loops.h5', {}), ('loops-latest.h5', {'libver': 'latest'})]:
    with h5py.File(name, 'w', **kw) as f:
        f['sen2'] = h5py.SoftLink('/x'); f['x'] = h5py.SoftLink('/sen2')
        f['self'] = h5py.SoftLink('/self')
        g = f.create_group('g')
        g['a'] = h5py.SoftLink('b'); g['b'] = h5py.SoftLink('a')
        f['end'] = np.arange(3)
        for i in range(20):
            f['c%02d' % i] = h5py.SoftLink('/c%02d' % (i + 1) if i < 19 else '/end')
        f['chain20'] = h5py.SoftLink('/c00')
        f['chain16'] = h5py.SoftLink('/c05')
    with h5py.File(name, 'r') as f:
        result[name] = {'unresolvable': unresolvable(f, ['/sen2', '/self', '/g/a', '/g/a/deeper', '/chain20', '/chain16']),
                        'chain16': addr(f['chain16'])}

with h5py.File('cycle.h5', 'w') as f:
    g = f.create_group('g'); g['loop'] = g
    f['label'] = np.eye(17)[:4]
with h5py.File('cycle.h5', 'r') as f:
    result['cycle.h5'] = {'g': addr(f['g'])}

with h5py.File('target.h5', 'w') as f:
    f['data'] = np.arange(5.0)
    f['pong'] = h5py.ExternalLink('external.h5', '/ping')
with h5py.File('external.h5', 'w') as f:
    f['linked'] = h5py.ExternalLink('target.h5', '/data')
    f['missing-file'] = h5py.ExternalLink('absent.h5', '/data')
    f['ping'] = h5py.ExternalLink('target.h5', '/pong')
with h5py.File('target.h5', 'r') as f:
    result['external.h5'] = {'target': addr(f['data'])}
print(json.dumps(result))
""";
    }
}
