namespace Msmla.Models.Tests.Architectures;

/// <summary>
/// The runner of the PyTorch parity check: imports the PyTorch twins (lcz_pytorch.py beside this file, written
/// independently from docs/models.md with the same module names), loads each case's exported weights strictly,
/// runs the input and writes the outputs (and running means for training-mode cases) as JSON.
/// Arguments: manifest path, results path, directory of lcz_pytorch.py.
/// </summary>
internal static class PyTorchArchitectures
{
    /// <summary>The name of the twins module file, in the same directory as this source file.</summary>
    public const string ModuleFile = "lcz_pytorch.py";

    public const string Script = """
import json, struct, sys
import numpy as np
import torch

sys.path.insert(0, sys.argv[3])
from lcz_pytorch import build

torch.set_num_threads(1)

def read_tensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<i", f.read(4))[0]
        header = json.loads(f.read(n).decode("utf-8"))
        blob = f.read()
    data = np.frombuffer(blob, dtype="<f4")
    out = {}
    for t in header["tensors"]:
        count = int(np.prod(t["shape"])) if t["shape"] else 1
        out[t["name"]] = torch.from_numpy(data[t["offset"]:t["offset"] + count].copy()).reshape(t["shape"])
    return header, out

manifest = json.load(open(sys.argv[1]))
results = {}
for case in manifest["cases"]:
    header, tensors = read_tensors(case["file"])
    model = build(case["architecture"], case["options"])
    state = {k: v for k, v in tensors.items() if not k.startswith("input.")}
    for k, v in model.state_dict().items():
        if k.endswith("num_batches_tracked") and k not in state:
            state[k] = v
        elif k in state and v.dtype != state[k].dtype:
            state[k] = state[k].to(v.dtype)
    model.load_state_dict(state, strict=True)
    model.train(case["training"])
    x = tensors["input.x"]
    with torch.no_grad():
        y = model(x)
    entry = {"output": y.reshape(-1).tolist(), "shape": list(y.shape)}
    if case["training"]:
        entry["running_mean"] = {k: v.reshape(-1).tolist() for k, v in model.state_dict().items() if k.endswith("running_mean")}
    results[case["name"]] = entry
json.dump(results, open(sys.argv[2], "w"))
print("ok", len(results))
""";
}
