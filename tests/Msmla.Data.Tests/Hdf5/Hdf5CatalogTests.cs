using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Msmla.Data.Hdf5;
using Msmla.Data.Tests.Support;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Hdf5;

public sealed class Hdf5CatalogTests
{
    /// <summary>h5py's view of a file: every object (path, kind, shape, dtype) and every attribute (values as lists).</summary>
    private const string ListScript = """
def value(v):
    a = np.asarray(v)
    if a.dtype.kind in 'SUO':
        return {'text': [x.decode() if isinstance(x, bytes) else str(x) for x in a.reshape(-1)]}
    return {'numbers': [float(x) for x in a.reshape(-1)]}
def attrs(o):
    return {k: dict(value(o.attrs[k]), shape=list(o.attrs.get_id(k).shape)) for k in o.attrs}
out = {'/': {'kind': 'Group', 'attrs': attrs(f)}} if (f := h5py.File(sys.argv[1], 'r')) else {}
def visit(name, o):
    if isinstance(o, h5py.Dataset):
        out['/' + name] = {'kind': 'Dataset', 'shape': list(o.shape), 'dtype': str(o.dtype), 'attrs': attrs(o)}
    else:
        out['/' + name] = {'kind': 'Group', 'attrs': attrs(o)}
f.visititems(visit)
print(json.dumps(out))
""";

    [SkippableFact]
    public void The_Keras_weight_file_is_traversed_as_h5py_sees_it()
    {
        string path = TestPaths.RequireSharedAsset("sen2lcz-net-mf.keras-weights.h5");
        Hdf5Node root = Hdf5Catalog.Read(path);
        Hdf5Node[] all = root.Descendants().ToArray();

        // Independent facts from the asset's README: 793,348 values in all; the root lists the Keras layers.
        Assert.Equal(793_348L, all.Where(n => n.Kind == Hdf5NodeKind.Dataset).Sum(n => (long)n.Shape!.Aggregate(1UL, (a, b) => a * b)));
        Hdf5Attribute layers = root.Attributes.Single(a => a.Name == "layer_names");
        Assert.Equal("input_1", layers.Text![0]);
        Assert.Contains("conv2d_16", layers.Text);
        Assert.Contains("dense_5", layers.Text);
        Assert.Equal("2.1.5", root.Attributes.Single(a => a.Name == "keras_version").Text!.Single());
        Hdf5Node kernel = all.Single(n => n.Path == "/conv2d_1/conv2d_1/kernel:0");
        Assert.Equal(new ulong[] { 3, 3, 10, 16 }, kernel.Shape);
        Assert.Equal("float32", kernel.ElementType);

        H5Py.Require();
        CompareWithH5Py(path, root);
    }

    [SkippableFact]
    public void Groups_datasets_and_attributes_of_every_kind_match_h5py()
    {
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        string path = dir.File("mixed.h5");
        H5Py.Run("""
with h5py.File(sys.argv[1], 'w') as f:
    f.attrs['title'] = 'So2Sat-like'
    f.attrs['version'] = np.int32(3)
    f.attrs['bands'] = np.array([b'B2', b'B3', b'B4'])
    f.attrs['scale'] = np.array([0.5, 2.0], dtype=np.float32)
    g = f.create_group('0'); g.attrs['date'] = np.uint16(2021)
    g.create_dataset('sen2', data=np.zeros((2, 4, 4, 3)), chunks=(1, 4, 4, 3), compression='gzip')
    g2 = f.create_group('meta/nested'); g2.attrs['ids'] = np.arange(5, dtype=np.int64)
    d = f.create_dataset('label', data=np.eye(3, dtype=np.float32)); d.attrs['classes'] = np.int8(3)
    f.create_dataset('city', data=np.array([b'a', b'bb']))
""", path);
        Hdf5Node root = Hdf5Catalog.Read(path);
        CompareWithH5Py(path, root);
        Assert.Equal(new[] { "B2", "B3", "B4" }, root.Attributes.Single(a => a.Name == "bands").Text);
        Assert.Equal(new[] { 0.5, 2.0 }, root.Attributes.Single(a => a.Name == "scale").Numbers);
        Assert.Equal("/meta/nested", root.Descendants().Single(n => n.Name == "nested").Path);
    }

    [SkippableFact]
    public void Link_cycles_and_loops_are_listed_once_and_end()
    {
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        string path = dir.File("loops.h5");
        H5Py.Run("""
with h5py.File(sys.argv[1], 'w') as f:
    g = f.create_group('g'); g['loop'] = g; g.attrs['note'] = 'cycle'
    f['sen2'] = h5py.SoftLink('/x'); f['x'] = h5py.SoftLink('/sen2')
    f['label'] = np.eye(17)[:4]
    f['alias'] = h5py.SoftLink('/label')
    f['away'] = h5py.ExternalLink('other.h5', '/y')
""", path);
        Hdf5Node root = Hdf5Catalog.Read(path);
        var nodes = root.Descendants().ToDictionary(n => n.Path);
        Assert.Equal(new[] { "/", "/alias", "/away", "/g", "/g/loop", "/label", "/sen2", "/x" }, nodes.Keys.Order(StringComparer.Ordinal));
        // The group is expanded once; reached again through its own link it is listed without children.
        Assert.Equal(Hdf5NodeKind.Group, nodes["/g/loop"].Kind);
        Assert.Empty(nodes["/g/loop"].Children);
        Assert.Equal("cycle", nodes["/g/loop"].Attributes.Single().Text!.Single());
        Assert.Equal(Hdf5NodeKind.Other, nodes["/sen2"].Kind);
        Assert.Equal(Hdf5NodeKind.Other, nodes["/x"].Kind);
        Assert.Equal(Hdf5NodeKind.Other, nodes["/away"].Kind);
        Assert.Equal(new ulong[] { 4, 17 }, nodes["/alias"].Shape);
    }

    [Fact]
    public void A_file_that_is_not_HDF5_fails_clearly()
    {
        using TemporaryDirectory dir = TestPaths.CreateTemporaryDirectory();
        System.IO.File.WriteAllText(dir.File("x.h5"), "not hdf5");
        Assert.Contains("not an HDF5 file", Assert.Throws<PatchDataException>(() => Hdf5Catalog.Read(dir.File("x.h5"))).Message);
    }

    private static void CompareWithH5Py(string path, Hdf5Node root)
    {
        using JsonDocument h5py = JsonDocument.Parse(H5Py.Run(ListScript, path));
        Dictionary<string, Hdf5Node> ours = root.Descendants().ToDictionary(n => n.Path);
        var theirs = h5py.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(theirs.Keys.Order(), ours.Keys.Order());
        foreach ((string name, JsonElement expected) in theirs)
        {
            Hdf5Node node = ours[name];
            Assert.Equal(expected.GetProperty("kind").GetString(), node.Kind.ToString());
            if (node.Kind == Hdf5NodeKind.Dataset)
            {
                Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetUInt64()), node.Shape!);
                string dtype = expected.GetProperty("dtype").GetString()!;
                Assert.Equal(dtype.StartsWith("|S", StringComparison.Ordinal) || dtype == "object" ? "string" : dtype, node.ElementType);
            }
            var attributes = expected.GetProperty("attrs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            Assert.Equal(attributes.Keys.Order(), node.Attributes.Select(a => a.Name).Order());
            foreach (Hdf5Attribute attribute in node.Attributes)
            {
                JsonElement value = attributes[attribute.Name];
                Assert.Equal(value.GetProperty("shape").EnumerateArray().Select(e => e.GetUInt64()), attribute.Shape);
                if (value.TryGetProperty("text", out JsonElement text))
                    Assert.Equal(text.EnumerateArray().Select(e => e.GetString()), attribute.Text!);
                else
                    Assert.Equal(value.GetProperty("numbers").EnumerateArray().Select(e => e.GetDouble()), attribute.Numbers!);
            }
        }
    }
}
