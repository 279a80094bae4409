"""Reference LCZ mapper written the usual Python way, for the mapping benchmark (benchmarks/README.md).

GDAL's Python bindings read the scene in blocks of rows, NumPy scales the digital numbers (DN / 10000, then the
model's normalisation) and cuts the sliding windows, PyTorch runs the twin of the saved model (lcz_pytorch.py) on the
weights exported with PyTorchWeights.Save, and GDAL writes the map as a Cloud Optimized GeoTIFF with the LCZ colours.
The geometry is the one Msmla documents (MapGeometry in src/Msmla.Data/Mapping): ceil(W / step) x ceil(H / step)
cells, cell (r, c) classified from the patch x patch window whose top-left pixel is
(r * step + step // 2 - patch // 2, c * step + step // 2 - patch // 2); windows that reach outside the scene or touch
nodata give nodata (0).

Made reasonably fast, not a straw man: BatchNorm folded into the convolutions (torch.fx's fuse), channels-last,
torch.inference_mode, batches of the same size as Msmla's predictor, each pixel scaled once per block (not once per
window), windows cut from a strided view with one gather copy per block, and the thread count set as on the Msmla side.

Usage: python3 python_mapper.py CARD.json SCENE.tif OUTPUT.tif
CARD.json (written by the benchmark): architecture, options, weights, twins, bands, shift, scale, divisor, offset,
patch, step, block_rows, batch, threads, colors. Prints one JSON line: wall and CPU seconds (process time, all threads)
from after the imports to the written map, the same CPU time by phase (read, cut, model, write), the cells, windows and
VmHWM (kB) of the process.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.fx.experimental.optimization as optimization
from numpy.lib.stride_tricks import sliding_window_view
from osgeo import gdal

gdal.UseExceptions()


def vm_hwm_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main():
    card_path, scene_path, output_path = sys.argv[1], sys.argv[2], sys.argv[3]
    # An optional fourth argument "bf16": the fused model cast to bfloat16, bfloat16 windows (as Msmla's BFloat16 precision).
    bf16 = len(sys.argv) > 4 and sys.argv[4] == "bf16"
    with open(card_path) as f:
        card = json.load(f)
    sys.path.insert(0, card["twins"])
    from lcz_pytorch import build

    torch.set_num_threads(card["threads"])
    wall, cpu = time.perf_counter(), time.process_time()

    # The model: the twin with the exported weights, BatchNorm folded, channels-last, eval.
    model = build(card["architecture"], card["options"])
    model.load_state_dict(torch.load(card["weights"]), strict=True)
    model.eval()
    model = optimization.fuse(model, inplace=False).to(memory_format=torch.channels_last)
    if bf16:
        model = model.to(torch.bfloat16)

    ds = gdal.Open(scene_path)
    width, height = ds.RasterXSize, ds.RasterYSize
    names = [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)]
    bands = [names.index(b) + 1 for b in card["bands"]]  # the model's band order, by name
    nodata = ds.GetRasterBand(bands[0]).GetNoDataValue()
    # raw = (DN - offset) / divisor (So2Sat: reflectance DN / 10000), then the model's normalisation (raw - shift) * scale.
    divisor, offset = np.float32(card["divisor"]), np.float32(card["offset"])
    shift = np.asarray(card["shift"], np.float32)[:, None, None]
    scale = np.asarray(card["scale"], np.float32)[:, None, None]

    step, patch, batch = card["step"], card["patch"], card["batch"]
    map_w, map_h = -(-width // step), -(-height // step)
    start = lambda cell: cell * step + step // 2 - patch // 2  # noqa: E731
    inside = lambda n, size: [i for i in range(n) if start(i) >= 0 and start(i) + patch <= size]  # noqa: E731
    rows_in, cols_in = inside(map_h, height), inside(map_w, width)
    c0, c1 = cols_in[0], cols_in[-1] + 1
    labels = np.zeros((map_h, map_w), np.uint8)
    block_map_rows = max(1, (card["block_rows"] - patch) // step + 1)
    windows_done = 0
    # Process CPU time by phase: reading, scaling and cutting, the model (forward and argmax), writing.
    phase = {"read": 0.0, "cut": 0.0, "model": 0.0, "write": 0.0}
    tick = time.process_time

    with torch.inference_mode():
        # Blocks of map rows as in Msmla (so the batches are the same), each read once with all its bands.
        for block in range(0, map_h, block_map_rows):
            b0 = max(block, rows_in[0])
            b1 = min(block + block_map_rows, rows_in[-1] + 1)
            if b0 >= b1:
                continue
            top, bottom = start(b0), start(b1 - 1) + patch
            left, right = start(c0), start(c1 - 1) + patch
            t0 = tick()
            dn = ds.ReadAsArray(left, top, right - left, bottom - top, band_list=bands)
            t1 = tick()
            phase["read"] += t1 - t0
            missing = (dn == nodata).any(axis=0) if nodata is not None else np.zeros(dn.shape[1:], bool)
            x = dn.astype(np.float32)
            if offset:
                x -= offset
            x /= divisor
            x -= shift
            x *= scale
            # (bands, rows, cols, patch, patch) views of every step-th window; no copy yet.
            view = sliding_window_view(x, (patch, patch), axis=(1, 2))[:, ::step, ::step]
            bad = sliding_window_view(missing, (patch, patch))[::step, ::step].any(axis=(2, 3))
            ri, ci = np.nonzero(~bad)
            # One gather: (n, bands, patch, patch), contiguous NCHW.
            windows = view.transpose(1, 2, 0, 3, 4)[ri, ci]
            t2 = tick()
            phase["cut"] += t2 - t1
            for s in range(0, len(ri), batch):
                xb = torch.from_numpy(windows[s:s + batch]).contiguous(memory_format=torch.channels_last)
                if bf16:
                    xb = xb.to(torch.bfloat16)
                predicted = model(xb).argmax(dim=1).numpy()
                labels[b0 + ri[s:s + batch], c0 + ci[s:s + batch]] = predicted + 1
            phase["model"] += tick() - t2
            windows_done += len(ri)

    t3 = tick()
    # The map: same origin and CRS, pixels step times larger; COG, Deflate, mode overviews, LCZ colour table.
    ox, px, rx, oy, ry, py = ds.GetGeoTransform()
    mem = gdal.GetDriverByName("MEM").Create("", map_w, map_h, 1, gdal.GDT_Byte)
    mem.SetGeoTransform((ox, px * step, rx * step, oy, ry * step, py * step))
    mem.SetProjection(ds.GetProjection())
    band = mem.GetRasterBand(1)
    band.WriteArray(labels)
    band.SetNoDataValue(0)
    table = gdal.ColorTable()
    table.SetColorEntry(0, (255, 255, 255, 255))
    for i, color in enumerate(card["colors"]):
        table.SetColorEntry(i + 1, (int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16), 255))
    band.SetRasterColorTable(table)
    gdal.GetDriverByName("COG").CreateCopy(output_path, mem, options=["COMPRESS=DEFLATE", "BLOCKSIZE=256", "OVERVIEW_RESAMPLING=MODE"])
    mem = None
    ds = None
    phase["write"] = tick() - t3

    print(json.dumps({
        "seconds": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "cells": map_w * map_h,
        "windows": windows_done,
        "hwm_kb": vm_hwm_kb(),
        "phases": phase,
        "torch": torch.__version__,
        "gdal": gdal.__version__,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
