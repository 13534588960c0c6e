"""PyTorch training a preset's recipe for cnn-workbench's time-to-accuracy bench.

Reads one JSON request on stdin: the network (as src-main/bench/engines/peerLayers.ts
resolves it), the recipe (cnn-workbench's Hyperparameters), the per-channel
normalisation, and raw uint8 files of the training and test images (N×C×H×W)
and labels. Trains on CPU with the given threads and, after every epoch,
evaluates the whole test set; writes one JSON object a line to stdout:
    {"type": "epoch", "epoch": 1, "seconds": 41.2, "testAccuracy": 0.9871, "trainLoss": 0.31}
"seconds" is wall clock since the model was built, evaluation included.

The recipe as PyTorch spells it: SGD with (Nesterov) momentum or the report's
rule m <- mu*m + (1-mu)*g, w <- w - lr*(m + lambda*w); weight decay on conv and
dense weights only (as cnn-workbench decays them); the learning rate set every
step by the same schedule formulas as common/training/schedules.ts; label
smoothing; random crops of zero-padded (or reflected) images, mirror images (coin flips or alternating by epoch) and cutout on the
bytes before normalisation; with testTimeFlip, test images are scored by the mean
class probabilities of the image and its mirror image. Batch norm is PyTorch's own, over the whole batch.
airbench's recipes as airbench writes them: identityInit (dirac_ on the first
filters of every conv whose filters >= its input channels, odd kernels),
freezeBatchNormScale (bn.weight.requires_grad = False), shiftLearningRateFactor
(batch norm biases in a group at that multiple of the learning rate) and
lookahead (its LookaheadState every 5 steps and after the last).
"""

import json
import math
import sys
import time

from pytorch_peer import build_model


def learning_rate(base, schedule, step, steps_per_epoch, total_epochs):
    kind = schedule["kind"]
    total = steps_per_epoch * total_epochs
    if kind == "constant":
        return base
    if kind == "step":
        return base * schedule["gamma"] ** (step // steps_per_epoch // schedule["stepEpochs"])
    if kind == "cosine":
        progress = min(1.0, step / total)
        return schedule["minLr"] + (base - schedule["minLr"]) * (1 + math.cos(math.pi * progress)) / 2
    if kind == "warmupCosine":
        warmup = round(schedule["warmupEpochs"] * steps_per_epoch)
        if step < warmup:
            return base * (step + 1) / warmup
        progress = min(1.0, (step - warmup) / max(1, total - warmup))
        return schedule["minLr"] + (base - schedule["minLr"]) * (1 + math.cos(math.pi * progress)) / 2
    if kind == "oneCycle":
        initial = base / schedule["startDivisor"]
        final = initial / schedule["endDivisor"]
        boundary = schedule["rampFraction"] * total - 1
        if step <= boundary:
            start, end, progress = initial, base, step / boundary
        else:
            start, end, progress = base, final, (step - boundary) / (total - 1 - boundary)
        return end + (start - end) * (1 + math.cos(math.pi * progress)) / 2
    raise ValueError(f"schedule {kind!r} is not supported by the time-to-accuracy bench")


class ReportMomentum:
    """The report's rule, which is not PyTorch's SGD: m <- mu*m + (1-mu)*g; w <- w - lr*(m + lambda*w)."""

    def __init__(self, torch, groups, momentum):
        self.torch = torch
        self.groups = groups
        self.momentum = momentum
        self.buffers = {}

    def set_lr(self, lr):
        self.lr = lr

    def zero_grad(self):
        for group in self.groups:
            for p in group["params"]:
                p.grad = None

    def step(self):
        with self.torch.no_grad():
            for group in self.groups:
                for p in group["params"]:
                    m = self.buffers.setdefault(p, self.torch.zeros_like(p))
                    m.mul_(self.momentum).add_(p.grad, alpha=1 - self.momentum)
                    p.sub_(self.lr * group.get("lr_factor", 1) * (m + group["weight_decay"] * p))


def is_batch_norm(torch, module):
    return isinstance(module, (torch.nn.BatchNorm1d, torch.nn.BatchNorm2d))


def optimizer_for(torch, model, recipe):
    decayed, plain, shifts = [], [], []
    for module in model.modules():
        for name, p in module.named_parameters(recurse=False):
            if not p.requires_grad:
                continue
            is_weight = name == "weight" and isinstance(module, (torch.nn.Conv2d, torch.nn.Linear))
            is_shift = name == "bias" and is_batch_norm(torch, module)
            (decayed if is_weight else shifts if is_shift else plain).append(p)
    groups = [{"params": decayed, "weight_decay": recipe["weightDecay"]}, {"params": plain, "weight_decay": 0.0},
              {"params": shifts, "weight_decay": 0.0, "lr_factor": recipe.get("shiftLearningRateFactor", 1)}]
    kind = recipe["optimizer"]
    if kind == "sgdPytorch":
        sgd = torch.optim.SGD(groups, lr=recipe["learningRate"], momentum=recipe["momentum"],
                              nesterov=bool(recipe.get("nesterov")))

        def set_lr(lr):
            for group in sgd.param_groups:
                group["lr"] = lr * group.get("lr_factor", 1)
        sgd.set_lr = set_lr
        return sgd
    if kind == "sgdMomentum" and not recipe.get("nesterov"):
        return ReportMomentum(torch, groups, recipe["momentum"])
    raise ValueError(f"optimizer {kind!r} (nesterov {recipe.get('nesterov')}) is not supported by the time-to-accuracy bench")


def airbench_initialisation(torch, model, recipe):
    """Before the optimizer sees the parameters: the partial identity and the frozen batch norm scale."""
    for module in model.modules():
        if recipe.get("identityInit") and isinstance(module, torch.nn.Conv2d):
            w = module.weight
            if w.size(0) >= w.size(1) and w.size(2) % 2 == 1 and w.size(3) % 2 == 1:
                torch.nn.init.dirac_(w.data[:w.size(1)])
        if recipe.get("freezeBatchNormScale") and is_batch_norm(torch, module):
            module.weight.requires_grad = False


class LookaheadState:
    """airbench's: every float tensor of the state dict lerped towards the network, then copied back into it."""

    def __init__(self, net):
        self.net_ema = {k: v.clone() for k, v in net.state_dict().items()}

    def update(self, torch, net, decay):
        for ema_param, net_param in zip(self.net_ema.values(), net.state_dict().values()):
            if net_param.dtype in (torch.half, torch.float):
                ema_param.lerp_(net_param, 1 - decay)
                net_param.copy_(ema_param)


def augment(torch, images, settings, generator, first_flips, indices, epoch):
    """Crop of the zero-padded (or reflected) bytes, mirror, cutout; images are uint8 N×C×H×W.

    With the alternating flip, `first_flips` holds each training image's coin for the
    first epoch (`epoch` counts from 0); every later epoch mirrors it the other way.
    """
    n, _, height, width = images.shape
    pad = settings.get("cropPadding", 0)
    if pad > 0:
        if settings.get("cropPaddingMode") == "reflect":
            # PyTorch reflects float tensors only; the bytes come back unchanged.
            padded = torch.nn.functional.pad(images.float(), (pad, pad, pad, pad), mode="reflect").to(torch.uint8)
        else:
            padded = torch.nn.functional.pad(images, (pad, pad, pad, pad))
        offsets = torch.randint(0, 2 * pad + 1, (n, 2), generator=generator)
        images = torch.stack([padded[k, :, dy:dy + height, dx:dx + width] for k, (dy, dx) in enumerate(offsets.tolist())])
    if settings.get("horizontalFlip"):
        if settings.get("alternatingFlip"):
            flip = first_flips[indices] ^ (epoch % 2 == 1)
        else:
            flip = torch.rand(n, generator=generator) < 0.5
        images[flip] = images[flip].flip(3)
    return images


def cutout(torch, values, size, generator):
    """Sets a size×size square at a uniform centre to 0 (the channel mean once normalised)."""
    n, _, height, width = values.shape
    centres = torch.stack([torch.randint(0, height, (n,), generator=generator), torch.randint(0, width, (n,), generator=generator)], 1)
    for k, (cy, cx) in enumerate(centres.tolist()):
        top, left = max(0, cy - size // 2), max(0, cx - size // 2)
        values[k, :, top:cy - size // 2 + size, left:cx - size // 2 + size] = 0


def main():
    request = json.loads(sys.stdin.readline())
    import numpy
    import torch
    torch.set_num_threads(request["threads"])
    torch.manual_seed(request["seed"])
    generator = torch.Generator().manual_seed(request["seed"])
    shape = request["network"]["input"]
    image_shape = (shape["channels"], shape["height"], shape["width"])

    def load(name, count):
        images = numpy.fromfile(request["files"][name + "Images"], dtype=numpy.uint8).reshape((count,) + image_shape)
        labels = numpy.fromfile(request["files"][name + "Labels"], dtype=numpy.uint8).astype(numpy.int64)
        return torch.from_numpy(images), torch.from_numpy(labels)

    train_images, train_labels = load("train", request["trainCount"])
    test_images, test_labels = load("test", request["testCount"])
    mean = torch.tensor(request["mean"], dtype=torch.float32).view(1, -1, 1, 1)
    std = torch.tensor(request["std"], dtype=torch.float32).view(1, -1, 1, 1)
    normalise = lambda images: (images.float() / 255 - mean) / std

    recipe = request["recipe"]
    settings = recipe.get("augmentation") or {}
    started = time.perf_counter()
    model = build_model(torch, request["network"])
    airbench_initialisation(torch, model, recipe)
    optimizer = optimizer_for(torch, model, recipe)
    loss_function = torch.nn.CrossEntropyLoss(label_smoothing=recipe.get("labelSmoothing") or 0.0)
    batch = recipe["batchSize"]
    count = train_images.shape[0]
    steps_per_epoch = math.ceil(count / batch)
    total_steps = steps_per_epoch * recipe["epochs"]
    lookahead = LookaheadState(model) if recipe.get("lookahead") else None
    # Drawn only for the alternating flip, so other recipes keep their random stream.
    alternating = settings.get("horizontalFlip") and settings.get("alternatingFlip")
    first_flips = torch.rand(count, generator=generator) < 0.5 if alternating else None
    step = 0
    for epoch in range(1, recipe["epochs"] + 1):
        model.train()
        order = torch.randperm(count, generator=generator)
        loss_sum = 0.0
        for start in range(0, count, batch):
            indices = order[start:start + batch]
            x = normalise(augment(torch, train_images[indices], settings, generator, first_flips, indices, epoch - 1))
            if settings.get("cutoutSize", 0) > 0:
                cutout(torch, x, settings["cutoutSize"], generator)
            optimizer.set_lr(learning_rate(recipe["learningRate"], recipe["schedule"], step, steps_per_epoch, recipe["epochs"]))
            optimizer.zero_grad()
            loss = loss_function(model(x), train_labels[indices])
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(indices)
            step += 1
            if lookahead is not None:
                with torch.no_grad():
                    if step % 5 == 0:
                        lookahead.update(torch, model, 0.95 ** 5 * (step / total_steps) ** 3)
                    if step >= total_steps:
                        lookahead.update(torch, model, 1.0)
        model.eval()
        correct = 0
        with torch.no_grad():
            for start in range(0, test_images.shape[0], 1000):
                x = normalise(test_images[start:start + 1000])
                scores = model(x)
                if recipe.get("testTimeFlip"):
                    # As cnn-workbench's flip averaging: the mean of the class probabilities of the image and its mirror image.
                    scores = torch.softmax(scores, 1) + torch.softmax(model(x.flip(3)), 1)
                correct += (scores.argmax(1) == test_labels[start:start + 1000]).sum().item()
        print(json.dumps({"type": "epoch", "epoch": epoch, "seconds": time.perf_counter() - started,
                          "testAccuracy": correct / test_images.shape[0], "trainLoss": loss_sum / count}), flush=True)
        if request.get("stopAtTarget") and correct / test_images.shape[0] >= request["target"]:
            break


if __name__ == "__main__":
    main()
