"""The layers of CNN Workbench that PyTorch does not have as they are.

- GhostBatchNorm: the workbench computes every training batch as chunks of
  16 images and normalises each chunk by its own statistics ("ghost batch
  norm", Hoffer et al. 2017); it updates the running statistics once per
  step from the whole batch (mean and unbiased variance, momentum as
  PyTorch's). train.py runs the network chunk by chunk, so in training this
  layer normalises what it is given and only accumulates the batch's sums;
  update_statistics() folds them in after the optimizer's step. In
  evaluation it is nn.BatchNorm2d/1d with running statistics.
- SeededDropout: inverted dropout whose mask for the image at position p of
  step s's batch comes from the workbench's stream (layer seed, s, p), so the
  same images get the same masks as in the workbench, on any process count.
- Dense (a Linear that reads a feature map flattened, NCHW) and
  GlobalAvgPool (each channel's mean, a vector of channels).
- LogitScale: the workbench's loss may multiply the logits by a constant
  before its softmax (airbench's Mul(1/9)); the scaled scores are the
  network's output.
- PatchWhitening: a convolution whose filters stay as the weight file has
  them (computed by the workbench from the training images); its bias trains.
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from seeded_random import mix_seeds, uniform_draws_many


class GhostBatchNorm(nn.Module):
    def __init__(self, features, momentum=0.1, eps=1e-5):
        super().__init__()
        self.momentum = momentum
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(features))
        self.bias = nn.Parameter(torch.zeros(features))
        self.register_buffer('running_mean', torch.zeros(features))
        self.register_buffer('running_var', torch.ones(features))
        # Σx, Σx² per feature and the value count since the last update_statistics (float64).
        self.register_buffer('batch_sums', torch.zeros(2, features, dtype=torch.float64), persistent=False)
        self.register_buffer('batch_count', torch.zeros((), dtype=torch.float64), persistent=False)

    def forward(self, x):
        if not self.training:
            return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0, self.eps)
        if x.shape[0] == 0:
            # A process with no images this step still joins the gradient exchange (see train.py).
            shape = (1, -1) + (1,) * (x.dim() - 2)
            return x * self.weight.view(shape) + self.bias.view(shape)
        dims = [0] + list(range(2, x.dim()))
        with torch.no_grad():
            values = x.detach().double()
            self.batch_sums[0] += values.sum(dim=dims)
            self.batch_sums[1] += (values * values).sum(dim=dims)
            self.batch_count += x.numel() // x.shape[1]
        return F.batch_norm(x, None, None, self.weight, self.bias, True, 0.0, self.eps)

    @torch.no_grad()
    def update_statistics(self, all_reduce=None):
        """Folds this step's batch into the running statistics; all_reduce sums across processes first."""
        sums = torch.cat([self.batch_sums.flatten(), self.batch_count.view(1)])
        if all_reduce is not None:
            all_reduce(sums)
        features = self.batch_sums.shape[1]
        count = sums[-1].item()
        if count > 0:
            mean = sums[:features] / count
            variance = (sums[features:2 * features] / count - mean * mean).clamp(min=0)
            if count > 1:
                variance = variance * (count / (count - 1))
            m = self.momentum
            self.running_mean.copy_(((1 - m) * self.running_mean.double() + m * mean).float())
            self.running_var.copy_(((1 - m) * self.running_var.double() + m * variance).float())
        self.batch_sums.zero_()
        self.batch_count.zero_()


class SeededDropout(nn.Module):
    """Inverted dropout with the workbench's masks; `place` is (step, position of the first image in the step's batch)."""

    def __init__(self, rate, layer_seed):
        super().__init__()
        self.rate = rate
        self.layer_seed = layer_seed
        # The workbench keeps 1/(1 − rate) in a float32 mask.
        self.keep_scale = float(np.float32(1.0 / (1.0 - rate))) if rate < 1 else 0.0

    def forward(self, x, place=None):
        if not self.training or self.rate == 0 or x.shape[0] == 0:
            return x
        if place is None:
            raise ValueError('SeededDropout needs the batch place (step, first image) in training')
        step, first = place
        size = x[0].numel()
        seeds = [mix_seeds(self.layer_seed, step, first + n) for n in range(x.shape[0])]
        keep = uniform_draws_many(seeds, size) >= self.rate
        mask = torch.from_numpy(np.where(keep, self.keep_scale, 0.0).astype(np.float32)).to(x.device)
        return x * mask.view(x.shape)


class Dense(nn.Linear):
    """y = W·x + b on the input read as one vector per image (NCHW order, as the workbench flattens)."""

    def forward(self, x):
        return super().forward(x.flatten(1))


class PatchWhitening(nn.Conv2d):
    """airbench's whitening stem: a k×k convolution, stride 1, no padding, of 2·C·k² filters.

    The filters are the workbench's, computed from the run's training images
    before its first step and read from the weight file; they are never
    trained (only the bias is), and train.py does not compute them again.
    """

    def __init__(self, in_channels, kernel_size):
        super().__init__(in_channels, 2 * in_channels * kernel_size * kernel_size, kernel_size)
        self.weight.requires_grad_(False)


class GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


class LogitScale(nn.Module):
    def __init__(self, scale):
        super().__init__()
        self.scale = scale

    def forward(self, x):
        return x * self.scale


class WorkbenchNetwork(nn.Module):
    """A sequential network; layer i of the module list is layer i of the workbench architecture."""

    def __init__(self, layers):
        super().__init__()
        self.layers = nn.ModuleList(layers)

    def forward(self, x, place=None):
        for layer in self.layers:
            x = layer(x, place) if isinstance(layer, SeededDropout) else layer(x)
        return x

    def update_batch_norm_statistics(self, all_reduce=None):
        for layer in self.layers:
            if isinstance(layer, GhostBatchNorm):
                layer.update_statistics(all_reduce)
