#!/usr/bin/python3
"""PyTorch as a peer for `cnn-workbench bench`.

Run by the bench with the system Python (Debian's python3-torch):

    /usr/bin/python3 pytorch_peer.py --threads 2

It speaks src-main/bench/protocol.ts as JSON lines: one `ready` (or
`unavailable`, when torch cannot be imported) on start, then one reply per
request line on stdin. By hand:

    echo '{"type": "exit"}' | /usr/bin/python3 pytorch_peer.py --threads 2

The network arrives already resolved layer by layer (engines/peerLayers.ts),
so this file only maps each layer onto torch.nn. Warm-up and timing follow
src-main/bench/timing.ts.
"""

import argparse
import json
import sys
import time


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def logit_scale(torch, scale):
    """The loss's logit scale: a module multiplying the logits by a constant."""

    class Scale(torch.nn.Module):
        def forward(self, x):
            return x * scale

    return Scale()


def build_model(torch, network):
    nn = torch.nn
    layers = []
    for layer in network["layers"]:
        kind = layer["kind"]
        if kind == "conv2d":
            conv = nn.Conv2d(layer["inChannels"], layer["filters"], layer["kernelSize"],
                             stride=layer["stride"], padding=layer["padding"])
            if layer.get("fixedWeights"):
                # Patch whitening: filters that are never trained, a bias that is.
                conv.weight.requires_grad_(False)
            layers.append(conv)
        elif kind == "relu":
            layers.append(nn.ReLU())
        elif kind == "maxPool2d":
            layers.append(nn.MaxPool2d(layer["size"], stride=layer["stride"]))
        elif kind == "flatten":
            layers.append(nn.Flatten())
        elif kind == "dense":
            layers.append(nn.Linear(layer["inUnits"], layer["units"]))
        elif kind == "dropout":
            layers.append(nn.Dropout(layer["rate"]))
        elif kind == "batchNorm":
            norm = nn.BatchNorm2d if layer["spatial"] else nn.BatchNorm1d
            layers.append(norm(layer["features"], eps=layer["epsilon"], momentum=layer["momentum"]))
        elif kind == "leakyRelu":
            layers.append(nn.LeakyReLU(layer["slope"]))
        elif kind == "avgPool2d":
            layers.append(nn.AvgPool2d(layer["size"], stride=layer["stride"]))
        elif kind == "globalAvgPool":
            layers.extend([nn.AdaptiveAvgPool2d(1), nn.Flatten()])
        elif kind == "logitScale":
            layers.append(logit_scale(torch, layer["scale"]))
        else:
            raise ValueError(f"layer kind {kind!r} has no PyTorch equivalent here")
    return nn.Sequential(*layers)


def open_session(torch, request):
    network = request["network"]
    shape = network["input"]
    batch = request["batchSize"]
    generator = torch.Generator().manual_seed(request["seed"])
    torch.manual_seed(request["seed"])
    # Random bytes normalised to about zero mean, unit variance: like the other engines' batches.
    pixels = torch.randint(0, 256, (batch, shape["channels"], shape["height"], shape["width"]), generator=generator)
    images = (pixels.float() / 255 - 0.5) / 0.29
    labels = torch.randint(0, network["numClasses"], (batch,), generator=generator)
    model = build_model(torch, network)

    if request["mode"] == "eval":
        model.eval()

        def evaluate():
            with torch.no_grad():
                model(images)

        return evaluate

    model.train()
    settings = request["optimizer"]
    optimizer = torch.optim.SGD(model.parameters(), lr=settings["learningRate"],
                                momentum=settings["momentum"], weight_decay=settings["weightDecay"])
    loss_function = torch.nn.CrossEntropyLoss()

    def train():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_function(model(images), labels)
        loss.backward()
        optimizer.step()

    return train


def warm_up(step, policy):
    begun = time.perf_counter()
    step()
    first = time.perf_counter() - begun
    if first > policy["slowStepSeconds"]:
        return first
    min_steps = max(1, policy["minSteps"] - 1)
    fastest = float("inf")
    steps = 0
    while steps < min_steps or time.perf_counter() - begun < policy["seconds"]:
        step_start = time.perf_counter()
        step()
        fastest = min(fastest, time.perf_counter() - step_start)
        steps += 1
    return fastest


def time_steps(step, steps, warmup_steps, max_seconds):
    for _ in range(warmup_steps):
        step()
    start = time.perf_counter()
    done = 0
    while done < steps:
        step()
        done += 1
        if time.perf_counter() - start > max_seconds:
            break
    return time.perf_counter() - start, done


def serve(torch):
    sessions = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        kind = request["type"]
        if kind == "exit":
            return
        key = (request["net"], request["mode"])
        try:
            if kind == "prepare":
                sessions[key] = open_session(torch, request)
                seconds_per_step = warm_up(sessions[key], request["warmup"])
                reply({"type": "prepared", "secondsPerStep": seconds_per_step})
            elif kind == "measure":
                seconds, steps = time_steps(sessions[key], request["steps"], request["warmupSteps"], request["maxSeconds"])
                reply({"type": "measured", "seconds": seconds, "steps": steps})
            else:
                reply({"type": "error", "message": f"unknown request type {kind!r}"})
        except Exception as error:  # reported to the bench, which names the engine
            reply({"type": "error", "message": f"{type(error).__name__}: {error}"})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--label", default="as installed")
    arguments = parser.parse_args()
    try:
        import torch
    except Exception as error:  # ImportError, or a broken install failing to load its libraries
        reply({"type": "unavailable",
               "reason": f"{sys.executable} cannot import torch ({type(error).__name__}: {error}); "
                         "on Debian: apt-get install python3-torch"})
        return
    torch.set_num_threads(arguments.threads)
    reply({"type": "ready",
           "description": f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, {arguments.label}",
           "threads": torch.get_num_threads(),
           "notes": []})
    serve(torch)


if __name__ == "__main__":
    main()
