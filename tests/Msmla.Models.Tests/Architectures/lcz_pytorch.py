"""PyTorch twins of Msmla's LCZ networks, written from docs/models.md independently of the C# code.

Module names equal the TorchSharp weight keys, so ``load_state_dict(strict=True)`` checks every key and shape.
Used by the parity tests (tests/Msmla.Models.Tests/Architectures) and by the model benchmark
(benchmarks/Msmla.Benchmarks.Models). ``build(architecture, options)`` takes the architecture name and the
resolved LczModelOptions as a dict (PascalCase keys, as System.Text.Json writes them).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv(cin, cout, k, stride=1, bias=True):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=bias)


def bn(c, eps, momentum):
    return nn.BatchNorm2d(c, eps=eps, momentum=1.0 - momentum)


class SE(nn.Module):
    def __init__(self, c, r):
        super().__init__()
        self.fc1 = nn.Linear(c, c // r)
        self.fc2 = nn.Linear(c // r, c)
    def forward(self, x):
        s = x.mean(dim=(2, 3))
        s = torch.sigmoid(self.fc2(F.relu(self.fc1(s))))
        return x * s[:, :, None, None]


class ChannelAttention(nn.Module):
    def __init__(self, c, r, variant):
        super().__init__()
        self.variant = variant
        self.fc1 = nn.Linear(c, c // r)
        self.fc2 = nn.Linear(c // r, c)
        if variant == "Released":
            self.fc3 = nn.Linear(c, c)
    def forward(self, x):
        avg = x.mean(dim=(2, 3))
        if self.variant == "Released":
            a = F.relu(self.fc2(F.relu(self.fc1(avg))))
            b = F.relu(self.fc3(a))
            s = torch.sigmoid(a + b)
        else:
            mx = x.amax(dim=(2, 3))
            mlp = lambda v: self.fc2(F.relu(self.fc1(v)))
            s = torch.sigmoid(mlp(avg) + mlp(mx))
        return x * s[:, :, None, None]


class SpatialAttention(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, k, padding=k // 2, bias=False)
    def forward(self, x):
        d = torch.cat([x.mean(dim=1, keepdim=True), x.amax(dim=1, keepdim=True)], dim=1)
        return x * torch.sigmoid(self.conv(d))


class Cbam(nn.Module):
    def __init__(self, c, o):
        super().__init__()
        self.channel = ChannelAttention(c, o["CbamRatio"], o["Cbam"])
        self.spatial = SpatialAttention(o["CbamKernelSize"])
    def forward(self, x):
        return self.spatial(self.channel(x))


class ConvBn(nn.Module):
    def __init__(self, cin, cout, k, stride, bias, relu, o):
        super().__init__()
        self.conv = conv(cin, cout, k, stride, bias)
        self.bn = bn(cout, o["BatchNormEpsilon"], o["BatchNormMomentum"])
        self.relu = relu
    def forward(self, x):
        y = self.bn(self.conv(x))
        return F.relu(y) if self.relu else y


class SeResidual(nn.Module):
    def __init__(self, cin, c, k1, stride, projection, ratio, bias, o):
        super().__init__()
        eps, mom = o["BatchNormEpsilon"], o["BatchNormMomentum"]
        self.conv1 = conv(cin, c, k1, stride, bias)
        self.bn1 = bn(c, eps, mom)
        self.conv2 = conv(c, c, 3, 1, bias)
        self.bn2 = bn(c, eps, mom)
        self.shortcut = ConvBn(cin, c, 1, stride, bias, False, o) if projection else None
        self.se = SE(c, ratio)
    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.se(self.bn2(self.conv2(y)))
        return F.relu(y + (self.shortcut(x) if self.shortcut is not None else x))


class SeBottleneck(nn.Module):
    def __init__(self, cin, c, stride, projection, ratio, o):
        super().__init__()
        eps, mom = o["BatchNormEpsilon"], o["BatchNormMomentum"]
        self.conv1 = conv(cin, c, 1, stride)
        self.bn1 = bn(c, eps, mom)
        self.conv2 = conv(c, c, 3)
        self.bn2 = bn(c, eps, mom)
        self.conv3 = conv(c, 4 * c, 1)
        self.bn3 = bn(4 * c, eps, mom)
        self.shortcut = ConvBn(cin, 4 * c, 1, stride, True, False, o) if projection else None
        self.se = SE(4 * c, ratio)
    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.se(self.bn3(self.conv3(y)))
        return F.relu(y + (self.shortcut(x) if self.shortcut is not None else x))


class MsmlaStem(nn.Module):
    def __init__(self, o):
        super().__init__()
        b = o["Bands"]
        self.conv5x5 = conv(b, 16, 5)
        self.conv3x3 = conv(b, 32, 3)
        self.conv1x1 = conv(b, 16, 1)
        self.cbam = Cbam(64, o)


class MsmlaStage(nn.Module):
    def __init__(self, cin, width, depth, stride, bottleneck, o):
        super().__init__()
        out = 4 * width if bottleneck else width
        self.names = []
        for i in range(depth):
            first = i == 0
            if bottleneck:
                block = SeBottleneck(cin if first else out, width, stride if first else 1, first, o["SeRatio"], o)
            else:
                block = SeResidual(cin if first else out, width, 1 if first else 3, stride if first else 1, first, o["SeRatio"], True, o)
            setattr(self, "block%d" % i, block)
            if first:
                self.cbam = Cbam(out, o)
        self.depth = depth
        self.out = out


class Msmla(nn.Module):
    def __init__(self, o, bottleneck):
        super().__init__()
        self.stem = MsmlaStem(o)
        cin, head = 64, 64
        self.nstages = len(o["StageWidths"])
        for s, (w, d) in enumerate(zip(o["StageWidths"], o["StageDepths"])):
            stage = MsmlaStage(cin, w, d, 1 if s == 0 else 2, bottleneck, o)
            setattr(self, "stage%d" % (s + 1), stage)
            cin = stage.out
            head += cin
        self.fc = nn.Linear(head + cin, o["Classes"])
        self.p = o["DropoutRate"]
    def forward(self, x):
        x = torch.cat([self.stem.conv5x5(x), self.stem.conv3x3(x), self.stem.conv1x1(x)], dim=1)
        pooled = [self.stem.cbam(x).mean(dim=(2, 3))]
        for s in range(self.nstages):
            stage = getattr(self, "stage%d" % (s + 1))
            for b in range(stage.depth):
                x = getattr(stage, "block%d" % b)(x)
                if b == 0:
                    pooled.append(stage.cbam(x).mean(dim=(2, 3)))
        f = torch.cat([x.mean(dim=(2, 3))] + pooled, dim=1)
        return self.fc(F.dropout(f, self.p, self.training))


class Sen2Block(nn.Module):
    def __init__(self, cin, c, n, o):
        super().__init__()
        self.n = n
        for i in range(n):
            setattr(self, "conv%d" % (i + 1), conv(cin if i == 0 else c, c, 3))
            setattr(self, "bn%d" % (i + 1), bn(c, o["BatchNormEpsilon"], o["BatchNormMomentum"]))
    def forward(self, x):
        for i in range(self.n):
            x = F.relu(getattr(self, "bn%d" % (i + 1))(getattr(self, "conv%d" % (i + 1))(x)))
        return x


class Sen2Lcz(nn.Module):
    def __init__(self, o, fused):
        super().__init__()
        self.fused = fused
        widths, depths = o["StageWidths"], o["StageDepths"]
        self.n = len(widths)
        c = o["Bands"]
        for i, (w, d) in enumerate(zip(widths, depths)):
            setattr(self, "block%d" % (i + 1), Sen2Block(c, w, d, o))
            c = w
            if i < self.n - 1:
                c *= 2
                if fused:
                    setattr(self, "fusion%d" % (i + 1), nn.Linear(c, o["Classes"]))
        self.classifier = nn.Linear(c, o["Classes"])
        self.p = o["DropoutRate"]
    def forward(self, x):
        probs = []
        for i in range(self.n):
            x = getattr(self, "block%d" % (i + 1))(x)
            if i == self.n - 1:
                break
            x = torch.cat([F.max_pool2d(x, 2), F.avg_pool2d(x, 2)], dim=1)
            if i > 0:
                x = F.dropout(x, self.p, self.training)
            if self.fused:
                probs.append(F.softmax(getattr(self, "fusion%d" % (i + 1))(x.mean(dim=(2, 3))), dim=1))
        logits = self.classifier(x.mean(dim=(2, 3)))
        if not self.fused:
            return logits
        return torch.stack([F.softmax(logits, dim=1)] + probs).mean(dim=0)


class Cnn(nn.Module):
    def __init__(self, o):
        super().__init__()
        c, s = o["Bands"], o["PatchSize"]
        self.n = len(o["StageWidths"])
        for i, w in enumerate(o["StageWidths"]):
            setattr(self, "stage%d" % (i + 1), ConvBn(c, w, 3, 1, True, True, o))
            c, s = w, s // 2
        self.fc1 = nn.Linear(c * s * s, o["DenseUnits"])
        self.fc2 = nn.Linear(o["DenseUnits"], o["Classes"])
        self.p = o["DropoutRate"]
    def forward(self, x):
        for i in range(self.n):
            x = F.max_pool2d(getattr(self, "stage%d" % (i + 1))(x), 2)
        h = F.dropout(F.relu(self.fc1(torch.flatten(x, 1))), self.p, self.training)
        return self.fc2(h)


class LczNetRecon(nn.Module):
    def __init__(self, o):
        super().__init__()
        widths, depths = o["StageWidths"], o["StageDepths"]
        self.stem = ConvBn(o["Bands"], widths[0], 3, 1, False, True, o)
        c = widths[0]
        self.n = len(widths)
        for i, (w, d) in enumerate(zip(widths, depths)):
            stage = nn.Sequential()
            for j in range(d):
                stride = 2 if j == 0 and i > 0 else 1
                stage.add_module("block%d" % j, SeResidual(c, w, 3, stride, stride != 1 or c != w, o["SeRatio"], False, o))
                c = w
            setattr(self, "stage%d" % (i + 1), stage)
        self.fc = nn.Linear(c, o["Classes"])
        self.p = o["DropoutRate"]
    def forward(self, x):
        x = self.stem(x)
        for i in range(self.n):
            x = getattr(self, "stage%d" % (i + 1))(x)
        return self.fc(F.dropout(x.mean(dim=(2, 3)), self.p, self.training))


def build(arch, o):
    if arch in ("Msmla18", "Msmla50"):
        return Msmla(o, arch == "Msmla50")
    if arch in ("Sen2LczNet", "Sen2LczNetMf"):
        return Sen2Lcz(o, arch == "Sen2LczNetMf")
    if arch == "RosentreterCnn":
        return Cnn(o)
    if arch == "LczNet":
        return LczNetRecon(o)
    raise ValueError(arch)
