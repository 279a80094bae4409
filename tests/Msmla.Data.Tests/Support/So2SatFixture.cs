using System;
using System.IO;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Support;

/// <summary>
/// So2Sat-layout files written by h5py with seeded random values, in several storage variants,
/// with the reference values numpy computes from the same arrays: float32 NCHW patches and 0-based labels.
/// </summary>
public sealed class So2SatFixture : IDisposable
{
    public const int Count = 37;
    private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();

    public So2SatFixture()
    {
        if (PythonPeer.Find("h5py", "numpy") == null) return;
        H5Py.Run(Script, _directory.Path, Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Available = true;
    }

    /// <summary>Whether h5py was found and the files exist (tests call <see cref="Require"/>).</summary>
    public bool Available { get; }

    public string Directory => _directory.Path;

    /// <summary>The path of a written file, or skips the test when h5py is absent.</summary>
    public string Require(string name)
    {
        H5Py.Require();
        // H5Py.Require found h5py, so the constructor (which looked for the same modules) wrote the files.
        if (!Available) throw new InvalidOperationException("h5py is available but the fixture files were not written.");
        return _directory.File(name);
    }

    /// <summary>Reference Sentinel-2 patches, float32 NCHW, all 10 bands.</summary>
    public float[] Sen2Nchw => RawArrays.Floats(Require("sen2_nchw.f32"));

    /// <summary>Reference Sentinel-1 patches, float32 NCHW, all 8 channels.</summary>
    public float[] Sen1Nchw => RawArrays.Floats(Require("sen1_nchw.f32"));

    /// <summary>Reference 0-based labels (numpy argmax of the one-hot rows).</summary>
    public int[] Labels => RawArrays.Ints(Require("labels.i32"));

    public void Dispose() => _directory.Dispose();

    private const string Script = """
out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(20240611)
sen1 = rng.normal(0.0, 1.0, size=(n, 32, 32, 8))
sen2 = rng.uniform(0.0, 0.6, size=(n, 32, 32, 10))
classes = rng.integers(0, 17, size=n)
label = np.zeros((n, 17)); label[np.arange(n), classes] = 1.0

def write(name, dtype=np.float64, **kw):
    with h5py.File(os.path.join(out, name), 'w') as f:
        f.create_dataset('sen1', data=sen1.astype(dtype), **kw)
        f.create_dataset('sen2', data=sen2.astype(dtype), **kw)
        f.create_dataset('label', data=label)

write('contiguous-f64.h5')
write('contiguous-f32.h5', np.float32)
write('chunked-f64.h5', chunks=(4, 8, 32, 2))
write('autochunk-f64.h5', chunks=True)
write('gzip-f64.h5', compression='gzip', compression_opts=4, chunks=(3, 16, 32, 2))
write('gzip-shuffle-f32.h5', np.float32, compression='gzip', shuffle=True, chunks=(5, 32, 32, 1))

# Version 4 geolocation sidecar: epsg N x 1, tfw N x 6, city N x 1 (names as fixed-length bytes).
cities = np.array([b'berlin', b'nairobi', b'sao_paulo'])[rng.integers(0, 3, size=n)].reshape(n, 1)
epsg = rng.choice([32633, 32737, 32723], size=(n, 1)).astype(np.int64)
tfw = rng.normal(size=(n, 6)) * 1000
with h5py.File(os.path.join(out, 'contiguous-f64_geo.h5'), 'w') as f:
    f.create_dataset('epsg', data=epsg)
    f.create_dataset('tfw', data=tfw)
    f.create_dataset('city', data=cities)
with h5py.File(os.path.join(out, 'numeric-city_geo.h5'), 'w') as f:
    f.create_dataset('epsg', data=epsg.astype(np.float64))
    f.create_dataset('tfw', data=tfw)
    f.create_dataset('city', data=np.arange(n).reshape(n, 1) % 4)
epsg.astype('<i8').tofile(os.path.join(out, 'epsg.i64'))
tfw.astype('<f8').tofile(os.path.join(out, 'tfw.f64'))
with open(os.path.join(out, 'cities.txt'), 'w') as f:
    f.write('\n'.join(c.decode() for c in cities[:, 0]))

sen2.astype('<f4').transpose(0, 3, 1, 2).copy().tofile(os.path.join(out, 'sen2_nchw.f32'))
sen1.astype('<f4').transpose(0, 3, 1, 2).copy().tofile(os.path.join(out, 'sen1_nchw.f32'))
label.argmax(axis=1).astype('<i4').tofile(os.path.join(out, 'labels.i32'))
""";
}
