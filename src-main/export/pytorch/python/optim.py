"""CNN Workbench's optimizers, learning-rate schedules, weight average and
Lookahead, step for step (workers/optim/, common/training/schedules.ts,
workers/training/weightAverage.ts, workers/training/lookahead.ts).

The workbench keeps weights and optimizer state in float32 and computes each
update in float64 before rounding it back, so these classes do the same:
given the same gradients they give the same weights bit for bit. Weight decay
applies to tensors the workbench calls weights (conv and dense weights), not
to biases nor batch norm's scale and shift. A recipe may freeze batch norm's
scale (never stepped) and step its shift at a multiple of the learning rate
(workers/optim/optimizer.ts learningRateFor).
"""

import math

import torch


class WorkbenchOptimizer:
    """Base: `params` is a list of (tensor, name) in the workbench's parameter order, name the workbench's
    (weights, bias, scale, shift); `rates` the recipe's freezeBatchNormScale and shiftLearningRateFactor."""

    def __init__(self, params, weight_decay, rates=None):
        self.params = params
        self.weight_decay = weight_decay
        rates = rates or {}
        self.freeze_scale = bool(rates.get('freezeBatchNormScale', False))
        self.shift_factor = rates.get('shiftLearningRateFactor', 1)
        self.step_count = 0

    def decay_of(self, name):
        return self.weight_decay if name == 'weights' else 0.0

    def rate_of(self, name, lr):
        """The learning rate of a parameter, or None when it is not stepped (its state stays as it is)."""
        if name == 'scale' and self.freeze_scale:
            return None
        if name == 'shift':
            return lr * self.shift_factor
        return lr

    @torch.no_grad()
    def step(self, lr):
        for index, (param, name) in enumerate(self.params):
            rate = self.rate_of(name, lr)
            if param.grad is None or rate is None:
                continue
            w = param.double()
            g = param.grad.double()
            param.copy_(self.update(index, w, g, self.decay_of(name), rate).float())
        self.step_count += 1

    def zero_grad(self):
        for param, _ in self.params:
            param.grad = None


class Sgd(WorkbenchOptimizer):
    """w ← w − lr·(g + λw)."""

    def update(self, index, w, g, decay, lr):
        return w - lr * (g + decay * w)


class SgdMomentum(WorkbenchOptimizer):
    """The report's rule: m ← μm + (1−μ)g; w ← w − lr(m + λw). Nesterov: w ← w − lr(μm + (1−μ)g + λw)."""

    def __init__(self, params, weight_decay, momentum, nesterov, rates=None):
        super().__init__(params, weight_decay, rates)
        self.momentum = momentum
        self.nesterov = nesterov
        self.buffers = [torch.zeros_like(p) for p, _ in params]

    def update(self, index, w, g, decay, lr):
        mu = self.momentum
        m = (mu * self.buffers[index].double() + (1 - mu) * g).float()
        self.buffers[index] = m
        if self.nesterov:
            return w - lr * (mu * m.double() + (1 - mu) * g + decay * w)
        return w - lr * (m.double() + decay * w)


class SgdPytorch(WorkbenchOptimizer):
    """torch.optim.SGD's rule (dampening 0): d = g + λw; b ← μb + d; w ← w − lr·b (Nesterov: w − lr(d + μb))."""

    def __init__(self, params, weight_decay, momentum, nesterov, rates=None):
        super().__init__(params, weight_decay, rates)
        self.momentum = momentum
        self.nesterov = nesterov
        self.buffers = [torch.zeros_like(p) for p, _ in params]

    def update(self, index, w, g, decay, lr):
        d = g + decay * w
        b = (self.momentum * self.buffers[index].double() + d).float()
        self.buffers[index] = b
        if self.nesterov:
            return w - lr * (d + self.momentum * b.double())
        return w - lr * b.double()


class AdamW(WorkbenchOptimizer):
    """The workbench's adam: bias-corrected moments, decay decoupled as torch.optim.AdamW (β1 is the run's momentum)."""

    def __init__(self, params, weight_decay, beta1, beta2=0.999, epsilon=1e-8, rates=None):
        super().__init__(params, weight_decay, rates)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.m = [torch.zeros_like(p) for p, _ in params]
        self.v = [torch.zeros_like(p) for p, _ in params]

    def update(self, index, w, g, decay, lr):
        b1, b2 = self.beta1, self.beta2
        t = self.step_count + 1
        m = (b1 * self.m[index].double() + (1 - b1) * g).float()
        v = (b2 * self.v[index].double() + (1 - b2) * g * g).float()
        self.m[index], self.v[index] = m, v
        step = m.double() / (1 - b1 ** t) / (torch.sqrt(v.double() / (1 - b2 ** t)) + self.epsilon)
        return w - lr * (step + decay * w)


def create_optimizer(hyperparameters, params):
    kind = hyperparameters['optimizer']
    decay = hyperparameters['weightDecay']
    momentum = hyperparameters['momentum']
    nesterov = bool(hyperparameters.get('nesterov', False))
    rates = {'freezeBatchNormScale': bool(hyperparameters.get('freezeBatchNormScale', False)),
             'shiftLearningRateFactor': hyperparameters.get('shiftLearningRateFactor', 1)}
    if kind == 'sgdMomentum':
        return SgdMomentum(params, decay, momentum, nesterov, rates)
    if kind == 'sgdPytorch':
        return SgdPytorch(params, decay, momentum, nesterov, rates)
    if kind == 'sgd':
        return Sgd(params, decay, rates)
    if kind == 'adam':
        return AdamW(params, decay, momentum, rates=rates)
    raise ValueError('unknown optimizer %r' % kind)


def _cosine_between(start, end, progress):
    return end + (start - end) * (1 + math.cos(math.pi * progress)) / 2


def learning_rate_at(base, schedule, epoch, step, steps_per_epoch, total_epochs):
    """common/training/schedules.ts learningRateAt; epoch and step are 0-based."""
    kind = schedule['kind']
    if kind == 'constant':
        return base
    if kind == 'step':
        return base * schedule['gamma'] ** (epoch // schedule['stepEpochs'])
    if kind == 'cosine':
        progress = min(1.0, (epoch + step / steps_per_epoch) / total_epochs)
        return _cosine_between(base, schedule['minLr'], progress)
    if kind == 'warmupCosine':
        at = epoch * steps_per_epoch + step
        warmup = _round_half_up(schedule['warmupEpochs'] * steps_per_epoch)
        if at < warmup:
            return base * (at + 1) / warmup
        cooling = total_epochs * steps_per_epoch - warmup
        return _cosine_between(base, schedule['minLr'], min(1.0, (at - warmup) / max(1, cooling)))
    if kind == 'oneCycle':
        at = epoch * steps_per_epoch + step
        total = total_epochs * steps_per_epoch
        initial = base / schedule['startDivisor']
        final = initial / schedule['endDivisor']
        ramp_end = schedule['rampFraction'] * total - 1
        if at <= ramp_end:
            return _cosine_between(initial, base, at / ramp_end if ramp_end > 0 else 1)
        span = total - 1 - ramp_end
        return _cosine_between(base, final, min(1.0, (at - ramp_end) / span) if span > 0 else 1)
    raise ValueError('unknown learning-rate schedule %r' % kind)


def _round_half_up(x):
    """JavaScript's Math.round."""
    return int(math.floor(x + 0.5))


class WeightAverage:
    """e ← d_t·e + (1 − d_t)·w after every step, d_t = min(d, (1 + t)/(10 + t)), over every tensor (statistics too)."""

    def __init__(self, decay, tensors):
        self.decay = decay
        self.updates = 0
        self.values = [t.detach().clone().float() for t in tensors]

    @torch.no_grad()
    def update(self, tensors):
        d = min(self.decay, (1 + self.updates) / (10 + self.updates))
        for e, w in zip(self.values, tensors):
            e.copy_((d * e.double() + (1 - d) * w.double()).float())
        self.updates += 1


class Lookahead:
    """workers/training/lookahead.ts: a float32 slow copy of every tensor (statistics too), from the starting weights.
    After step t of T (1-based over the run): every 5th, slow <- slow + (1 - a_t)(w - slow) and w <- slow with
    a_t = 0.95^5 (t/T)^3; after the last, w <- slow."""

    EVERY = 5

    def __init__(self, tensors, total_steps):
        self.total_steps = total_steps
        self.values = [t.detach().clone().float() for t in tensors]

    @staticmethod
    def decay(step, total_steps):
        progress = step / total_steps
        # Products, not powers, so the bits are the engine's.
        return 0.95 * 0.95 * 0.95 * 0.95 * 0.95 * (progress * progress * progress)

    @torch.no_grad()
    def after_step(self, step, tensors):
        if step % self.EVERY == 0:
            keep = self.decay(step, self.total_steps)
            for s, w in zip(self.values, tensors):
                s.copy_((s.double() + (1 - keep) * (w.double() - s.double())).float())
        elif step < self.total_steps:
            return
        for s, w in zip(self.values, tensors):
            w.copy_(s)
