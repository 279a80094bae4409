"""Independent reference of the Keras originals, written from the released Keras code's structure (and
shared/docs/models.md), not from Msmla's C#: NHWC float64 numpy forward passes that use Keras' own weight layouts
directly (HWIO kernels through im2col, (in, out) Dense kernels, Keras' Flatten order), and Keras' automatic layer
naming (a per-class counter, consumed also by layers whose output the code discards and which Keras therefore does
not save).

A model function runs like the Keras code: every layer call takes its weights from a WeightSource, which either draws
random weights (and records them for writing a Keras-layout file) or reads them from a Keras .h5 file by name."""
import h5py
import numpy as np

BN_EPSILON = 1e-3


class Namer:
    """Keras' automatic names: keras 2.1 style 'conv2d_1', 'conv2d_2', ...; tf.keras style 'conv2d', 'conv2d_1', ..."""

    def __init__(self, tf_keras=False):
        self.counts = {}
        self.tf_keras = tf_keras

    def __call__(self, stem):
        n = self.counts.get(stem, 0)
        self.counts[stem] = n + 1
        if self.tf_keras:
            return stem if n == 0 else f"{stem}_{n}"
        return f"{stem}_{n + 1}"


class RandomWeights:
    """Draws weights (He-scaled normals; BatchNorm statistics around realistic values) and records them in creation order."""

    def __init__(self, seed, tf_keras=False):
        self.rng = np.random.default_rng(seed)
        self.namer = Namer(tf_keras)
        self.layers = []  # (name, [(role, array)]) in creation order

    def conv(self, name, k, cin, cout, bias=True):
        w = [("kernel", self.rng.normal(0, np.sqrt(2.0 / (k * k * cin)), (k, k, cin, cout)).astype(np.float32))]
        if bias:
            w.append(("bias", self.rng.normal(0, 0.1, cout).astype(np.float32)))
        return self._add(name, w)

    def dense(self, name, cin, cout):
        return self._add(name, [("kernel", self.rng.normal(0, np.sqrt(2.0 / cin), (cin, cout)).astype(np.float32)),
                                ("bias", self.rng.normal(0, 0.1, cout).astype(np.float32))])

    def bn(self, name, c):
        return self._add(name, [("gamma", self.rng.uniform(0.5, 1.5, c).astype(np.float32)),
                                ("beta", self.rng.normal(0, 0.2, c).astype(np.float32)),
                                ("moving_mean", self.rng.normal(0, 0.5, c).astype(np.float32)),
                                ("moving_variance", self.rng.uniform(0.5, 2.0, c).astype(np.float32))])

    def _add(self, name, weights):
        self.layers.append((name, weights))
        return {role: a.astype(np.float64) for role, a in weights}


class FileWeights:
    """Reads weights by layer name from a Keras save_weights .h5 file."""

    def __init__(self, path, tf_keras=False):
        self.namer = Namer(tf_keras)
        self.weights = {}
        with h5py.File(path, "r") as f:
            for layer in f.attrs["layer_names"]:
                layer = layer.decode("utf8")
                g = f[layer]
                self.weights[layer] = {wn.decode("utf8").split("/")[-1].split(":")[0]: np.array(g[wn.decode("utf8")], dtype=np.float64)
                                       for wn in g.attrs["weight_names"]}
        self.used = set()

    def _get(self, name, roles):
        w = self.weights[name]
        assert set(w) == set(roles), (name, sorted(w), roles)
        self.used.add(name)
        return w

    def conv(self, name, k, cin, cout, bias=True):
        w = self._get(name, ["kernel", "bias"] if bias else ["kernel"])
        assert w["kernel"].shape == (k, k, cin, cout), (name, w["kernel"].shape)
        return w

    def dense(self, name, cin, cout):
        w = self._get(name, ["kernel", "bias"])
        assert w["kernel"].shape == (cin, cout), (name, w["kernel"].shape)
        return w

    def bn(self, name, c):
        return self._get(name, ["gamma", "beta", "moving_mean", "moving_variance"])


# ---- Keras layers on NHWC float64 arrays ----

def conv2d(src, x, filters, k, stride=1, padding="same", bias=True, name=None):
    name = name or src.namer("conv2d")
    w = src.conv(name, k, x.shape[-1], filters, bias)
    n, h, wd, c = x.shape
    if padding == "same" and k > 1:
        assert stride == 1, "this reference pads only stride-1 'same' convolutions symmetrically"
        p = k // 2
        x = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
    oh = (x.shape[1] - k) // stride + 1
    ow = (x.shape[2] - k) // stride + 1
    # im2col in Keras' kernel order (row, column, input channel): no kernel transposition needed.
    cols = np.stack([x[:, dy:dy + stride * (oh - 1) + 1:stride, dx:dx + stride * (ow - 1) + 1:stride, :]
                     for dy in range(k) for dx in range(k)], axis=3)
    y = cols.reshape(n, oh, ow, k * k * c) @ w["kernel"].reshape(k * k * c, filters)
    return y + w["bias"] if bias else y


def batch_norm(src, x, name=None):
    name = name or src.namer("batch_normalization")
    w = src.bn(name, x.shape[-1])
    return w["gamma"] * (x - w["moving_mean"]) / np.sqrt(w["moving_variance"] + BN_EPSILON) + w["beta"]


def dense(src, x, units, name=None, save=True):
    name = name or src.namer("dense")
    if not save:  # created by the code, output discarded: Keras numbers it but does not save it
        return None
    w = src.dense(name, x.shape[-1], units)
    return x @ w["kernel"] + w["bias"]


def relu(x):
    return np.maximum(x, 0)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def max_pool(x):
    n, h, w, c = x.shape
    return x[:, :h // 2 * 2, :w // 2 * 2].reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def avg_pool(x):
    n, h, w, c = x.shape
    return x[:, :h // 2 * 2, :w // 2 * 2].reshape(n, h // 2, 2, w // 2, 2, c).mean(axis=(2, 4))


def gap(x):
    return x.mean(axis=(1, 2))


# ---- the models ----

def sen2lcz(src, x, classes=17, widths=(16, 32, 64, 128), depths=(4, 4, 4, 4), fusion=True):
    """sen2LCZ_drop (benchmark-on-So2SatLCZ42): blocks of [conv3x3, BN, ReLU]; max+avg pool concat between blocks;
    with fusion a softmax head after each pooled output, and the released code's creation order of the heads
    (the last pooled head is created once unused before the final head and once after it). Returns the averaged
    probabilities with fusion, the logits without."""
    heads = []
    blocks = len(widths)
    for b in range(blocks):
        for _ in range(depths[b]):
            x = relu(batch_norm(src, conv2d(src, x, widths[b], 3)))
        if b == blocks - 1:
            break
        x = np.concatenate([max_pool(x), avg_pool(x)], axis=-1)  # dropout: identity at inference
        if fusion:
            last_pooled = b == blocks - 2
            heads.append(None if last_pooled else softmax(dense(src, gap(x), classes)))
            if last_pooled:
                dense(src, gap(x), classes, save=False)
                pooled_last = x
    out = dense(src, gap(x), classes)
    if not fusion:
        return out  # Sen2LCZ-Net without fusion: logits (Keras applies the softmax in the same Dense)
    final = softmax(out)
    heads[-1] = softmax(dense(src, gap(pooled_last), classes))
    return (final + sum(heads)) / (len(heads) + 1)


def rosentreter_cnn(src, x, classes=17, widths=(16, 32, 64, 128), hidden=256):
    """The reconstructed CNN as a Keras Sequential model: [conv3x3, BN, ReLU, maxpool] x 4, Flatten (NHWC order),
    Dense(hidden, relu), Dense(classes). Returns logits (before the softmax)."""
    for w in widths:
        x = max_pool(relu(batch_norm(src, conv2d(src, x, w, 3))))
    x = x.reshape(x.shape[0], -1)
    x = relu(dense(src, x, hidden))
    return dense(src, x, classes)


def _cbam(src, x, ratio=8):
    """The released CBAM: channel attention a = ReLU(D2(ReLU(D1(avg)))), b = ReLU(D4(a)) (D3, on avg, is discarded),
    scale sigmoid(a + b); spatial attention conv7x7([mean_c, max_c]) without bias."""
    c = x.shape[-1]
    avg = gap(x)
    a = relu(dense(src, avg, c // ratio))
    a = relu(dense(src, a, c))
    dense(src, a, c // ratio, save=False)
    b = relu(dense(src, a, c))
    x = x * sigmoid(a + b)[:, None, None, :]
    s = np.concatenate([x.mean(axis=-1, keepdims=True), x.max(axis=-1, keepdims=True)], axis=-1)
    s = sigmoid(conv2d(src, s, 1, 7, bias=False))
    return x * s


def _se(src, x, ratio=8):
    c = x.shape[-1]
    s = relu(dense(src, gap(x), c // ratio))
    s = sigmoid(dense(src, s, c))
    return x * s[:, None, None, :]


def _block(src, x, width, stage, block, stride, projection, bottleneck):
    base_c, base_b = f"res{stage}{block}_branch", f"bn{stage}{block}_branch"
    shortcut = x
    if bottleneck:
        y = relu(batch_norm(src, conv2d(src, x, width, 1, stride, "valid", name=base_c + "2a"), base_b + "2a"))
        y = relu(batch_norm(src, conv2d(src, y, width, 3, name=base_c + "2b"), base_b + "2b"))
        y = batch_norm(src, conv2d(src, y, width * 4, 1, name=base_c + "2c"), base_b + "2c")
        out = width * 4
    else:
        y = relu(batch_norm(src, conv2d(src, x, width, 1 if projection else 3, stride, "valid" if projection else "same", name=base_c + "2a"), base_b + "2a"))
        y = batch_norm(src, conv2d(src, y, width, 3, name=base_c + "2b"), base_b + "2b")
        out = width
    if projection:
        shortcut = batch_norm(src, conv2d(src, x, out, 1, stride, "valid", name=base_c + "1"), base_b + "1")
    return relu(_se(src, y) + shortcut)


def msmla(src, x, classes=17, widths=(16, 32, 64), depths=(2, 2, 2), bottleneck=False):
    """MSMLA-18/50 as released: multi-scale stem, CBAM on the stem and after each stage's first block, SE residual
    blocks named res{stage}{block}_branch*, classifier fc{classes} on the concatenated pooled features. Returns logits."""
    x = np.concatenate([conv2d(src, x, 16, 5), conv2d(src, x, 32, 3), conv2d(src, x, 16, 1)], axis=-1)
    pooled = [gap(_cbam(src, x))]
    for s, (w, d) in enumerate(zip(widths, depths)):
        for b in range(d):
            x = _block(src, x, w, s + 2, "abcdefghijklmnopqrstuvwxyz"[b], 1 if s == 0 or b > 0 else 2, b == 0, bottleneck)
            if b == 0:
                pooled.append(gap(_cbam(src, x)))
    features = np.concatenate([gap(x)] + pooled, axis=-1)
    return dense(src, features, classes, name=f"fc{classes}")


MODELS = {"sen2lcz_mf": lambda src, x, **k: sen2lcz(src, x, fusion=True, **k),
          "sen2lcz": lambda src, x, **k: sen2lcz(src, x, fusion=False, **k),
          "cnn": rosentreter_cnn,
          "msmla18": lambda src, x, **k: msmla(src, x, bottleneck=False, **k),
          "msmla50": lambda src, x, **k: msmla(src, x, depths=(3, 4, 6), bottleneck=True, **k)}
