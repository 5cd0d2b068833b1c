"""A network HASS did not write: a small torchvision-style CNN (BatchNorm, residual adds) trained in PyTorch on
Fashion-MNIST and exported with torch.onnx.export. Run by OnnxVsPyTorchTest with Debian's /usr/bin/python3.

usage: torch_cnn.py OUT_DIR STEPS EVAL_IMAGES MEAN STD THRESHOLDS_JSON
prints one JSON object: the model file, PyTorch's top-1 count on the first EVAL_IMAGES test images (dense, and
for each [tw, ta] of THRESHOLDS_JSON with the same masks and thresholded ReLUs as the HASS oracle)."""
import gzip, json, sys, time

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

FM = "/usr/share/datasets/fashion-mnist/"


def idx(name):
    with gzip.open(FM + name) as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(magic & 0xff)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


class Block(nn.Module):
    """torchvision's BasicBlock: conv-bn-relu-conv-bn, plus the input, relu."""

    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)) + x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        self.block1 = Block(16)
        self.down = nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False)
        self.bn_down = nn.BatchNorm2d(32)
        self.block2 = Block(32)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn(self.stem(x))), 2)
        x = self.block1(x)
        x = self.block2(F.relu(self.bn_down(self.down(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def fused(model):
    """The eval model with every BatchNorm folded into the conv before it (what the exporter wrote)."""
    from torch.nn.utils.fusion import fuse_conv_bn_eval
    m = Net()
    m.load_state_dict(model.state_dict())
    m.eval()
    m.stem, m.bn = fuse_conv_bn_eval(m.stem, m.bn), nn.Identity()
    m.down, m.bn_down = fuse_conv_bn_eval(m.down, m.bn_down), nn.Identity()
    for b in (m.block1, m.block2):
        b.conv1, b.bn1 = fuse_conv_bn_eval(b.conv1, b.bn1), nn.Identity()
        b.conv2, b.bn2 = fuse_conv_bn_eval(b.conv2, b.bn2), nn.Identity()
    return m


def top1(model, x, y, batch=250):
    with torch.no_grad():
        return sum(int((model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum()) for i in range(0, len(x), batch))


def thresholded(model, tw, ta):
    """HASS's candidate: |w| < tw -> 0 on every conv/linear, input x -> x * (x > ta) on each but the image's."""
    hooks = []
    with torch.no_grad():
        for name, m in model.named_modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                m.weight.mul_((m.weight.abs() >= tw).float())
                if name != "stem" and ta > 0:
                    hooks.append(m.register_forward_pre_hook(lambda mod, inp: (inp[0] * (inp[0] > ta).float(),)))
    return hooks


def main():
    out, steps, n_eval = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    mean, std = float(sys.argv[4]), float(sys.argv[5])
    sets = json.loads(sys.argv[6])
    torch.manual_seed(0)
    torch.set_num_threads(2)
    t0 = time.time()
    xs = torch.from_numpy(idx("train-images-idx3-ubyte.gz")[:20000].copy()).float().div(255).unsqueeze(1)
    ys = torch.from_numpy(idx("train-labels-idx1-ubyte.gz")[:20000].astype(np.int64))
    xs = xs.sub(mean).div(std)   # torchvision's Normalize, in float32
    model = Net()
    opt = torch.optim.Adam(model.parameters(), 3e-3)
    g = torch.Generator().manual_seed(0)
    model.train()
    for _ in range(steps):
        i = torch.randint(0, len(xs), (64,), generator=g)
        loss = F.cross_entropy(model(xs[i]), ys[i])
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    path = out + "/torch_cnn.onnx"
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), path, input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "N"}, "logits": {0: "N"}}, opset_version=13, do_constant_folding=True)
    ops = sorted({n.op_type for n in onnx.load(path).graph.node})
    bn_in_file = "BatchNormalization" in ops
    xt = torch.from_numpy(idx("t10k-images-idx3-ubyte.gz")[:n_eval].copy()).float().div(255).unsqueeze(1).sub(mean).div(std)
    yt = torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz")[:n_eval].astype(np.int64))
    result = {"model": path, "ops": ops, "count": n_eval, "dense": top1(model, xt, yt), "thresholds": []}
    for tw, ta in sets:
        m = Net()
        m.load_state_dict(model.state_dict())
        m.eval()
        m = m if bn_in_file else fused(m)   # mask the weights the file holds
        hooks = thresholded(m, tw, ta)
        result["thresholds"].append({"tw": tw, "ta": ta, "correct": top1(m, xt, yt)})
        for h in hooks:
            h.remove()
    result["seconds"] = time.time() - t0
    print(json.dumps(result))


if __name__ == "__main__":
    main()
