"""PyTorch twin of the HASS accuracy oracle, for the throughput comparison in src/bench/oracle-bench.sh.

Per candidate it does what dev.hass.oracle.DjlAccuracyOracle.evaluateUncached does with 0 fine-tune steps:
restore the trained weights, apply the weight masks (|w| < tau_w -> 0) and input-activation thresholds
(x <= tau_a -> 0 on the input of every prunable layer but the first), score top-1 on the first EVAL validation
images, then run the calibration images again and collect, per prunable layer, weight / activation / product
sparsity and for conv layers the window zero-product histogram (dev.hass.sparsity.WindowHistogram: per
(filter, window, input channel) product set, a product is zero if the activation is zero - padding counts - or
the weight is; row c = fraction of channel c's product sets with exactly j zero products). Same algorithm as
the Java side: K*K <= 12 -> nonzero-pattern code by a depthwise conv + per-channel code table; else a grouped
conv of the nonzero masks. Weights are PyTorch's random init (same shapes), which is enough for speed.

Usage: /usr/bin/python3 oracle_torch.py ARCH CANDIDATES [SPLITS_FILE] [EVAL] [BATCH]
SPLITS_FILE (written by OracleBench) holds the calibration and validation indices into the training file, one
line each, so both sides read the same images.
With CANDIDATES = serve it is the server side of oracle_compare.py, with the protocol of OracleBench's serve
mode: prints "layers NAME:a|- ..." and "ready", then answers "SECONDS ACCURACY" to each candidate line
{"w": {layer: tau_w}, "a": {layer: tau_a}}.
"""
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(0)
DATA = os.environ.get("HASS_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")


def load_train():
    with gzip.open(os.path.join(DATA, "train-images-idx3-ubyte.gz")) as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28).astype(np.float32) / 255.0
    with gzip.open(os.path.join(DATA, "train-labels-idx1-ubyte.gz")) as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


class Tap(nn.Module):
    """Input of one prunable layer: threshold, and hand what the layer reads to the recorder if any."""

    def __init__(self, name):
        super().__init__()
        self.name, self.threshold, self.recorder = name, 0.0, None

    def forward(self, x):
        if self.threshold > 0:
            x = x * (x > self.threshold)
        if self.recorder is not None:
            self.recorder(x)
        return x


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.prunable = []  # (name, tap, layer, conv?)

    def add(self, name, layer):
        tap = Tap(name)
        self.prunable.append((name, tap, layer, isinstance(layer, nn.Conv2d)))
        return nn.Sequential(tap, layer)


class LeNet5(Net):
    def __init__(self):
        super().__init__()
        self.f = nn.Sequential(self.add("conv1", nn.Conv2d(1, 6, 5, padding=2)), nn.ReLU(), nn.MaxPool2d(2),
                               self.add("conv2", nn.Conv2d(6, 16, 5)), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                               self.add("fc1", nn.Linear(400, 120)), nn.ReLU(),
                               self.add("fc2", nn.Linear(120, 84)), nn.ReLU(), self.add("fc3", nn.Linear(84, 10)))

    def forward(self, x):
        return self.f(x)


class Block(nn.Module):
    def __init__(self, net, p, cin, cout, stride):
        super().__init__()
        self.main = nn.Sequential(net.add(p + "_conv1", nn.Conv2d(cin, cout, 3, stride, 1, bias=False)),
                                  nn.BatchNorm2d(cout, eps=1e-5), nn.ReLU(),
                                  net.add(p + "_conv2", nn.Conv2d(cout, cout, 3, 1, 1, bias=False)),
                                  nn.BatchNorm2d(cout, eps=1e-5))
        self.short = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(
            net.add(p + "_shortcut", nn.Conv2d(cin, cout, 1, stride, 0, bias=False)), nn.BatchNorm2d(cout, eps=1e-5))

    def forward(self, x):
        return F.relu(self.main(x) + self.short(x))


class ResNet8(Net):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(self.add("conv1", nn.Conv2d(1, 16, 3, 1, 1, bias=False)), nn.BatchNorm2d(16), nn.ReLU())
        self.l1, self.l2, self.l3 = Block(self, "layer1", 16, 16, 1), Block(self, "layer2", 16, 32, 2), Block(self, "layer3", 32, 64, 2)
        self.fc = self.add("fc", nn.Linear(64, 10))

    def forward(self, x):
        x = self.l3(self.l2(self.l1(self.stem(x))))
        return self.fc(x.mean(dim=(2, 3)))


class ConvHistogram:
    def __init__(self, conv, w):
        self.conv = conv
        f, cg, k, _ = w.shape
        self.c = conv.in_channels
        self.g = conv.groups
        self.k2 = k * k
        self.fg = f // self.g
        self.coded = self.k2 <= 12
        nzw = (w != 0).reshape(self.g, self.fg, cg, self.k2)  # [group, filter in group, channel in group, tap]
        nzw = nzw.permute(0, 2, 1, 3).reshape(self.c, self.fg, self.k2)  # [channel, filter reading it, tap]
        self.weight_zeros, self.weight_values = int((w == 0).sum()), w.numel()
        self.act_zeros = self.act_values = 0
        if self.coded:
            codes = 1 << self.k2
            bits = 1 << torch.arange(self.k2)
            wbits = (nzw.long() * bits).sum(-1)  # [C, fg]
            popcount = ((torch.arange(codes)[:, None] & bits) != 0).sum(-1)
            pop = popcount[torch.arange(codes)[None, None, :] & wbits[:, :, None]]  # [C, fg, codes] nonzero products
            idx = torch.arange(codes) * (self.k2 + 1) + (self.k2 - pop)
            self.table = torch.zeros(self.c, codes * (self.k2 + 1), dtype=torch.float64).scatter_add_(
                1, idx.reshape(self.c, -1), torch.ones(idx.numel() // self.c, dtype=torch.float64).expand(self.c, -1)
            ).view(self.c, codes, self.k2 + 1)
            self.kernel = bits.float().repeat(self.c, 1).reshape(self.c, 1, k, k)
            # the conv's bias adds the channel's offset into the flat count array: the code is the bin index
            self.bias = (torch.arange(self.c) * codes).float()
            self.counts = torch.zeros(self.c * codes, dtype=torch.long)
        else:
            # output c*fg+j = -(nonzero products) + K*K + offset of channel c = the bin index of zero products
            self.kernel = -nzw.float().reshape(self.c * self.fg, 1, k, k)
            self.bias = (self.k2 + torch.arange(self.c).repeat_interleave(self.fg) * (self.k2 + 1)).float()
            self.counts = torch.zeros(self.c * (self.k2 + 1), dtype=torch.long)

    def __call__(self, x):
        nz = (x != 0).float()
        self.act_values += x.numel()
        self.act_zeros += x.numel() - int(nz.sum())
        idx = F.conv2d(nz, self.kernel, self.bias, self.conv.stride, self.conv.padding, 1, self.c).round().long()
        self.counts += torch.bincount(idx.reshape(-1), minlength=self.counts.numel())

    def profile(self):
        if self.coded:
            h = torch.einsum("cn,cnj->cj", self.counts.view(self.c, -1).double(), self.table)
        else:
            h = self.counts.view(self.c, -1).double()
        h = h / h.sum(1, keepdim=True).clamp(min=1)
        prod = float((h * torch.arange(self.k2 + 1)).sum(1).mean() / self.k2)
        return self.weight_zeros / self.weight_values, self.act_zeros / max(1, self.act_values), prod, h.numpy()


class LinearStats:
    def __init__(self, w):
        self.colnz = (w != 0).sum(0).double()
        self.out, self.inn = w.shape
        self.weight_sparsity = float((w == 0).double().mean())
        self.act_zeros = self.act_values = 0
        self.nzp = self.products = 0.0

    def __call__(self, x):
        nz = (x != 0)
        self.act_values += x.numel()
        self.act_zeros += x.numel() - int(nz.sum())
        self.nzp += float(nz.sum(0).double() @ self.colnz)
        self.products += x.shape[0] * self.inn * self.out

    def profile(self):
        return self.weight_sparsity, self.act_zeros / max(1, self.act_values), 1 - self.nzp / max(1, self.products), None


def evaluate(model, trained, tw, ta, val_x, val_y, cal_x, batch):
    model.load_state_dict(trained)  # restore the base weights (a copy in memory)
    with torch.no_grad():
        for name, tap, layer, _ in model.prunable:
            w = layer.weight
            w.mul_(w.abs() >= tw[name])
            tap.threshold = ta.get(name, 0.0)
        correct = 0
        for s in range(0, len(val_x), batch):
            correct += int((model(val_x[s:s + batch]).argmax(1) == val_y[s:s + batch]).sum())
        stats = {}
        for name, tap, layer, conv in model.prunable:
            stats[name] = ConvHistogram(layer, layer.weight) if conv else LinearStats(layer.weight)
            tap.recorder = stats[name]
        for s in range(0, len(cal_x), batch):
            model(cal_x[s:s + batch])
        for _, tap, _, _ in model.prunable:
            tap.recorder = None
    return correct / len(val_x), {n: st.profile() for n, st in stats.items()}


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


def serve(model, trained, val_x, val_y, cal_x, batch):
    print("layers " + " ".join("%s:%s" % (name, "a" if j > 0 else "-") for j, (name, _, _, _) in enumerate(model.prunable)))
    print("ready", flush=True)
    for line in sys.stdin:
        if not line.strip():
            break
        c = json.loads(line)
        tw = {name: c["w"].get(name, 0.0) for name, _, _, _ in model.prunable}
        t0 = time.perf_counter()
        acc, _ = evaluate(model, trained, tw, c["a"], val_x, val_y, cal_x, batch)
        print("%.6f %.4f" % (time.perf_counter() - t0, acc), flush=True)


def main():
    arch = sys.argv[1]
    n = -1 if sys.argv[2] == "serve" else int(sys.argv[2])
    splits = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] != "-" else None
    evaln = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    batch = int(sys.argv[5]) if len(sys.argv) > 5 else 128
    x, y = load_train()
    if splits:
        with open(splits) as f:
            cal = [int(v) for v in f.readline().split()]
            val = [int(v) for v in f.readline().split()]
    else:  # seeded stand-in for dev.hass.nn.Splits
        perm = np.random.RandomState(0).permutation(len(x))
        cal, val = perm[:1000].tolist(), perm[1000:3000].tolist()
    cal_x = x[cal].contiguous()
    val_x, val_y = x[val[:evaln]].contiguous(), y[val[:evaln]].contiguous()
    model = {"lenet5": LeNet5, "resnet8": ResNet8}[arch]().eval()
    trained = {k: v.clone() for k, v in model.state_dict().items()}
    if n < 0:
        serve(model, trained, val_x, val_y, cal_x, batch)
        return
    rnd = np.random.RandomState(1)
    secs = []
    for i in range(n):
        tw, ta = {}, {}
        for j, (name, _, _, _) in enumerate(model.prunable):
            tw[name] = round(rnd.random_sample() * 100) / 1000.0
            if j > 0:
                ta[name] = round(rnd.random_sample() * 50) / 100.0
        t0 = time.perf_counter()
        acc, prof = evaluate(model, trained, tw, ta, val_x, val_y, cal_x, batch)
        secs.append(time.perf_counter() - t0)
        if i == 0 or (i + 1) % 20 == 0 or i == n - 1:
            print("torch candidate %5d: %.3f s, accuracy %.4f, RSS %d MB" % (i + 1, secs[-1], acc, rss_mb()), flush=True)
    s = sorted(secs)
    mean = sum(secs) / n
    print("torch %s: %d candidates: mean %.3f s, median %.3f s per candidate, %.0f images/s (eval %d + calibration %d), "
          "threads %d, torch %s" % (arch, n, mean, s[n // 2], (len(val_x) + len(cal_x)) / mean, len(val_x), len(cal_x),
                                    torch.get_num_threads(), torch.__version__))


if __name__ == "__main__":
    main()
