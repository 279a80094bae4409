"""PyTorch side of the Msmla model benchmark.

Reads one JSON command per line on stdin and answers one JSON line on stdout:
  {"op": "train", "architecture": ..., "options": {...}, "batch": 32, "warmup": 2, "steps": 10, "channels_last": false}
  {"op": "phases", ...same as train...}: answers {"zero_grad": s, "forward": s, "backward": s, "step": s}, the fastest
      time of each phase over the timed steps
  {"op": "infer", "architecture": ..., "options": {...}, "batch": 256, "warmup": 1, "batches": 4, "variant": "eval"|"fused-cl"}
  Both take an optional "precision": "float32" (default), "bf16" (inference: the fx-fused channels-last model cast to
      bfloat16, bfloat16 input; what LczPredictor's BFloat16 does) or "autocast" (torch.autocast("cpu", dtype=torch.bfloat16)
      around the forward pass and the loss: PyTorch's mixed precision, float32 weights).
  {"op": "quit"}
Answers {"seconds": s} for the timed part only. Arguments: twins directory, thread count, clock ("wall" or "cpu":
process CPU time).
The networks come from lcz_pytorch.py, the PyTorch twins that the parity tests check against Msmla.
"""
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

# Answers go to the original stdout; everything else the process prints there (oneDNN's verbose mode, DNNL_VERBOSE=1)
# goes to stderr, so it cannot corrupt the protocol.
answers = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)

sys.path.insert(0, sys.argv[1])
from lcz_pytorch import build  # noqa: E402

torch.set_num_threads(int(sys.argv[2]))
torch.manual_seed(0)
clock = time.process_time if len(sys.argv) > 3 and sys.argv[3] == "cpu" else time.perf_counter


def loss_of(output, labels, probabilities):
    if probabilities:
        return F.nll_loss(output.clamp_min(1e-7).log(), labels)
    return F.cross_entropy(output, labels)


def training_setup(cmd):
    """The model in training mode (channels-last when asked), Adam, one fixed batch, and whether the output is probabilities."""
    o = cmd["options"]
    model = build(cmd["architecture"], o)
    model.train()
    if cmd["channels_last"]:
        model = model.to(memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(cmd["batch"], o["Bands"], o["PatchSize"], o["PatchSize"])
    y = torch.randint(0, o["Classes"], (cmd["batch"],))
    if cmd["channels_last"]:
        x = x.contiguous(memory_format=torch.channels_last)
    probabilities = cmd["architecture"] == "Sen2LczNetMf"
    return model, optimizer, x, y, probabilities


def train(cmd):
    model, optimizer, x, y, probabilities = training_setup(cmd)
    autocast = cmd.get("precision", "float32") == "autocast"

    def step():
        optimizer.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
            loss = loss_of(model(x).float(), y, probabilities)
        loss.backward()
        optimizer.step()

    for _ in range(cmd["warmup"]):
        step()
    start = clock()
    for _ in range(cmd["steps"]):
        step()
    return clock() - start


def phases(cmd):
    model, optimizer, x, y, probabilities = training_setup(cmd)
    best = [float("inf")] * 4
    for i in range(cmd["warmup"] + cmd["steps"]):
        t0 = clock()
        optimizer.zero_grad()
        t1 = clock()
        loss = loss_of(model(x), y, probabilities)
        t2 = clock()
        loss.backward()
        t3 = clock()
        optimizer.step()
        t4 = clock()
        if i >= cmd["warmup"]:
            best = [min(b, t) for b, t in zip(best, (t1 - t0, t2 - t1, t3 - t2, t4 - t3))]
    return {"zero_grad": best[0], "forward": best[1], "backward": best[2], "step": best[3]}


def fused(model):
    import torch.fx.experimental.optimization as optimization
    return optimization.fuse(model, inplace=False)


def infer(cmd):
    o = cmd["options"]
    model = build(cmd["architecture"], o)
    model.eval()
    channels_last = cmd["variant"] == "fused-cl"
    precision = cmd.get("precision", "float32")
    if channels_last:
        model = fused(model).to(memory_format=torch.channels_last)
    if precision == "bf16":
        model = model.to(torch.bfloat16)
    probabilities = cmd["architecture"] == "Sen2LczNetMf"
    n = cmd["batch"] * cmd["batches"]
    data = torch.randn(n, o["Bands"], o["PatchSize"], o["PatchSize"])
    out = torch.empty(n, o["Classes"]).numpy()

    def run_all(count):
        with torch.inference_mode():
            for b in range(count):
                xb = data[b * cmd["batch"]:(b + 1) * cmd["batch"]]
                if channels_last:
                    xb = xb.contiguous(memory_format=torch.channels_last)
                if precision == "bf16":
                    xb = xb.to(torch.bfloat16)
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "autocast"):
                    y = model(xb).float()
                p = y if probabilities else F.softmax(y, dim=1)
                out[b * cmd["batch"]:(b + 1) * cmd["batch"]] = p.numpy()

    run_all(cmd["warmup"])
    start = clock()
    run_all(cmd["batches"])
    return clock() - start


for line in sys.stdin:
    command = json.loads(line)
    if command["op"] == "quit":
        break
    if command["op"] == "phases":
        print(json.dumps(phases(command)), file=answers, flush=True)
        continue
    seconds = train(command) if command["op"] == "train" else infer(command)
    print(json.dumps({"seconds": seconds}), file=answers, flush=True)
