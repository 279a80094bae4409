using System;
using System.Text.Json;
using Msmla.Core.Preprocessing;
using Msmla.Core.Runtime;
using Msmla.Data.Classification;
using Msmla.Data.Mapping;
using Msmla.Data.Synthetic;
using Msmla.Data.Tests.Support;
using Msmla.Models;
using Msmla.Models.Inference;
using Msmla.Tests.Shared;

namespace Msmla.Data.Tests.Mapping;

/// <summary>
/// A small synthetic scene (uint16, bands B2..B12, nodata corner) and a saved Sen2LCZ-Net for 16 x 16 windows whose input
/// pipeline reads the bands in reverse order with the So2Sat statistics, so that a map exercises the whole pipeline.
/// </summary>
public sealed class MapFixture : IDisposable
{
    public static readonly string[] Reversed = { "B12", "B11", "B8A", "B8", "B7", "B6", "B5", "B4", "B3", "B2" };

    private readonly TemporaryDirectory _directory = TestPaths.CreateTemporaryDirectory();

    public MapFixture()
    {
        SceneOptions = new SyntheticSceneOptions { Seed = 4, Width = 173, Height = 127, TileSize = 16, RegionColumns = 3, RegionRows = 2 };
        Scene = File("scene.tif");
        SyntheticLczScene.Write(Scene, SceneOptions);
        using LczModel model = LczModels.Create(LczArchitecture.Sen2LczNet, new LczModelOptions { PatchSize = 16, Seed = 7 });
        Model = File("model.dat");
        LczModels.Save(model, Model, new InputPipeline { Bands = Reversed, PatchSize = 16 }.WithNormalization(NormalizationOptions.So2SatStatistics));
    }

    public SyntheticSceneOptions SceneOptions { get; }

    public string Scene { get; }

    public string Model { get; }

    public string File(string name) => _directory.File(name);

    internal TemporaryDirectory NewDirectory() => TestPaths.CreateTemporaryDirectory();

    public LczClassifier Classifier(InferencePrecision precision = InferencePrecision.Float32) =>
        LczClassifier.Open(Model, new LczClassifierOptions { Prediction = new PredictionOptions { Device = ComputeDevice.Cpu, BatchSize = 64, Precision = precision } });

    /// <summary>
    /// The windows of every cell cut from <paramref name="scene"/> with GDAL and NumPy as the map's documentation says
    /// (nodata edges or NumPy's reflect padding; windows touching nodata dropped), as reflectance (DN - offset) / 10000
    /// in So2Sat's band order, written to an HDF5 file in the So2Sat layout; returns the cell of each window and the map size.
    /// </summary>
    public static (int[] Cells, int MapWidth, int MapHeight) CutWindows(string scene, string h5, int step, int patch, bool reflect, double offset)
    {
        string output = PythonPeer.Run(PythonPeer.Require("osgeo.gdal", "numpy", "h5py"), """
import sys, json
import numpy as np, h5py
from osgeo import gdal
gdal.UseExceptions()
scene, out, step, patch, reflect, offset = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == 'reflect', float(sys.argv[6])
ds = gdal.Open(scene)
names = [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)]
assert names == ['B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B8A', 'B11', 'B12'], names
dn = ds.ReadAsArray().astype(np.float64)
nodata = ds.GetRasterBand(1).GetNoDataValue()
missing = np.any(dn == nodata, axis=0) if nodata is not None else np.zeros(dn.shape[1:], bool)
reflectance = (dn - offset) / 10000.0
B, H, W = dn.shape
pad = patch
if reflect:
    reflectance = np.pad(reflectance, ((0, 0), (pad, pad), (pad, pad)), mode='reflect')
    missing = np.pad(missing, ((pad, pad), (pad, pad)), mode='reflect')
else:
    reflectance = np.pad(reflectance, ((0, 0), (pad, pad), (pad, pad)), mode='constant')
    missing = np.pad(missing, ((pad, pad), (pad, pad)), mode='constant', constant_values=True)
mh, mw = -(-H // step), -(-W // step)
windows, cells = [], []
for r in range(mh):
    for c in range(mw):
        top, left = r * step + step // 2 - patch // 2, c * step + step // 2 - patch // 2
        if not reflect and (top < 0 or left < 0 or top + patch > H or left + patch > W):
            continue
        if missing[top + pad:top + pad + patch, left + pad:left + pad + patch].any():
            continue
        windows.append(reflectance[:, top + pad:top + pad + patch, left + pad:left + pad + patch])
        cells.append(r * mw + c)
with h5py.File(out, 'w') as f:
    f['sen2'] = np.stack(windows).transpose(0, 2, 3, 1).astype(np.float32)
print(json.dumps({'cells': cells, 'width': mw, 'height': mh}))
""", scene, h5, step.ToString(), patch.ToString(), reflect ? "reflect" : "nodata", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using JsonDocument json = JsonDocument.Parse(output);
        int[] cells = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(json.RootElement.GetProperty("cells").EnumerateArray(), e => e.GetInt32()));
        return (cells, json.RootElement.GetProperty("width").GetInt32(), json.RootElement.GetProperty("height").GetInt32());
    }

    public void Dispose() => _directory.Dispose();
}
