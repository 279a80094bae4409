"""PyTorch twins of the Msmla networks, written from shared/docs/models.md (not generated from the C# code), with the
attribute names that make their state_dict keys equal to Msmla's, so that weights move both ways with
model.load_state_dict(..., strict=True). BatchNorm: eps 1e-3, momentum 0.01 (Keras' 0.99)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def bn(c):
    return nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)


class Sen2LczBlock(nn.Module):
    def __init__(self, cin, c, n=4):
        super().__init__()
        self.n = n
        for i in range(1, n + 1):
            setattr(self, f"conv{i}", nn.Conv2d(cin if i == 1 else c, c, 3, padding=1))
            setattr(self, f"bn{i}", bn(c))

    def forward(self, x):
        for i in range(1, self.n + 1):
            x = F.relu(getattr(self, f"bn{i}")(getattr(self, f"conv{i}")(x)))
        return x


class Sen2LczNet(nn.Module):
    """Sen2LCZ-Net(-MF): blocks 16, 32, 64, 128; max+avg pool concat between blocks (dropout 0.2 after blocks 2, 3);
    MF averages the softmax of four GAP -> Linear heads (returns probabilities), otherwise returns logits."""

    def __init__(self, bands=10, classes=17, fused=True, widths=(16, 32, 64, 128)):
        super().__init__()
        self.fused = fused
        self.count = len(widths)
        cin = bands
        for b, w in enumerate(widths, 1):
            setattr(self, f"block{b}", Sen2LczBlock(cin, w))
            cin = w
            if b < len(widths):
                cin = 2 * w
                if fused:
                    setattr(self, f"fusion{b}", nn.Linear(cin, classes))
        self.classifier = nn.Linear(cin, classes)

    def forward(self, x):
        probs = []
        for b in range(1, self.count + 1):
            x = getattr(self, f"block{b}")(x)
            if b == self.count:
                break
            x = torch.cat([F.max_pool2d(x, 2), F.avg_pool2d(x, 2)], 1)
            if b > 1:
                x = F.dropout(x, 0.2, self.training)
            if self.fused:
                probs.append(F.softmax(getattr(self, f"fusion{b}")(x.mean((2, 3))), 1))
        logits = self.classifier(x.mean((2, 3)))
        if not self.fused:
            return logits
        return (F.softmax(logits, 1) + sum(probs)) / (len(probs) + 1)


class ConvBn(nn.Module):
    def __init__(self, cin, cout, k, stride=1, bias=True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, stride, k // 2, bias=bias)
        self.bn = bn(cout)

    def forward(self, x):
        return self.bn(self.conv(x))


class RosentreterCnn(nn.Module):
    """4 x [conv3x3 -> BN -> ReLU -> maxpool2], flatten (C, H, W), Linear 256 -> ReLU -> Linear; logits."""

    def __init__(self, bands=10, classes=17, patch=32, widths=(16, 32, 64, 128), hidden=256):
        super().__init__()
        cin = bands
        for s, w in enumerate(widths, 1):
            setattr(self, f"stage{s}", ConvBn(cin, w, 3))
            cin = w
            patch //= 2
        self.count = len(widths)
        self.fc1 = nn.Linear(cin * patch * patch, hidden)
        self.fc2 = nn.Linear(hidden, classes)

    def forward(self, x):
        for s in range(1, self.count + 1):
            x = F.max_pool2d(F.relu(getattr(self, f"stage{s}")(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


class ChannelAttention(nn.Module):
    """Released CBAM channel attention: a = ReLU(fc2(ReLU(fc1(avg)))), b = ReLU(fc3(a)), x * sigmoid(a + b)."""

    def __init__(self, c, ratio=8):
        super().__init__()
        self.fc1 = nn.Linear(c, c // ratio)
        self.fc2 = nn.Linear(c // ratio, c)
        self.fc3 = nn.Linear(c, c)

    def forward(self, x):
        a = F.relu(self.fc2(F.relu(self.fc1(x.mean((2, 3))))))
        b = F.relu(self.fc3(a))
        return x * torch.sigmoid(a + b)[:, :, None, None]


class SpatialAttention(nn.Module):
    def __init__(self, k=7):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, k, padding=k // 2, bias=False)

    def forward(self, x):
        s = torch.cat([x.mean(1, keepdim=True), x.amax(1, keepdim=True)], 1)
        return x * torch.sigmoid(self.conv(s))


class Cbam(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.channel = ChannelAttention(c)
        self.spatial = SpatialAttention()

    def forward(self, x):
        return self.spatial(self.channel(x))


class Se(nn.Module):
    def __init__(self, c, ratio=8):
        super().__init__()
        self.fc1 = nn.Linear(c, c // ratio)
        self.fc2 = nn.Linear(c // ratio, c)

    def forward(self, x):
        s = torch.sigmoid(self.fc2(F.relu(self.fc1(x.mean((2, 3))))))
        return x * s[:, :, None, None]


class SeBasic(nn.Module):
    """MSMLA-18 blocks: SE-conv = 1x1 stride s, 3x3, projection shortcut; SE-identity = 3x3, 3x3."""

    def __init__(self, cin, c, stride, projection):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, c, 1 if projection else 3, stride, 0 if projection else 1)
        self.bn1 = bn(c)
        self.conv2 = nn.Conv2d(c, c, 3, 1, 1)
        self.bn2 = bn(c)
        self.shortcut = ConvBn(cin, c, 1, stride) if projection else None
        self.se = Se(c)

    def forward(self, x):
        y = self.se(self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))))
        return F.relu(y + (self.shortcut(x) if self.shortcut is not None else x))


class SeBottleneck(nn.Module):
    def __init__(self, cin, c, stride, projection):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, c, 1, stride)
        self.bn1 = bn(c)
        self.conv2 = nn.Conv2d(c, c, 3, 1, 1)
        self.bn2 = bn(c)
        self.conv3 = nn.Conv2d(c, 4 * c, 1)
        self.bn3 = bn(4 * c)
        self.shortcut = ConvBn(cin, 4 * c, 1, stride) if projection else None
        self.se = Se(4 * c)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.se(self.bn3(self.conv3(y)))
        return F.relu(y + (self.shortcut(x) if self.shortcut is not None else x))


class Stem(nn.Module):
    def __init__(self, bands):
        super().__init__()
        self.conv5x5 = nn.Conv2d(bands, 16, 5, padding=2)
        self.conv3x3 = nn.Conv2d(bands, 32, 3, padding=1)
        self.conv1x1 = nn.Conv2d(bands, 16, 1)
        self.cbam = Cbam(64)

    def forward(self, x):
        return torch.cat([self.conv5x5(x), self.conv3x3(x), self.conv1x1(x)], 1)


class Stage(nn.Module):
    def __init__(self, cin, width, depth, stride, bottleneck):
        super().__init__()
        block = SeBottleneck if bottleneck else SeBasic
        out = 4 * width if bottleneck else width
        self.depth = depth
        for b in range(depth):
            setattr(self, f"block{b}", block(cin if b == 0 else out, width, stride if b == 0 else 1, b == 0))
            if b == 0:
                self.cbam = Cbam(out)
        self.out = out


class Msmla(nn.Module):
    """MSMLA-18/50: logits of fc(concat[GAP(final), GAP(CBAM(stem)), GAP(CBAM(stage k first block))])."""

    def __init__(self, bands=10, classes=17, bottleneck=False, widths=(16, 32, 64)):
        super().__init__()
        depths = (3, 4, 6) if bottleneck else (2, 2, 2)
        self.stem = Stem(bands)
        cin, width = 64, 64
        for k, (w, d) in enumerate(zip(widths, depths), 1):
            stage = Stage(cin, w, d, 1 if k == 1 else 2, bottleneck)
            setattr(self, f"stage{k}", stage)
            cin = stage.out
            width += stage.out
        self.count = len(widths)
        self.fc = nn.Linear(width + cin, classes)

    def forward(self, x):
        x = self.stem(x)
        pooled = [self.stem.cbam(x).mean((2, 3))]
        for k in range(1, self.count + 1):
            stage = getattr(self, f"stage{k}")
            for b in range(stage.depth):
                x = getattr(stage, f"block{b}")(x)
                if b == 0:
                    pooled.append(stage.cbam(x).mean((2, 3)))
        return self.fc(torch.cat([x.mean((2, 3))] + pooled, 1))


def create(name, bands=10, classes=17):
    return {"sen2lcz_mf": lambda: Sen2LczNet(bands, classes, fused=True),
            "sen2lcz": lambda: Sen2LczNet(bands, classes, fused=False),
            "cnn": lambda: RosentreterCnn(bands, classes),
            "msmla18": lambda: Msmla(bands, classes, bottleneck=False),
            "msmla50": lambda: Msmla(bands, classes, bottleneck=True)}[name]()
