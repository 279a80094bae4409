"""Training steps of an LCZ network in PyTorch, the reference for the trainer's step (TrainingStepParityTests,
ClassWeightTests, LearningRateScheduleTests).

Usage: training_step.py <case.json> <inputs.bin> <results.bin> <directory of lcz_pytorch.py>

The case names the architecture, its resolved options, the optimizer and the loss; inputs.bin holds the initial
state dict (float64, int64 for num_batches_tracked), the batch "input.x" (the float32 values the trainer reads) and
"input.y" (0-based labels). In float64 the script builds the PyTorch twin (lcz_pytorch.py, written from the model
documentation), loads the state strictly and, for each learning rate in the case's "learningRates" (one step by
default), runs forward in training mode on the whole batch, the loss, backward and an optimizer step with that rate. It
writes "loss" (one per step), "grad.<name>" for every parameter (of the last step) and "state.<name>" for every
parameter and buffer after the last step.

The loss and the optimizers, written from their definitions:
- logits: PyTorch's F.cross_entropy(weight=w) (weighted mean sum(w_y l) / sum(w_y)) or, for Keras' sample weights,
  mean(w_y l) with F.cross_entropy(reduction="none").
- probabilities (Sen2LCZ-Net-MF): Keras' categorical_crossentropy on probabilities: p / sum(p), clipped to
  [1e-7, 1 - 1e-7], then the negative log-likelihood (F.nll_loss with the same weights).
- Adam, AdamW, SGD: torch.optim's own.
- Nadam: PyTorch 1.13's NAdam multiplies mu_t into the next momentum product twice (mu_product_next =
  mu_product * mu * mu_next), a departure from its own documented algorithm that PyTorch 2 fixed. The reference is
  therefore that documented algorithm, which is also Keras' Nadam (schedule_decay = momentum_decay), written out below
  on the gradients PyTorch's autograd computed.
Files: int32 header length, JSON header {"tensors": [{"name", "dtype" (f8, f4, i8), "shape", "offset" (bytes)}]}, data.
"""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, sys.argv[4])
from lcz_pytorch import build  # noqa: E402

torch.set_num_threads(1)
DTYPES = {"f8": np.float64, "f4": np.float32, "i8": np.int64}


def read_tensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<i", f.read(4))[0]
        header = json.loads(f.read(n).decode("utf-8"))
        blob = f.read()
    out = {}
    for t in header["tensors"]:
        dtype = np.dtype(DTYPES[t["dtype"]]).newbyteorder("<")
        count = int(np.prod(t["shape"])) if t["shape"] else 1
        values = np.frombuffer(blob, dtype=dtype, count=count, offset=t["offset"]).copy()
        out[t["name"]] = torch.from_numpy(values).reshape(t["shape"])
    return out


def write_tensors(path, tensors):
    header, chunks, offset = [], [], 0
    for name, t in tensors.items():
        a = t.detach().contiguous().numpy()
        code = "i8" if a.dtype == np.int64 else "f8"
        a = a.astype("<i8" if code == "i8" else "<f8")
        header.append({"name": name, "dtype": code, "shape": list(a.shape), "offset": offset})
        chunks.append(a.tobytes())
        offset += a.nbytes
    head = json.dumps({"tensors": header}).encode("utf-8")
    with open(path, "wb") as f:
        f.write(struct.pack("<i", len(head)))
        f.write(head)
        for c in chunks:
            f.write(c)


def loss_of(output, y, case):
    loss = case["loss"]
    weights = loss["classWeights"]
    w = torch.tensor(weights, dtype=torch.float64) if weights is not None else None
    if case["outputKind"] == "Logits":
        if w is None:
            return F.cross_entropy(output, y)
        if loss["reduction"] == "WeightedMean":
            return F.cross_entropy(output, y, weight=w)
        return (F.cross_entropy(output, y, reduction="none") * w[y]).mean()
    # Keras' categorical_crossentropy on probabilities.
    p = output / output.sum(dim=1, keepdim=True)
    logp = torch.log(p.clamp(1e-7, 1.0 - 1e-7))
    if w is None:
        return F.nll_loss(logp, y)
    if loss["reduction"] == "WeightedMean":
        return F.nll_loss(logp, y, weight=w)
    return (F.nll_loss(logp, y, reduction="none") * w[y]).mean()


def nadam_first_step(parameters, o):
    """The documented NAdam (= Keras Nadam), step t = 1 from zero moments, without weight decay."""
    assert o["WeightDecay"] == 0, "the written-out Nadam has no weight decay"
    lr, b1, b2, eps, decay = o["LearningRate"], o["Beta1"], o["Beta2"], o["Epsilon"], o["MomentumDecay"]
    t = 1
    mu = b1 * (1 - 0.5 * 0.96 ** (t * decay))
    mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * decay))
    product = mu  # prod_{i <= t} mu_i
    with torch.no_grad():
        for p in parameters:
            if p.grad is None:
                continue
            g = p.grad
            m = (1 - b1) * g
            v = (1 - b2) * g * g
            m_bar = mu_next * m / (1 - product * mu_next) + (1 - mu) * g / (1 - product)
            p.sub_(lr * m_bar / (torch.sqrt(v / (1 - b2 ** t)) + eps))


def make_optimizer(params, o):
    kind = o["Kind"]
    if kind == "Adam":
        return torch.optim.Adam(params, lr=o["LearningRate"], betas=(o["Beta1"], o["Beta2"]), eps=o["Epsilon"],
                                weight_decay=o["WeightDecay"], amsgrad=o["AmsGrad"])
    if kind == "AdamW":
        return torch.optim.AdamW(params, lr=o["LearningRate"], betas=(o["Beta1"], o["Beta2"]), eps=o["Epsilon"],
                                 weight_decay=o["WeightDecay"], amsgrad=o["AmsGrad"])
    if kind == "Sgd":
        return torch.optim.SGD(params, lr=o["LearningRate"], momentum=o["Momentum"], nesterov=o["Nesterov"],
                               weight_decay=o["WeightDecay"])
    raise ValueError(kind)


def main():
    case = json.load(open(sys.argv[1]))
    tensors = read_tensors(sys.argv[2])
    model = build(case["architecture"], case["options"]).double()
    state = {k: v for k, v in tensors.items() if not k.startswith("input.")}
    model.load_state_dict(state, strict=True)
    model.train()
    x = tensors["input.x"].to(torch.float64)
    y = tensors["input.y"].to(torch.int64)

    o = case["optimizer"]
    rates = case.get("learningRates") or [o["LearningRate"]]
    params = list(model.parameters())
    nadam = o["Kind"] == "Nadam"
    assert not nadam or len(rates) == 1, "the written-out Nadam is the first step only"
    opt = None if nadam else make_optimizer(params, o)
    losses, results = [], {}
    for rate in rates:
        output = model(x)
        loss = loss_of(output, y, case)
        model.zero_grad(set_to_none=True)
        loss.backward()
        losses.append(loss.detach().item())
        if nadam:
            nadam_first_step(params, dict(o, LearningRate=rate))
        else:
            for group in opt.param_groups:
                group["lr"] = rate
            opt.step()
    results["loss"] = torch.tensor(losses, dtype=torch.float64)
    for name, p in model.named_parameters():
        if p.grad is not None:
            results["grad." + name] = p.grad.clone()
    for name, t in model.state_dict().items():
        results["state." + name] = t
    write_tensors(sys.argv[3], results)
    print("ok", len(results))


main()
