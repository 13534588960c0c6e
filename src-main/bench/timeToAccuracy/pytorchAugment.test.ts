// The PyTorch peer's augmentation (pytorch_time_to_accuracy.py) does what the
// engine's recipe settings say: the alternating flip mirrors each image the
// other way every epoch, and reflected crops show the image mirrored at its
// border; airbench's identity, frozen scale, shift rate and Lookahead act as
// airbench writes them. Run by Debian's python3-torch (.ci/run installs it), skipped with the
// reason where it is missing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { PYTHON, pytorchMissing } from '../../testing/systemPython.js';
import { scriptPath } from './pytorchEngine.js';

const CHECKS = `
import sys, numpy, torch
sys.path.insert(0, sys.argv[1])
from pytorch_time_to_accuracy import augment
generator = torch.Generator().manual_seed(5)
images = torch.randint(0, 256, (6, 3, 5, 7), generator=generator, dtype=torch.uint8)
indices = torch.tensor([4, 0, 2, 5, 1, 3])

# Alternating flip: a coin per image for the first epoch, the other way each later one.
settings = {"horizontalFlip": True, "alternatingFlip": True}
first_flips = torch.rand(6, generator=generator) < 0.5
epochs = [augment(torch, images[indices].clone(), settings, generator, first_flips, indices, epoch) for epoch in range(3)]
assert torch.equal(epochs[1], epochs[0].flip(3)), "epoch 1 mirrors epoch 0"
assert torch.equal(epochs[2], epochs[0]), "epoch 2 is epoch 0 again"
for k, index in enumerate(indices.tolist()):
    expected = images[index].flip(2) if first_flips[index] else images[index]
    assert torch.equal(epochs[0][k], expected), f"image {index}: its own coin"

# Reflected crops: each is one of the crops of the image padded by numpy's reflection.
settings = {"cropPadding": 2, "cropPaddingMode": "reflect"}
crops = augment(torch, images.clone(), settings, generator, None, torch.arange(6), 0)
for k in range(6):
    padded = numpy.pad(images[k].numpy(), ((0, 0), (2, 2), (2, 2)), mode="reflect")
    windows = [padded[:, dy:dy + 5, dx:dx + 7] for dy in range(5) for dx in range(5)]
    assert any(numpy.array_equal(crops[k].numpy(), window) for window in windows), f"crop {k} is a window of the reflected image"
black = augment(torch, images.clone(), {"cropPadding": 2}, torch.Generator().manual_seed(9), None, torch.arange(6), 0)
reflected = augment(torch, images.clone(), settings, torch.Generator().manual_seed(9), None, torch.arange(6), 0)
assert (black == 0).sum() > (reflected == 0).sum(), "black padding shows zeros that reflection does not"
print("ok")
`;

const missing = pytorchMissing();

test('the PyTorch peer alternates flips by epoch and crops reflected images as the recipe says', { skip: missing ?? false }, () => {
  const result = spawnSync(PYTHON, ['-c', CHECKS, dirname(scriptPath())], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'ok');
});

const AIRBENCH_CHECKS = `
import sys, torch
sys.path.insert(0, sys.argv[1])
from pytorch_time_to_accuracy import LookaheadState, airbench_initialisation, optimizer_for
torch.manual_seed(3)
nn = torch.nn
model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 4, 3), nn.Conv2d(4, 4, 2), nn.Flatten())
drawn = [m.weight.detach().clone() for m in (model[0], model[3], model[4])]
recipe = {"identityInit": True, "freezeBatchNormScale": True, "shiftLearningRateFactor": 64, "optimizer": "sgdPytorch",
          "learningRate": 0.1, "momentum": 0.9, "weightDecay": 0.0}
airbench_initialisation(torch, model, recipe)
w = model[0].weight.detach().clone()
assert torch.equal(w[:3], torch.nn.init.dirac_(torch.empty(3, 3, 3, 3))), "the first 3 filters are the identity"
assert torch.equal(w[3:], drawn[0][3:]), "the others keep their drawn values"
assert torch.equal(model[3].weight, drawn[1]) and torch.equal(model[4].weight, drawn[2]), "fewer filters than inputs, or an even kernel: as drawn"

optimizer = optimizer_for(torch, model, recipe)
optimizer.set_lr(0.1)
rates = sorted(group["lr"] for group in optimizer.param_groups)
assert rates == [0.1, 0.1, 6.4], rates
lookahead = LookaheadState(model)
shift_before = model[1].bias.detach().clone()
model(torch.randn(2, 3, 6, 6)).sum().backward()
optimizer.step()
assert torch.equal(model[1].weight.detach(), torch.ones(8)), "the scale stays 1"
assert not torch.equal(model[1].bias.detach(), shift_before), "the shift moves"
stepped = model[0].weight.detach().clone()
lookahead.update(torch, model, 0.75)
assert torch.allclose(model[0].weight, w + 0.25 * (stepped - w)), "a quarter of the way from the slow copy to the weights"
assert torch.equal(lookahead.net_ema["0.weight"], model[0].weight), "and the weights are the slow copy"
print("ok")
`;

test('the PyTorch peer sets the partial identity, freezes the scale, scales the shift’s rate and looks ahead as airbench does', { skip: missing ?? false }, () => {
  const result = spawnSync(PYTHON, ['-c', AIRBENCH_CHECKS, dirname(scriptPath())], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'ok');
});
